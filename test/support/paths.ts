import { fileURLToPath } from 'node:url';

export const TMP_DIR = fileURLToPath(new URL('../.tmp/', import.meta.url));
export const TEMPLATE_DB = `${TMP_DIR}template.db`;

/** The name of the migrated template database on the PostgreSQL test server (global-setup-postgres.ts). */
export const PG_TEMPLATE = 'quiz_template';

/** A URL on the test server with another database name. */
export function postgresDatabaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
