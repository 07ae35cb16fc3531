import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { postgresDatabaseUrl } from './paths.js';

const SCRIPT = new URL('./postgres.sh', import.meta.url).pathname;

/** A throwaway PostgreSQL cluster from Debian's packages, in a temporary folder on loopback (postgres.sh). */
export function startThrowawayCluster(): { url: string; stop(): void } {
  const started = Object.fromEntries(execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8' }).trim().split(' ').map((kv) => kv.split('=') as [string, string]));
  const dir = started.TEST_POSTGRES_DIR!;
  return { url: started.TEST_POSTGRES_URL!, stop: () => execFileSync('bash', [SCRIPT, 'stop', dir]) };
}

/**
 * A new, empty PostgreSQL database for the benchmark or the chaos run: on TEST_POSTGRES_URL's
 * server when set (.ci/run starts one), else on a throwaway cluster started here. `done()` drops
 * it, or stops that cluster.
 */
export async function scratchPostgresDatabase(): Promise<{ url: string; done(): Promise<void> }> {
  const given = process.env.TEST_POSTGRES_URL || undefined; // set but empty counts as unset
  const cluster = given ? undefined : startThrowawayCluster();
  const server = given ?? cluster!.url;
  const name = `scratch_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  return {
    url: postgresDatabaseUrl(server, name),
    async done() {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      cluster?.stop();
    },
  };
}
