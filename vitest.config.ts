import { defineConfig } from 'vitest/config';

// spec-guard: every test fails when a request of its run broke Discord's API spec or limits.
const shared = { pool: 'forks', testTimeout: 180_000, hookTimeout: 180_000, setupFiles: 'test/support/spec-guard.ts' } as const;

/**
 * Three projects, one suite: every test against SQLite (the default store); the store and
 * end-to-end tests again against a real PostgreSQL server (TEST_STORE=postgres; see
 * test/support/db.ts); and the interaction-driven end-to-end tests over HTTP interactions. Tests that are about the machine rather than the store (the sandbox page in
 * a browser, `npm start` on a fresh clone) run once; `*-postgres.test.ts` files are about PostgreSQL
 * alone (its migrations; several processes sharing one store, which SQLite does not support).
 */
export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'sqlite', include: ['test/**/*.test.ts'], exclude: ['test/**/*-postgres.test.ts'], globalSetup: ['test/support/global-setup.ts'] } },
      {
        test: {
          ...shared,
          name: 'postgres',
          include: ['test/store/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          exclude: ['test/store/migrations.test.ts', 'test/e2e/browser.test.ts', 'test/e2e/production-start.test.ts', 'test/e2e/backup.test.ts', 'test/e2e/container-tree.test.ts'],
          env: { TEST_STORE: 'postgres' },
          globalSetup: ['test/support/global-setup-postgres.ts'],
        },
      },
      {
        // The interaction-driven end-to-end tests again, with the emulator POSTing each interaction,
        // signed, to the bot's HTTP endpoint (INTERACTIONS_MODE=http) instead of the gateway.
        test: {
          ...shared,
          name: 'http',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/**/*-postgres.test.ts', 'test/e2e/{browser,production-start,startup,restart,daily-fanout,backup,container-tree}.test.ts'],
          env: { TEST_INTERACTIONS_MODE: 'http' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
