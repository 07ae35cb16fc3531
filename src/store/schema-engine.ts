/**
 * Prisma's own schema engine, compiled to WebAssembly, driven through the better-sqlite3 or pg
 * driver adapter: `migrate deploy` and `migrate dev` without the native engine binary, which cannot
 * be downloaded here or on an air-gapped server. See the engineering guide, section 4.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { ROOT } from '../paths.js';
import type { StoreTarget } from './database-url.js';
import { PG_MIGRATIONS_DIR, PG_SCHEMA_PATH } from './postgres-schema.js';

// From the repository root, so the same paths hold under tsx (src/store/) and compiled (dist/src/store/).
export const SCHEMA_PATH = join(ROOT, 'prisma/schema.prisma');
export const MIGRATIONS_DIR = join(ROOT, 'prisma/migrations/');

/** Each provider's schema and migrations folder (Prisma 7: one provider per schema). */
export const schemaFiles = (provider: StoreTarget['provider']) =>
  provider === 'sqlite' ? { schema: SCHEMA_PATH, migrations: MIGRATIONS_DIR } : { schema: PG_SCHEMA_PATH, migrations: PG_MIGRATIONS_DIR };

/** PostgreSQL's one-byte "char" type (OID 18). */
const PG_CHAR = 18;
const PG_TEXT = 25;

/**
 * The engine reads PostgreSQL's catalogs to compare a replayed migrations folder with the schema,
 * and their "char" columns (relkind, contype, ...) are a type adapter-pg 7.10 refuses to read
 * ("Column type 'char' could not be deserialized"). pg returns them as strings; call them text.
 */
function charAsText(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const io = adapter as unknown as { performIO: (q: unknown) => Promise<{ fields: { dataTypeID: number }[] }> };
  const performIO = io.performIO.bind(adapter);
  io.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
    return result;
  };
  return adapter;
}

async function adapterFactory(target: StoreTarget): Promise<SqlMigrationAwareDriverAdapterFactory> {
  if (target.provider === 'sqlite') return new PrismaBetterSqlite3({ url: target.path }, { timestampFormat: 'unixepoch-ms' });
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const factory = new PrismaPg(target.pool);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => charAsText(await factory.connect()),
    // adapter-pg 7.10 drops its shadow database before closing its own connections to it, which
    // PostgreSQL refuses ("is being accessed by other users"): close first, then drop.
    connectToShadowDb: async () => {
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      const admin = await factory.connect();
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const shadow = charAsText(await new PrismaPg({ ...target.pool, database: name }).connect());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}

interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<unknown>;
}

/**
 * Per process, not per module instance: the engine's JavaScript glue is one shared module, and a
 * second instantiation (this file loaded twice, as test runners do for each project) would swap
 * the WebAssembly memory under engines already open.
 */
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for('quiz.schemaEngine')] ??= { turn: Promise.resolve() }) as { wasm?: Promise<void>; turn: Promise<void> };

function loadWasm(): Promise<void> {
  shared.wasm ??= (async () => {
    // Where the engine reports a Rust panic before it throws (Prisma's CLI sets the same global);
    // without it the panic's own message is lost behind a TypeError.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => console.error(`schema engine panicked: ${message}`) };
    const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(join(dirname(gluePath), 'schema_engine_bg.wasm'));
    // Instantiated by hand so no --experimental-wasm-modules flag is needed.
    const { instance } = (await (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue })) as { instance: { exports: Record<string, unknown> } };
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return shared.wasm;
}

/**
 * The engine replays migrations into a shadow database with `executeRaw`, which better-sqlite3
 * refuses for more than one statement; send those to `executeScript`. Every adapter opened is
 * remembered, because the engine's `free()` leaves the SQLite handle (in EXCLUSIVE locking mode) open.
 */
function scriptTolerant(factory: SqlMigrationAwareDriverAdapterFactory, opened: SqlDriverAdapter[]): SqlMigrationAwareDriverAdapterFactory {
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    opened.push(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      try {
        return await executeRaw(query);
      } catch (err) {
        if (query.args.length === 0 && /more than one statement/i.test(String((err as { cause?: unknown }).cause ?? err) + JSON.stringify(err))) {
          await adapter.executeScript(query.sql);
          return 0;
        }
        throw err;
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
    connectToShadowDb: async () => wrap(await factory.connectToShadowDb()),
  };
}

export interface EngineSession {
  engine: SchemaEngine;
  /** turns the engine's "External error id#N" into the driver's own message */
  explain: (err: unknown) => unknown;
  schemaText: string;
  migrationsList: () => Promise<MigrationList>;
  close: () => Promise<void>;
}

/** Opens the engine on one store; always `close()` it before the app opens the same SQLite file. */
export async function openSchemaEngine(target: StoreTarget, migrationsDir = schemaFiles(target.provider).migrations): Promise<EngineSession> {
  // One session at a time per process: two engines at once in the one WebAssembly instance
  // corrupt each other's memory (seen as a panic with another migration's text as its message).
  const previous = shared.turn;
  let release!: () => void;
  shared.turn = new Promise<void>((resolve) => (release = resolve));
  await previous;
  try {
    return await openSession(target, migrationsDir, release);
  } catch (err) {
    release();
    throw err;
  }
}

async function openSession(target: StoreTarget, migrationsDir: string, release: () => void): Promise<EngineSession> {
  await loadWasm();
  const schemaPath = schemaFiles(target.provider).schema;
  const schemaText = await readFile(schemaPath, 'utf8');
  const opened: SqlDriverAdapter[] = [];
  const factory = scriptTolerant(await adapterFactory(target), opened);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  // Driver errors reach us as "External error id#N"; the registry holds the driver's own message.
  const explain = (err: unknown) => {
    const id = /External error id#(\d+)/.exec(String(err))?.[1];
    const cause = id ? (bound.errorRegistry.consumeError(Number(id))?.error as { message?: string; kind?: string } | undefined) : undefined;
    return cause ? new Error(`${String(err)}: ${cause.message ?? JSON.stringify(cause)}`, { cause: err }) : err;
  };
  const closeAdapters = () => Promise.all(opened.map((a) => a.dispose().catch(() => {})));
  let engine: SchemaEngine;
  try {
    engine = await glue.SchemaEngine.new({ datamodels: [[schemaPath, schemaText]] }, () => {}, bound);
  } catch (err) {
    await closeAdapters();
    throw explain(err);
  }
  return {
    engine,
    explain,
    schemaText,
    migrationsList: () => readMigrationsList(migrationsDir),
    close: async () => {
      try {
        engine.free();
        await closeAdapters();
      } finally {
        release();
      }
    },
  };
}

export async function readMigrationsList(baseDir: string): Promise<MigrationList> {
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const lockPath = join(baseDir, 'migration_lock.toml');
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockPath, 'utf8').catch(() => null) },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (path) => {
        const content = await readFile(join(baseDir, path, 'migration.sql'), 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (err: Error) => ({ tag: 'error' as const, value: err.message }),
        );
        return { path, migrationFile: { path: 'migration.sql', content } };
      }),
    ),
  };
}
