import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/client.js';
import { applyMigrations, migrationsMatchSchema } from '../../src/store/migrate.js';
import { derivePostgresSchema, PG_MIGRATIONS_DIR, PG_SCHEMA_PATH } from '../../src/store/postgres-schema.js';
import { MIGRATIONS_DIR, readMigrationsList, SCHEMA_PATH } from '../../src/store/schema-engine.js';
import { TMP_DIR } from '../support/paths.js';

const tmp = (name: string) => `${TMP_DIR}${name}-${process.pid}-${Date.now()}`;

describe('migrations (Prisma schema engine, WebAssembly)', () => {
  it('prisma/migrations produce exactly prisma/schema.prisma', async () => {
    const { match, diff } = await migrationsMatchSchema();
    expect(match, `schema.prisma and the migrations disagree; run npm run db:migrate -- --name <change>\n${diff}`).toBe(true);
  });

  it('prisma/postgresql/schema.prisma is derived from prisma/schema.prisma as it stands, and has its own migrations', async () => {
    const derived = derivePostgresSchema(readFileSync(SCHEMA_PATH, 'utf8'));
    expect(readFileSync(PG_SCHEMA_PATH, 'utf8'), 'run npm run db:migrate -- --name <change> to re-derive it').toBe(derived);
    expect(derived).toMatch(/provider = "postgresql"/);
    expect(derived).not.toMatch(/"sqlite"/);
    expect(readFileSync(`${PG_MIGRATIONS_DIR}migration_lock.toml`, 'utf8')).toMatch(/provider = "postgresql"/);
    // whether its migrations replay to it is checked against a real server (migrations-postgres.test.ts)
    expect((await readMigrationsList(PG_MIGRATIONS_DIR)).migrationDirectories.length).toBeGreaterThan(0);
  });

  it('applies every migration to a new file once, recording them as the Prisma CLI does', async () => {
    const path = `${tmp('fresh')}.db`;
    const first = await applyMigrations(path);
    expect(first.length).toBeGreaterThan(0);
    expect(await applyMigrations(path)).toEqual([]);
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations').all() as { migration_name: string; checksum: string; finished_at: number }[];
    db.close();
    expect(rows.map((r) => r.migration_name)).toEqual(first);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum) && r.finished_at)).toBe(true);
  });

  it('does not start the schema engine (or take its lock) when nothing is pending: a second process can start beside the first', async () => {
    const path = `${tmp('shared')}.db`;
    await applyMigrations(path);
    const other = new Database(path);
    other.pragma('journal_mode = WAL');
    other.exec('BEGIN IMMEDIATE'); // the first process is mid-write
    try {
      expect(await applyMigrations(path)).toEqual([]);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('refuses a file that is not a SQLite database with the driver’s own message, leaving it as it was', async () => {
    const path = `${tmp('garbage')}.db`;
    const text = 'these are somebody else’s notes, not a database; they must survive. '.repeat(4);
    writeFileSync(path, text);
    await expect(applyMigrations(path)).rejects.toThrow(/file is not a database/);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('stops on a failed migration with Prisma’s own message and keeps the data already there', async () => {
    const dir = `${tmp('migrations')}/`;
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const path = `${tmp('broken')}.db`;
    await applyMigrations(path, dir);
    const { db } = await openStore(`file:${path}`);
    await db.guild.create({ data: { id: '123456789012345678', name: 'Kept' } });
    await db.$disconnect();

    mkdirSync(`${dir}29990101000000_broken`);
    writeFileSync(`${dir}29990101000000_broken/migration.sql`, 'ALTER TABLE "Guild" ADD COLUMN "x" TEXT;\nTHIS IS NOT SQL;\n');
    await expect(applyMigrations(path, dir)).rejects.toThrow(/29990101000000_broken/);

    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT name FROM Guild').all()).toEqual([{ name: 'Kept' }]);
    raw.close();
  });
});
