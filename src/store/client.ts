import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.js';
import { sqlitePathFromUrl } from './database-url.js';
import { applyMigrations } from './migrate.js';

export type Db = PrismaClient;

/**
 * Applies pending migrations, then opens Prisma Client on the same file. The migration engine's
 * handle is closed first (it leaves SQLite in EXCLUSIVE locking mode while open).
 */
export async function openStore(databaseUrl: string): Promise<{ db: Db; applied: string[]; path: string }> {
  const path = sqlitePathFromUrl(databaseUrl);
  const applied = await applyMigrations(path);
  const db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: path, timeout: 5000 }, { timestampFormat: 'unixepoch-ms' }) });
  // WAL lets readers (leaderboards) run beside the writer (answers); NORMAL is durable in WAL mode
  // across process crashes, which is the fault we defend against.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  return { db, applied, path };
}

/** True when the error is a unique-constraint violation: a normal outcome of a race, not a crash. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && (err as { code: unknown }).code === 'P2002';
}
