/**
 * Proves what the bank's snippets claim: every Go snippet is built and run by the installed Go
 * toolchain and its `go.expect` compared with what happened; every YAML snippet is parsed (all of
 * its documents). Used by `npm run bank:check` (src/bank/check.ts).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { parseAllDocuments } from 'yaml';
import { ROOT } from '../paths.js';
import type { Snippet } from './schema.js';
import type { BankProblem } from './validate.js';

type GoClaim = NonNullable<Snippet['go']>;

export interface SnippetQuestion {
  id: string;
  file: string;
  snippet?: Snippet;
}

export interface SnippetCheckOptions {
  /** the go command; default `go` from PATH */
  goBin?: string;
  /** where passed verdicts are remembered; default node_modules/.cache/bank-snippets */
  cacheDir?: string;
  /** Go programs run at once (default 2) */
  concurrency?: number;
  /** how long a built program may run before it counts as hung (default 10 s) */
  runTimeoutMs?: number;
  /** how long `go build` / `go vet` may take (default 180 s: a cold cache builds the standard library) */
  buildTimeoutMs?: number;
}

export interface SnippetCheckResult {
  problems: BankProblem[];
  /** lines to print: a missing toolchain, the skips */
  notes: string[];
  /** Go snippets run now, taken from the cache, skipped (no toolchain, or `since` newer than it) */
  goRun: number;
  goCached: number;
  goSkipped: number;
  yamlParsed: number;
}

export const DEFAULT_CACHE_DIR = join(ROOT, 'node_modules/.cache/bank-snippets');

interface Exec {
  code: number | null;
  /** true when the time limit killed it */
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

function exec(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<Exec> {
  return new Promise((resolve) => {
    const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GO111MODULE: 'on', GOWORK: 'off' };
    execFile(cmd, args, { cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
      if (e && typeof e.code === 'string') resolve({ code: null, timedOut: false, stdout, stderr: `${stderr}${e.message}` });
      else resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, timedOut: Boolean(e?.killed), stdout, stderr });
    });
  });
}

/** "go1.19.8" from `go version`, or undefined when there is no usable go command. */
export async function goVersion(goBin = 'go'): Promise<string | undefined> {
  const r = await exec(goBin, ['env', 'GOVERSION'], tmpdir(), 30_000);
  const v = r.stdout.trim();
  return r.code === 0 && /^go1\.\d+/.test(v) ? v : undefined;
}

/** Is the toolchain (go1.19.8) at least release `since` (1.22)? */
export function toolchainHas(version: string, since: string): boolean {
  const [, minor = '0'] = /^go1\.(\d+)/.exec(version) ?? [];
  return Number(minor) >= Number(since.split('.')[1]);
}

const show = (s: string, max = 200) => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
const firstLines = (s: string) => show(s.trim().split('\n').slice(0, 4).join('\n'));

