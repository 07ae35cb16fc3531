import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../support/db.js';
import { spawnNpmStart } from '../support/process.js';

const DIST_MAIN = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));

describe('npm start (production)', () => {
  it('builds dist/ and runs the compiled bot: the sandbox starts and serves its page', async () => {
    const bot = spawnNpmStart({ DATABASE_URL: (await freshDatabaseUrl()), SANDBOX_PORT: '0' });
    try {
      const [, url] = await bot.waitForOutput(/Sandbox ready: open (http:\/\/127\.0\.0\.1:\d+) in a browser\./, 60_000);
      expect(existsSync(DIST_MAIN)).toBe(true);
      // page.html is read beside the compiled page.js: the build must have copied it.
      const page = await fetch(url!);
      expect(await page.text()).toContain('<title>Quiz bot sandbox</title>');
    } finally {
      bot.stop();
      await bot.exited;
    }
  }, 90_000);
});
