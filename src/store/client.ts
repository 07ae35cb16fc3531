import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.js';
import { storeTarget, type StoreTarget } from './database-url.js';
import { applyMigrations } from './migrate.js';

/**
 * The store's client. Its types are the SQLite client's; on PostgreSQL the instance is the client
 * generated from the derived schema (the same models), so the app has one set of types.
 */
export type Db = PrismaClient;

export type Provider = StoreTarget['provider'];

const providers = new WeakMap<Db, Provider>();

/** Which database a client talks to: the few statements that differ (locks, upper bounds) ask. */
export const providerOf = (db: Db): Provider => providers.get(db) ?? 'sqlite';

/**
 * Applies pending migrations, then opens Prisma Client on the store. On SQLite the migration
 * engine's handle is closed first (it leaves the file in EXCLUSIVE locking mode while open).
 */
export async function openStore(databaseUrl: string, opts: { migrate?: boolean } = {}): Promise<{ db: Db; applied: string[]; path: string; provider: Provider }> {
  const target = storeTarget(databaseUrl);
  // Tools that only read someone's database (npm run bank:reports) leave its schema alone.
  const applied = opts.migrate === false ? [] : await applyMigrations(databaseUrl);
  if (target.provider === 'postgresql') {
    // Loaded only here: a SQLite deployment never holds the PostgreSQL client and driver in memory.
    const [{ PrismaClient: PgClient }, { PrismaPg }] = await Promise.all([import('../generated/prisma-pg/client.js'), import('@prisma/adapter-pg')]);
    const db = new PgClient({ adapter: new PrismaPg(target.pool) }) as unknown as Db;
    providers.set(db, 'postgresql');
    return { db, applied, path: target.label, provider: target.provider };
  }
  const db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: target.path, timeout: 5000 }, { timestampFormat: 'unixepoch-ms' }) });
  providers.set(db, 'sqlite');
  // WAL lets readers (leaderboards) run beside the writer (answers); NORMAL is durable in WAL mode
  // across process crashes, which is the fault we defend against.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  return { db, applied, path: target.path, provider: target.provider };
}

/**
 * Wraps every query of the store (timing it, or holding it in a test) and keeps what the store
 * knows of the client (its provider). `around` runs each query through `run`.
 */
export function wrapQueries(db: Db, around: (run: () => Promise<unknown>, what: { model?: string; operation: string; args: unknown }) => Promise<unknown>): Db {
  const wrapped = db.$extends({
    query: {
      $allOperations: ({ model, operation, args, query }) => around(() => query(args), { model, operation, args }),
    },
  }) as unknown as Db;
  providers.set(wrapped, providerOf(db));
  return wrapped;
}

/** True when the error is a unique-constraint violation: a normal outcome of a race, not a crash. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && (err as { code: unknown }).code === 'P2002';
}
