import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { PoolConfig } from 'pg';

/** Where the store lives: a SQLite file (the default) or a PostgreSQL database. */
export type StoreTarget = { provider: 'sqlite'; path: string } | { provider: 'postgresql'; pool: PoolConfig; label: string };

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

/** `file:./data/quiz.db` -> absolute path; creates the folder so a fresh clone starts at once. */
export function sqlitePathFromUrl(url: string): string {
  if (!url.startsWith('file:')) throw new Error(`DATABASE_URL must be a SQLite file: URL or a postgresql:// URL, got ${url.split(':')[0]}:`);
  const raw = url.slice('file:'.length).split('?')[0] ?? '';
  if (raw === ':memory:') return raw;
  const path = resolve(raw);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

/**
 * The connection as separate fields, not a connection string: pg lets a connection string win over
 * every other field, so the schema engine's shadow database (same config, another database name)
 * would otherwise connect to the real one.
 */
function poolConfig(url: string): PoolConfig {
  const u = new URL(url);
  const sslmode = u.searchParams.get('sslmode');
  return {
    host: decodeURIComponent(u.hostname) || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || undefined,
    ssl: sslmode && sslmode !== 'disable' ? { rejectUnauthorized: sslmode === 'verify-full' } : undefined,
    max: Number(u.searchParams.get('connection_limit') ?? 10),
  };
}

/** A database URL (`file:` or `postgresql://`), or a bare SQLite path as the tests and tools pass. */
export function storeTarget(urlOrPath: string): StoreTarget {
  if (isPostgresUrl(urlOrPath)) {
    const pool = poolConfig(urlOrPath);
    // for logs: never the password
    return { provider: 'postgresql', pool, label: `postgresql://${pool.host}:${pool.port}/${pool.database ?? ''}` };
  }
  return { provider: 'sqlite', path: urlOrPath.startsWith('file:') ? sqlitePathFromUrl(urlOrPath) : urlOrPath };
}
