import { createHash } from 'node:crypto';
import { existsSync, openSync, readSync, closeSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { readMigrationsList } from './schema-engine.js';

/**
 * SQLite backups while the bot runs, and restores that refuse what would break it. A backup uses
 * SQLite's online backup API (better-sqlite3's `db.backup()`) in one step, that is one read
 * transaction: in WAL mode the bot keeps writing meanwhile, and the copy holds exactly what was
 * committed when it began (every answer acknowledged before then). PostgreSQL has pg_dump.
 */

/** Pages per backup step: all of them, so the copy is one consistent snapshot, not restarted by the bot's writes. */
const ALL_PAGES = 0x7fffffff;

export class BackupError extends Error {}

/** Copies the live database at `source` to `out` (written beside it, then renamed: never half a file). */
export async function backupSqlite(source: string, out: string): Promise<{ pages: number }> {
  if (!existsSync(source)) throw new BackupError(`no database at ${source}`);
  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  const partial = join(dirname(out), `.${process.pid}.backup-partial`);
  try {
    const { totalPages } = await db.backup(partial, { progress: () => ALL_PAGES });
    const problem = checkIntegrity(partial);
    if (problem) throw new BackupError(`the copy failed its integrity check: ${problem}`);
    renameSync(partial, out);
    return { pages: totalPages };
  } finally {
    db.close();
    rmSync(partial, { force: true });
  }
}

function checkIntegrity(path: string): string | undefined {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('quick_check', { simple: true });
    return result === 'ok' ? undefined : String(result);
  } finally {
    db.close();
  }
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Why `path` is not a backup of this bot's database, or undefined when it is one: a SQLite file
 * whose applied migrations are this checkout's, in order, with the same checksums (fewer is fine:
 * the bot applies the rest at start; one this checkout does not have, or a changed one, is not).
 */
export async function whyNotABackup(path: string, migrationsDir: string): Promise<string | undefined> {
  if (!existsSync(path)) return 'no such file';
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== SQLITE_MAGIC) return 'not a SQLite database';
  const integrity = checkIntegrity(path);
  if (integrity) return `damaged (${integrity})`;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  let rows: { migration_name: string; checksum: string }[];
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!hasTable) return 'not a database of this bot (no _prisma_migrations table)';
    rows = db.prepare('SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name').all() as typeof rows;
  } finally {
    db.close();
  }
  const ours = (await readMigrationsList(migrationsDir)).migrationDirectories;
  if (!rows.length) return 'no migration applied: not a database of this bot';
  for (const [i, row] of rows.entries()) {
    const mine = ours[i];
    if (!mine || mine.path !== row.migration_name) return `its migration ${row.migration_name} is not this version's ${mine?.path ?? '(none)'}: a database of another version or another program`;
    if (mine.migrationFile.content.tag !== 'ok') return `prisma/migrations/${mine.path} cannot be read`;
    const checksum = createHash('sha256').update(mine.migrationFile.content.value).digest('hex');
    if (checksum !== row.checksum) return `its migration ${row.migration_name} differs from prisma/migrations/${mine.path} (checksum)`;
  }
  return undefined;
}

/**
 * Whether another connection has the database open (a running bot, or a backup in progress):
 * asking for an exclusive lock at once fails while any connection holds the WAL index, even an
 * idle one, and a process that died holds nothing. The probe changes nothing in the file.
 */
export function inUse(path: string): boolean {
  if (!existsSync(path)) return false;
  const db = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY' || (err as { code?: string }).code === 'SQLITE_LOCKED') return true;
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Replaces the database at `target` with the backup `file`, after checking both: the file must be
 * a backup of this schema, and no process may have the target open. The replaced database is kept
 * beside it as `<target>.replaced-<time>` (its WAL folded in first), never deleted.
 */
export async function restoreSqlite(file: string, target: string, migrationsDir: string, now = new Date()): Promise<{ replaced?: string }> {
  const why = await whyNotABackup(file, migrationsDir);
  if (why) throw new BackupError(`${file} is not a backup of this bot's database: ${why}. Nothing was changed.`);
  if (inUse(target)) throw new BackupError(`${target} is open in another process (a running bot?): stop it first. Nothing was changed.`);
  const staged = join(dirname(target), `.${process.pid}.restore-partial`);
  try {
    // Copied with the backup API too: the backup file may itself be in WAL mode with pages in its WAL.
    const from = new Database(file, { readonly: true, fileMustExist: true });
    try {
      await from.backup(staged, { progress: () => ALL_PAGES });
    } finally {
      from.close();
    }
    let replaced: string | undefined;
    if (existsSync(target)) {
      const old = new Database(target, { fileMustExist: true, timeout: 0 });
      old.pragma('wal_checkpoint(TRUNCATE)');
      old.close();
      replaced = `${target}.replaced-${now.toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, replaced);
    }
    // A WAL or index left beside the old file must not be replayed into the restored one.
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(target + suffix, { force: true });
    renameSync(staged, target);
    return { replaced };
  } finally {
    rmSync(staged, { force: true });
  }
}
