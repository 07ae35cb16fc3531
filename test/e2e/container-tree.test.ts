import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';
import { copies, execForm, parseDockerfile } from '../support/dockerfile.js';
import { TMP_DIR } from '../support/paths.js';
import { ensureBuilt, watch } from '../support/process.js';

const run = promisify(execFile);
const stages = parseDockerfile();
const runtime = stages.at(-1)!;
const depsStage = stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && /npm ci --omit=dev/.test(i.rest)))!;

/**
 * The production dependencies exactly as the Dockerfile's deps stage makes them (its COPYs, then
 * its RUN lines through sh), kept in node_modules/.cache/ (test/.tmp/ is emptied at every run) and
 * reused while the lockfile and those lines are the same: better-sqlite3 compiles from source here
 * (about 70 s), so only a change pays it.
 */
async function productionDependencies(): Promise<string> {
  const sources = copies(depsStage).flatMap((c) => c.sources);
  const runs = depsStage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.rest);
  const key = createHash('sha256').update(JSON.stringify([runs, ...sources.map((s) => readFileSync(join(ROOT, s), 'utf8'))])).digest('hex').slice(0, 16);
  const dir = join(ROOT, 'node_modules/.cache/quiz-bot-container-deps', key);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const source of sources) cpSync(join(ROOT, source), join(dir, source));
  for (const command of runs) await run('sh', ['-c', command], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  writeFileSync(join(dir, '.complete'), new Date().toISOString());
  return dir;
}

/** The runtime stage's environment (ENV lines), as key=value pairs. */
const imageEnv = () =>
  Object.fromEntries(
    runtime.instructions
      .filter((i) => i.keyword === 'ENV')
      .flatMap((i) => i.rest.split(/\s+/))
      .map((kv) => kv.split('=') as [string, string]),
  );

describe('the container image, without Docker', () => {
  it("builds the runtime stage's file tree (npm ci --omit=dev and the files it COPYs) and the bot starts from it, node alone", async () => {
    ensureBuilt();
    const deps = await productionDependencies();
    const tree = `${TMP_DIR}container-${randomBytes(4).toString('hex')}`;
    mkdirSync(tree, { recursive: true });
    try {
      // Every COPY of the runtime stage: from the deps stage, from the build stage (dist/), or from the checkout.
      for (const { from, sources, dest } of copies(runtime)) {
        for (const source of sources) {
          const target = join(tree, dest.endsWith('/') || sources.length > 1 || dest === './' ? join(dest, source.split('/').at(-1)!) : dest);
          if (from === depsStage.name) symlinkSync(join(deps, source.replace(/^\/app\//, '')), target);
          else if (from) cpSync(join(ROOT, source.replace(/^\/app\//, '')), target, { recursive: true });
          else cpSync(join(ROOT, source), target, { recursive: true });
        }
      }
      // The build-time tools are not in the image.
      for (const tool of ['prisma', 'tsx', 'esbuild', '@prisma/studio-core']) expect(existsSync(join(tree, 'node_modules', tool)), tool).toBe(false);
      expect(existsSync(join(tree, 'src/store'))).toBe(false);

      const cmd = execForm(runtime.instructions.find((i) => i.keyword === 'CMD')!.rest)!;
      const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...imageEnv(), DATABASE_URL: `file:${tree}/data/quiz.db`, PORT: '0', SANDBOX_PORT: '0', LOG_LEVEL: 'info' };
      const child = spawn(cmd[0] === 'node' ? process.execPath : cmd[0]!, cmd.slice(1), { cwd: tree, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const bot = watch(child, () => child.kill('SIGKILL'));
      try {
        const [, page] = await bot.waitForOutput(/Sandbox ready: open (http:\/\/127\.0\.0\.1:\d+) in a browser\./, 120_000);
        expect(await (await fetch(page!)).text()).toContain('<title>Quiz bot sandbox</title>');
        const [, port] = await bot.waitForOutput(/"port":(\d+)[^\n]*"msg":"bot ready"/);
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        // The image's HEALTHCHECK command, as Docker would run it.
        const health = execForm(runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK')!.rest.replace(/^CMD\s+/, ''))!;
        await expect(run(process.execPath, health.slice(1), { cwd: tree, env: { ...env, PORT: port! } })).resolves.toBeDefined();
        // A backup from inside the container, with node alone (README: Backups).
        const backup = await run(process.execPath, ['dist/src/store/backup-cli.js', 'backup', '--out', `${tree}/data/backup.db`], { cwd: tree, env });
        expect(backup.stdout).toMatch(/backed up .* \(\d+ pages\)/);
        // SIGTERM (docker stop) reaches node, which shuts down cleanly.
        child.kill('SIGTERM');
        expect(await bot.exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  }, 600_000);
});
