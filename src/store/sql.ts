import { Prisma } from '../generated/prisma/client.js';

/**
 * Hand-written statements are Prisma.sql templates, so each database gets its own placeholders
 * ($1 on PostgreSQL, ? on SQLite) and each value its own type: Dates and booleans go in as
 * themselves, and the driver adapter stores them the way Prisma's own queries do.
 */
export const sql = Prisma.sql;
export const raw = Prisma.raw;
export const join = Prisma.join;

/** `(a, b), (c, d)`: rows for an INSERT ... VALUES, parameterised. */
export const valueRows = (rows: readonly (readonly unknown[])[]) => Prisma.join(rows.map((r) => Prisma.sql`(${Prisma.join(r)})`));

/** Rows per statement: at most 10 parameters each, inside SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_STATEMENT = 500;

export function chunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
