import { randomBytes } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore } from '../../src/store/client.js';
import { PG_TEMPLATE, postgresDatabaseUrl, TEMPLATE_DB, TMP_DIR } from './paths.js';

/** The store this test run is for: the `postgres` project sets TEST_STORE (vitest.config.ts). */
export const STORE: 'sqlite' | 'postgres' = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A fresh copy of the migrated template, never shared: a real SQLite file of this test's own, or
 * a real PostgreSQL database made from the template database on the run's throwaway server.
 */
export async function freshDatabaseUrl(): Promise<string> {
  const name = randomBytes(6).toString('hex');
  if (STORE === 'sqlite') {
    const path = `${TMP_DIR}${name}.db`;
    copyFileSync(TEMPLATE_DB, path);
    return `file:${path}`;
  }
  const server = inject('postgresUrl');
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "t_${name}" TEMPLATE "${PG_TEMPLATE}"`);
  } finally {
    await client.end();
  }
  return postgresDatabaseUrl(server, `t_${name}`);
}

export async function freshStore() {
  return openStore(await freshDatabaseUrl());
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
