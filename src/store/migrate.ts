import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { storeTarget, type StoreTarget } from './database-url.js';
import { derivePostgresSchema, PG_MIGRATIONS_DIR, PG_SCHEMA_PATH } from './postgres-schema.js';
import { MIGRATIONS_DIR, openSchemaEngine, readMigrationsList, schemaFiles, SCHEMA_PATH } from './schema-engine.js';

const filters = { externalTables: [], externalEnums: [] };

type MigrationRow = { name: string; finished: unknown; rolledBack: unknown };

/** Rows of `_prisma_migrations`, or undefined when the store has no such table (or no file) yet. */
async function migrationRows(target: StoreTarget): Promise<MigrationRow[] | undefined> {
  const query = 'SELECT migration_name AS name, finished_at AS finished, rolled_back_at AS "rolledBack" FROM _prisma_migrations';
  if (target.provider === 'postgresql') {
    const { default: pg } = await import('pg');
    const client = new pg.Client(target.pool);
    await client.connect();
    try {
      const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists");
      return rows[0]?.exists ? (await client.query<MigrationRow>(query)).rows : undefined;
    } finally {
      await client.end();
    }
  }
  if (target.path === ':memory:' || !existsSync(target.path)) return undefined;
  const db = new Database(target.path, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    return table ? (db.prepare(query).all() as MigrationRow[]) : undefined;
  } finally {
    db.close();
  }
}

/**
 * True when every migration in the folder is recorded as applied and none has failed: then the
 * schema engine need not start at all. It takes an exclusive lock (so a second process, or a new
 * one starting while the old one shuts down, would time out), costs ~0.4 s and ~40 MB of
 * WebAssembly memory, for nothing.
 */
async function upToDate(target: StoreTarget, migrationsDir: string): Promise<boolean> {
  const rows = await migrationRows(target);
  if (!rows) return false;
  if (rows.some((r) => r.finished === null && r.rolledBack === null)) return false; // a failed one: let Prisma say so
  const folder = (await readMigrationsList(migrationsDir)).migrationDirectories.map((d) => d.path);
  const applied = new Set(rows.filter((r) => r.finished !== null && r.rolledBack === null).map((r) => r.name));
  return folder.every((name) => applied.has(name));
}

/**
 * `prisma migrate deploy`: applies pending migrations; a failed migration throws Prisma's own
 * message. Takes a database URL (SQLite or PostgreSQL) or a SQLite file's path. On PostgreSQL the
 * engine holds an advisory lock while it migrates, so replicas starting together take turns.
 */
export async function applyMigrations(urlOrPath: string, migrationsDir?: string): Promise<string[]> {
  const target = storeTarget(urlOrPath);
  const dir = migrationsDir ?? schemaFiles(target.provider).migrations;
  if (await upToDate(target, dir)) return [];
  const session = await openSchemaEngine(target, dir);
  try {
    const { appliedMigrationNames } = await session.engine.applyMigrations({ migrationsList: await session.migrationsList(), filters });
    return appliedMigrationNames;
  } catch (err) {
    throw session.explain(err);
  } finally {
    await session.close();
  }
}

/**
 * `prisma migrate dev --name`: applies what exists to the development SQLite file, then writes a
 * new migration for the schema's changes; re-derives the PostgreSQL schema and writes the same
 * change for PostgreSQL (a diff from the previous derived schema; the engine only needs a server
 * to start on, `postgresUrl`).
 */
export async function createMigration(dbPath: string, name: string, postgresUrl: string): Promise<string | null> {
  const session = await openSchemaEngine({ provider: 'sqlite', path: dbPath });
  let created: string | null;
  try {
    const migrationsList = await session.migrationsList();
    // Applying first also creates _prisma_migrations on a new file, which devDiagnostic needs.
    await session.engine.applyMigrations({ migrationsList, filters });
    const { action } = await session.engine.devDiagnostic({ migrationsList, filters });
    if (action.tag === 'reset') throw new Error(`The development database must be reset: ${action.reason}. Delete ${dbPath} and run again.`);
    const schema = { files: [{ path: 'schema.prisma', content: session.schemaText }] };
    const loss = await session.engine.evaluateDataLoss({ migrationsList, schema, filters });
    for (const warning of loss.warnings) console.warn(`warning: ${warning.message}`);
    if (loss.unexecutableSteps.length) throw new Error(loss.unexecutableSteps.map((s) => s.message).join('\n'));
    const result = await session.engine.createMigration({ draft: false, migrationName: name, migrationsList, schema, filters });
    created = result.migrationScript ? result.generatedMigrationName : null;
    if (created) {
      await writeMigration(MIGRATIONS_DIR, created, result.migrationScript!, result.connectorType);
      await session.engine.applyMigrations({ migrationsList: await session.migrationsList(), filters });
    }
  } finally {
    await session.close();
  }
  const pgCreated = await derivePostgres(created ?? `${timestamp()}_${name}`, postgresUrl);
  return created ?? pgCreated;
}

async function writeMigration(baseDir: string, folder: string, script: string, provider: string) {
  await mkdir(join(baseDir, folder), { recursive: true });
  await writeFile(join(baseDir, folder, 'migration.sql'), script);
  await writeFile(join(baseDir, 'migration_lock.toml'), `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`);
}

const timestamp = () => new Date().toISOString().replace(/\D/g, '').slice(0, 14);

/**
 * Rewrites prisma/postgresql/schema.prisma from prisma/schema.prisma and, when the models changed,
 * writes the PostgreSQL migration from the previous derived schema to the new one.
 */
export async function derivePostgres(folder: string, postgresUrl: string): Promise<string | null> {
  const next = derivePostgresSchema(await readFile(SCHEMA_PATH, 'utf8'));
  const previous = await readFile(PG_SCHEMA_PATH, 'utf8').catch(() => null);
  await mkdir(PG_MIGRATIONS_DIR, { recursive: true });
  await writeFile(PG_SCHEMA_PATH, next);
  // The engine connects as it starts, though a schema-to-schema diff reads nothing from the server.
  const session = await openSchemaEngine(storeTarget(postgresUrl));
  try {
    const to = { tag: 'schemaDatamodel' as const, files: [{ path: 'schema.prisma', content: next }] };
    const from = previous ? { tag: 'schemaDatamodel' as const, files: [{ path: 'schema.prisma', content: previous }] } : { tag: 'empty' as const };
    const { stdout } = await session.engine.diff({ from, to, script: true, exitCode: false, filters });
    const script = stdout ?? '';
    if (!script.trim() || /^-- This is an empty migration/.test(script.trim())) return null;
    await writeMigration(PG_MIGRATIONS_DIR, folder, script, 'postgresql');
    return folder;
  } finally {
    await session.close();
  }
}

/**
 * True when replaying a provider's migrations folder yields exactly its schema (`migrate diff
 * --exit-code`). SQLite replays into memory; PostgreSQL into a shadow database on `shadowUrl`.
 */
export async function migrationsMatchSchema(shadowUrl = ':memory:'): Promise<{ match: boolean; diff: string }> {
  const session = await openSchemaEngine(storeTarget(shadowUrl));
  try {
    const result = await session.engine.diff({
      from: { tag: 'migrations', ...(await session.migrationsList()) },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: session.schemaText }] },
      script: true,
      exitCode: true,
      filters,
    });
    return { match: result.exitCode === 0, diff: result.stdout ?? '' };
  } catch (err) {
    throw session.explain(err);
  } finally {
    await session.close();
  }
}
