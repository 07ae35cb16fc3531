import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { postgresDatabaseUrl } from '../../support/paths.js';

const SCRIPT = new URL('../../support/postgres.sh', import.meta.url).pathname;

/**
 * A new, empty PostgreSQL database for the benchmark: on TEST_POSTGRES_URL's server when set
 * (.ci/run starts one), else on a throwaway cluster started here (test/support/postgres.sh).
 * `done()` drops it, or stops that cluster.
 */
export async function benchPostgres(): Promise<{ url: string; done(): Promise<void> }> {
  let server = process.env.TEST_POSTGRES_URL;
  let dir: string | undefined;
  if (!server) {
    const started = Object.fromEntries(execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8' }).trim().split(' ').map((kv) => kv.split('=') as [string, string]));
    [server, dir] = [started.TEST_POSTGRES_URL!, started.TEST_POSTGRES_DIR];
  }
  const name = `bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  return {
    url: postgresDatabaseUrl(server, name),
    async done() {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      if (dir) execFileSync('bash', [SCRIPT, 'stop', dir]);
    },
  };
}
