/**
 * `npm run db:migrate -- --name <name>`: creates a migration from prisma/schema.prisma (like
 * `prisma migrate dev`) against the development database. `npm run db:migrate -- --deploy` only
 * applies pending migrations (like `prisma migrate deploy`).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { sqlitePathFromUrl } from './database-url.js';
import { applyMigrations, createMigration } from './migrate.js';

const { values } = parseArgs({ options: { name: { type: 'string' }, deploy: { type: 'boolean' } } });
const dbPath = sqlitePathFromUrl(loadConfig().DATABASE_URL);
if (values.deploy) {
  const applied = await applyMigrations(dbPath);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
} else {
  if (!values.name) {
    console.error('usage: npm run db:migrate -- --name <what-changed>   (or --deploy)');
    process.exit(2);
  }
  const created = await createMigration(dbPath, values.name);
  console.log(created ? `created prisma/migrations/${created}` : 'the schema has no changes: no migration created');
}
