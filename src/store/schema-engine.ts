/**
 * Prisma's own schema engine, compiled to WebAssembly, driven through the better-sqlite3 driver
 * adapter: `migrate deploy` and `migrate dev` without the native engine binary, which cannot be
 * downloaded here or on an air-gapped server. See the engineering guide, section 4.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { ROOT } from '../paths.js';

// From the repository root, so the same paths hold under tsx (src/store/) and compiled (dist/src/store/).
export const SCHEMA_PATH = join(ROOT, 'prisma/schema.prisma');
export const MIGRATIONS_DIR = join(ROOT, 'prisma/migrations/');

interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<unknown>;
}

let wasmReady: Promise<void> | undefined;
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(join(dirname(gluePath), 'schema_engine_bg.wasm'));
    // Instantiated by hand so no --experimental-wasm-modules flag is needed.
    const { instance } = (await (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue })) as { instance: { exports: Record<string, unknown> } };
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
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

/** Opens the engine on one SQLite file; always `close()` it before the app opens the same file. */
export async function openSchemaEngine(dbPath: string, migrationsDir = MIGRATIONS_DIR): Promise<EngineSession> {
  await loadWasm();
  const schemaText = await readFile(SCHEMA_PATH, 'utf8');
  const opened: SqlDriverAdapter[] = [];
  const factory = scriptTolerant(new PrismaBetterSqlite3({ url: dbPath }, { timestampFormat: 'unixepoch-ms' }), opened);
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
    engine = await glue.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schemaText]] }, () => {}, bound);
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
      engine.free();
      await closeAdapters();
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
