import { execFileSync } from 'node:child_process';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../src/store/migrate.js';
import { PG_TEMPLATE, postgresDatabaseUrl } from './paths.js';

const SCRIPT = new URL('./postgres.sh', import.meta.url).pathname;

/**
 * The PostgreSQL project's server: TEST_POSTGRES_URL when set (.ci/run starts one), else a
 * throwaway cluster started here and removed at the end. One template database is migrated; each
 * test copies it (CREATE DATABASE ... TEMPLATE, ~30 ms) and never shares it.
 */
export default async function setup(project: TestProject) {
  let url = process.env.TEST_POSTGRES_URL;
  let dir: string | undefined;
  if (!url) {
    const started = Object.fromEntries(execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8' }).trim().split(' ').map((kv) => kv.split('=') as [string, string]));
    [url, dir] = [started.TEST_POSTGRES_URL!, started.TEST_POSTGRES_DIR];
    // Also when the run dies before its teardown (a crash in the main process): no server left behind.
    const cluster = dir!;
    process.once('exit', () => execFileSync('bash', [SCRIPT, 'stop', cluster]));
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  // Databases of an earlier run against the same server (TEST_POSTGRES_URL) go first.
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 't\\_%' OR datname = $1", [PG_TEMPLATE]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${PG_TEMPLATE}"`);
  await admin.end();
  await applyMigrations(postgresDatabaseUrl(url, PG_TEMPLATE));
  project.provide('postgresUrl', url);
  return () => {
    if (dir) execFileSync('bash', [SCRIPT, 'stop', dir]);
  };
}
