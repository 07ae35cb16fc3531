import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The node flags `npm start` runs the compiled bot with, read from package.json so the bench measures what ships. */
function productionNodeArgs(): string[] {
  const start = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  const m = /^node((?:\s+--\S+)*)\s+dist\/src\/main\.js$/.exec(start.trim());
  if (!m) throw new Error(`package.json "start" is not \`node [--flags] dist/src/main.js\`: ${start}`);
  return m[1]!.split(/\s+/).filter(Boolean);
}

export interface BotProcess {
  child: ChildProcess;
  output: () => string;
  /** resolves with the first match of `pattern` in stdout+stderr */
  waitForOutput(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

export interface SpawnBotOptions {
  /** flags for node itself, before the script (e.g. --max-old-space-size=100) */
  nodeArgs?: string[];
  /** run the production build with npm start's node flags instead of src/ under tsx; call `ensureBuilt()` first */
  compiled?: boolean;
}

const baseEnv = (env: Record<string, string>) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env });

/** `src/main.ts` in its own process under tsx (or its compiled build), with the given environment. */
export function spawnBot(env: Record<string, string>, { nodeArgs = [], compiled = false }: SpawnBotOptions = {}): BotProcess {
  // The caller's flags come after npm start's, so they win where both set one.
  const args = compiled ? [...productionNodeArgs(), ...nodeArgs, 'dist/src/main.js'] : [...nodeArgs, '--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  return watch(child, () => child.kill('SIGKILL'));
}

/**
 * The real `npm start` (build, then the compiled bot). npm runs it through a shell, so it gets a
 * process group of its own and is stopped as a group: `stop(signal)` signals npm, the shell and node.
 */
export function spawnNpmStart(env: Record<string, string>): BotProcess & { stop(signal?: NodeJS.Signals): void } {
  const child = spawn('npm', ['start'], { cwd: ROOT, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    try {
      process.kill(-child.pid!, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  };
  return { ...watch(child, () => stop('SIGKILL')), stop };
}

let built = false;
/** Builds dist/ once per process (`npm run build`, well under a second), for `spawnBot(env, { compiled: true })`. */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ['src/build.mjs', '--quiet'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  built = true;
}

export function watch(child: ChildProcess, kill: () => void): BotProcess {
  // A test that fails or times out must not leave a bot running (it would skew every later figure).
  const reap = () => kill();
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitForOutput(pattern, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} in output after ${ms} ms:\n${out}`));
        }, ms);
        listeners.add(check);
        void exited.then(() => setTimeout(() => {
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`process exited before ${pattern}:\n${out}`));
          }
        }, 50));
        check();
      });
    },
  };
}
