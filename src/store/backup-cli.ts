/**
 * `npm run backup -- --out FILE`: a consistent copy of the SQLite database (DATABASE_URL) while the
 * bot runs. `npm run restore -- FILE`: puts a backup in its place, refusing a file that is not a
 * database of this schema and a database that a running bot has open. PostgreSQL: pg_dump and
 * pg_restore (README, Backups).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { BackupError, backupSqlite, restoreSqlite } from './backup.js';
import { isPostgresUrl, sqlitePathFromUrl } from './database-url.js';
import { schemaFiles } from './schema-engine.js';

const restoring = process.argv[2] === 'restore';
const { values, positionals } = parseArgs({ args: process.argv.slice(3), options: { out: { type: 'string' } }, allowPositionals: true });

try {
  const { DATABASE_URL } = loadConfig();
  if (isPostgresUrl(DATABASE_URL)) {
    console.error(`DATABASE_URL is PostgreSQL: use pg_dump (backup) and pg_restore (restore) there; this ${restoring ? 'restore' : 'backup'} is for the SQLite file.`);
    process.exit(2);
  }
  const database = sqlitePathFromUrl(DATABASE_URL);
  if (restoring) {
    const file = positionals[0];
    if (!file || positionals.length > 1) {
      console.error('usage: npm run restore -- FILE');
      process.exit(2);
    }
    const { replaced } = await restoreSqlite(resolve(file), database, schemaFiles('sqlite').migrations);
    console.log(`restored ${file} to ${database}${replaced ? `; the database it replaced is kept as ${replaced}` : ''}`);
  } else {
    if (!values.out || positionals.length) {
      console.error('usage: npm run backup -- --out FILE');
      process.exit(2);
    }
    const { pages } = await backupSqlite(database, resolve(values.out));
    console.log(`backed up ${database} to ${values.out} (${pages} pages)`);
  }
} catch (err) {
  if (!(err instanceof BackupError) && !(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
