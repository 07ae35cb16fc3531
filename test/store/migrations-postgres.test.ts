import { execFile } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { openStore } from '../../src/store/client.js';
import { applyMigrations, migrationsMatchSchema } from '../../src/store/migrate.js';
import { postgresDatabaseUrl } from '../support/paths.js';

/** A new, empty database on the run's PostgreSQL server. */
async function emptyDatabase(): Promise<string> {
  const name = `t_empty_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return postgresDatabaseUrl(inject('postgresUrl'), name);
}

describe('PostgreSQL migrations (Prisma schema engine, WebAssembly, through @prisma/adapter-pg)', () => {
  it('prisma/postgresql/migrations produce exactly prisma/postgresql/schema.prisma (replayed into a shadow database)', async () => {
    const { match, diff } = await migrationsMatchSchema(inject('postgresUrl'));
    expect(match, `the derived schema and its migrations disagree; run npm run db:migrate -- --name <change>\n${diff}`).toBe(true);
  });

  it('applies every migration to a new database once, then starts without the engine', async () => {
    const url = await emptyDatabase();
    const first = await applyMigrations(url);
    expect(first.length).toBeGreaterThan(0);
    expect(await applyMigrations(url)).toEqual([]);
    const { db, applied, provider } = await openStore(url);
    try {
      expect(provider).toBe('postgresql');
      expect(applied).toEqual([]);
      const rows = await db.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>('SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name');
      expect(rows.map((r) => r.migration_name)).toEqual(first);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    } finally {
      await db.$disconnect();
    }
  });

  it('lets replicas that start together migrate once between them (the engine takes an advisory lock)', async () => {
    const url = await emptyDatabase();
    const deploy = () =>
      new Promise<string>((resolve, reject) =>
        execFile('npx', ['tsx', 'src/store/migrate-cli.ts', '--deploy'], { env: { ...process.env, DATABASE_URL: url } }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout))),
      );
    const outputs = await Promise.all([deploy(), deploy(), deploy()]);
    const applied = outputs.flatMap((o) => /^applied: (.*)$/m.exec(o)?.[1]?.split(', ') ?? []);
    expect(outputs.filter((o) => o.includes('no pending migrations')).length + outputs.filter((o) => o.startsWith('applied:')).length).toBe(3);
    expect(new Set(applied).size).toBe(applied.length);
    const { db } = await openStore(url);
    try {
      expect(await db.$queryRawUnsafe<{ n: bigint }[]>('SELECT COUNT(*) AS n FROM _prisma_migrations')).toEqual([{ n: BigInt(applied.length) }]);
    } finally {
      await db.$disconnect();
    }
  }, 60_000);

  it('refuses a server it cannot reach with the driver’s message', async () => {
    await expect(applyMigrations('postgresql://quiz@127.0.0.1:1/nowhere')).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