/** Builds (or vets) and runs one program; returns undefined when the claim holds, else what went wrong. */
async function verify(code: string, claim: GoClaim, goBin: string, version: string, opts: Required<Pick<SnippetCheckOptions, 'runTimeoutMs' | 'buildTimeoutMs'>>): Promise<string | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'bank-snippet-'));
  try {
    // The module's go line sets the language version (per-iteration loop variables need 1.22): the toolchain's own.
    const release = /^go(1\.\d+)/.exec(version)?.[1] ?? '1.19';
    await writeFile(join(dir, 'go.mod'), `module snippet\n\ngo ${release}\n`);
    await writeFile(join(dir, 'main.go'), code);
    const want = claim.stderr ?? '';
    if (claim.expect === 'vet') {
      const r = await exec(goBin, ['vet', '.'], dir, opts.buildTimeoutMs);
      if (r.code === 0) return `expected go vet to report ${show(want)}, but vet found nothing`;
      return r.stderr.includes(want) ? undefined : `expected go vet to report ${show(want)}, got ${firstLines(r.stderr)}`;
    }
    const build = await exec(goBin, ['build', ...(claim.expect === 'race' ? ['-race'] : []), '-o', 'prog', '.'], dir, opts.buildTimeoutMs);
    if (claim.expect === 'compile-error') {
      if (build.code === 0) return `expected a compile error containing ${show(want)}, but it compiled`;
      return build.stderr.includes(want) ? undefined : `expected a compile error containing ${show(want)}, got ${firstLines(build.stderr)}`;
    }
    if (build.code !== 0) return `does not compile: ${firstLines(build.stderr)}`;
    // A program that builds is all `builds` claims: servers and programs that read their environment are never run.
    if (claim.expect === 'builds') return undefined;
    const run = await exec(join(dir, 'prog'), [], dir, opts.runTimeoutMs);
    if (run.timedOut) return `did not finish within ${opts.runTimeoutMs / 1000} s (hangs)`;
    const exit = `exited with ${run.code ?? 'a signal'}`;
    switch (claim.expect) {
      case 'output':
        if (run.code !== 0) return `expected stdout ${show(claim.stdout ?? '')}, but it ${exit}: ${firstLines(run.stderr)}`;
        return run.stdout === claim.stdout ? undefined : `expected stdout ${show(claim.stdout ?? '')}, got ${show(run.stdout)}`;
      case 'panic':
      case 'fatal': {
        const marker = claim.expect === 'panic' ? 'panic: ' : 'fatal error: ';
        if (run.stderr.includes(marker) && run.stderr.includes(want)) return undefined;
        return `expected a ${claim.expect} containing ${show(want)}, but it ${exit}${run.stderr.trim() ? `: ${firstLines(run.stderr)}` : ' with no error'}`;
      }
      case 'race':
        if (run.stderr.includes('WARNING: DATA RACE') && run.stderr.includes(want)) return undefined;
        return `expected the race detector to report ${show(want)}, but it ${exit}${run.stderr.trim() ? `: ${firstLines(run.stderr)}` : ' with no report'}`;
    }
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every document of a YAML snippet must parse; returns the first error, if any. */
export function yamlSnippetError(code: string): string | undefined {
  for (const doc of parseAllDocuments(code, { uniqueKeys: true })) {
    const err = doc.errors[0];
    if (err) return `YAML snippet does not parse: ${err.message.split('\n')[0]}`;
  }
  return undefined;
}

export async function checkSnippets(questions: SnippetQuestion[], options: SnippetCheckOptions = {}): Promise<SnippetCheckResult> {
  const result: SnippetCheckResult = { problems: [], notes: [], goRun: 0, goCached: 0, goSkipped: 0, yamlParsed: 0 };
  const problem = (q: SnippetQuestion, message: string) => result.problems.push({ file: q.file, question: q.id, field: 'snippet', message });

  for (const q of questions) {
    if (q.snippet?.lang !== 'yaml') continue;
    result.yamlParsed++;
    const err = yamlSnippetError(q.snippet.code);
    if (err) problem(q, err);
  }

  const goQuestions = questions.filter((q): q is SnippetQuestion & { snippet: Snippet & { go: GoClaim } } => q.snippet?.lang === 'go' && q.snippet.go !== undefined);
  if (!goQuestions.length) return result;
  const goBin = options.goBin ?? 'go';
  const version = await goVersion(goBin);
  if (!version) {
    result.goSkipped = goQuestions.length;
    result.notes.push(`note: no Go toolchain (${goBin}) found: ${goQuestions.length} Go snippet(s) not run (install golang-go)`);
    return result;
  }
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  await mkdir(cacheDir, { recursive: true });
  const limit = pLimit(options.concurrency ?? 2);
  const timeouts = { runTimeoutMs: options.runTimeoutMs ?? 10_000, buildTimeoutMs: options.buildTimeoutMs ?? 180_000 };
  const tooNew = new Set<string>();

  await Promise.all(
    goQuestions.map((q) =>
      limit(async () => {
        const claim = q.snippet.go;
        if (claim.since && !toolchainHas(version, claim.since)) {
          result.goSkipped++;
          tooNew.add(claim.since);
          return;
        }
        const key = createHash('sha256').update(JSON.stringify([q.snippet.code, claim, version])).digest('hex');
        const cached = join(cacheDir, `${key}.ok`);
        if (await readFile(cached).then(() => true, () => false)) {
          result.goCached++;
          return;
        }
        result.goRun++;
        const err = await verify(q.snippet.code, claim, goBin, version, timeouts);
        // Only a claim that held is remembered: a failure (perhaps a timeout on a loaded machine) runs again.
        if (err) problem(q, err);
        else await writeFile(cached, '');
      }),
    ),
  );
  result.problems.sort((a, b) => `${a.file}\0${a.question}`.localeCompare(`${b.file}\0${b.question}`));
  if (result.goSkipped) {
    result.notes.push(`note: ${result.goSkipped} Go snippet(s) describe Go ${[...tooNew].sort().join(', ')} and were not run by ${version}`);
  }
  return result;
}
