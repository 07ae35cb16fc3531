/**
 * `npm run db:migrate -- --name <name>`: creates a migration from prisma/schema.prisma (like
 * `prisma migrate dev`) against the development SQLite file, and the same change for PostgreSQL
 * in prisma/postgresql/ (re-derived from that schema). The schema engine needs a PostgreSQL server
 * to start on: TEST_POSTGRES_URL, or a throwaway one started by test/support/postgres.sh.
 * `npm run db:migrate -- --deploy` only applies pending migrations to DATABASE_URL (like
 * `prisma migrate deploy`), SQLite or PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { ROOT } from '../paths.js';
import { sqlitePathFromUrl, isPostgresUrl } from './database-url.js';
import { applyMigrations, createMigration } from './migrate.js';

const { values } = parseArgs({ options: { name: { type: 'string' }, deploy: { type: 'boolean' } } });
const { DATABASE_URL } = loadConfig();
if (values.deploy) {
  const applied = await applyMigrations(DATABASE_URL);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
} else {
  if (!values.name) {
    console.error('usage: npm run db:migrate -- --name <what-changed>   (or --deploy)');
    process.exit(2);
  }
  if (isPostgresUrl(DATABASE_URL)) {
    console.error('--name writes migrations from a development SQLite file: unset DATABASE_URL (or set a file: URL) and run again.');
    process.exit(2);
  }
  const script = join(ROOT, 'test/support/postgres.sh');
  let cluster: Record<string, string> | undefined;
  let postgresUrl = process.env.TEST_POSTGRES_URL || undefined;
  if (!postgresUrl) {
    cluster = Object.fromEntries(execFileSync('bash', [script, 'start'], { encoding: 'utf8' }).trim().split(' ').map((kv) => kv.split('=') as [string, string]));
    postgresUrl = cluster.TEST_POSTGRES_URL!;
  }
  try {
    const created = await createMigration(sqlitePathFromUrl(DATABASE_URL), values.name, postgresUrl);
    console.log(created ? `created prisma/migrations/${created} and prisma/postgresql/migrations/${created}` : 'the schema has no changes: no migration created');
  } finally {
    if (cluster) execFileSync('bash', [script, 'stop', cluster.TEST_POSTGRES_DIR!]);
  }
}
