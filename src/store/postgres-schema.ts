/**
 * Prisma 7 takes one provider per schema. prisma/schema.prisma (SQLite) is the one that is edited;
 * prisma/postgresql/schema.prisma is derived from it by `derivePostgresSchema` (written by
 * `npm run db:migrate`, checked by the tests), with its own migrations folder beside it. Its client
 * is generated to src/generated/prisma-pg; the app's types come from the SQLite client, which has
 * the same models.
 */
import { join } from 'node:path';
import { ROOT } from '../paths.js';

export const PG_SCHEMA_PATH = join(ROOT, 'prisma/postgresql/schema.prisma');
export const PG_MIGRATIONS_DIR = join(ROOT, 'prisma/postgresql/migrations/');

const HEADER = '// GENERATED from prisma/schema.prisma by `npm run db:migrate`: edit that file, not this one.\n';

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`prisma/schema.prisma no longer has ${pattern}: update src/store/postgres-schema.ts`);
  return text.replace(pattern, replacement);
}

export function derivePostgresSchema(sqliteSchema: string): string {
  let text = replaceOnce(sqliteSchema, /(datasource db \{\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"');
  text = replaceOnce(text, /output(\s*)=(\s*)"\.\.\/src\/generated\/prisma"/, 'output$1=$2"../../src/generated/prisma-pg"');
  return HEADER + text;
}
