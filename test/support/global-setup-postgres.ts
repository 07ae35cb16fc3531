import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../src/store/migrate.js';
import { PG_TEMPLATE, postgresDatabaseUrl } from './paths.js';
import { startThrowawayCluster } from './scratch-postgres.js';

/**
 * The PostgreSQL project's server: TEST_POSTGRES_URL when set (.ci/run starts one), else a
 * throwaway cluster started here and removed at the end. One template database is migrated; each
 * test copies it (CREATE DATABASE ... TEMPLATE, ~30 ms) and never shares it.
 */
export default async function setup(project: TestProject) {
  const given = process.env.TEST_POSTGRES_URL || undefined; // set but empty counts as unset
  const cluster = given ? undefined : startThrowawayCluster();
  const url = given ?? cluster!.url;
  // Also when the run dies before its teardown (a crash in the main process): no server left behind.
  if (cluster) process.once('exit', () => cluster.stop());
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  // Databases of an earlier run against the same server (TEST_POSTGRES_URL) go first.
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 't\\_%' OR datname = $1", [PG_TEMPLATE]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${PG_TEMPLATE}"`);
  await admin.end();
  await applyMigrations(postgresDatabaseUrl(url, PG_TEMPLATE));
  project.provide('postgresUrl', url);
  return () => cluster?.stop();
}
