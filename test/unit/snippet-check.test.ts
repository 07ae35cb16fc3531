import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/bank/validate.js';
import { checkSnippets, goVersion, toolchainHas, type SnippetQuestion } from '../../src/bank/snippet-check.js';
import type { Snippet } from '../../src/bank/schema.js';

const q = (id: string, snippet: Snippet): SnippetQuestion => ({ id, file: 'go-code.yaml', snippet });
const go = (code: string, claim: NonNullable<Snippet['go']>): Snippet => ({ lang: 'go', code, go: claim });

const hello = `package main

import "fmt"

func main() { fmt.Println("hello") }
`;
const noDeadlock = `package main

func main() {
	ch := make(chan int, 1)
	ch <- 1
}
`;
const deadlock = `package main

func main() {
	ch := make(chan int)
	ch <- 1
}
`;

let cacheDir = '';
beforeAll(async () => {
  // This test proves the checker itself, so it may not skip: the Go toolchain must be there.
  if (!(await goVersion())) throw new Error('The snippet checker test needs Go: install golang-go (sudo apt-get install golang-go)');
  cacheDir = await mkdtemp(join(tmpdir(), 'bank-snippet-cache-'));
});
afterAll(async () => {
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

describe('checkSnippets', () => {
  it('passes right claims and reports each wrong one as file > id > snippet', async () => {
    const result = await checkSnippets(
      [
        q('go-right-output', go(hello, { expect: 'output', stdout: 'hello\n' })),
        q('go-right-deadlock', go(deadlock, { expect: 'fatal', stderr: 'all goroutines are asleep - deadlock!' })),
        q('go-wrong-output', go(hello, { expect: 'output', stdout: 'hello, world\n' })),
        q('go-no-deadlock', go(noDeadlock, { expect: 'fatal', stderr: 'all goroutines are asleep - deadlock!' })),
        q('yaml-right', { lang: 'yaml', code: 'apiVersion: v1\nkind: Pod\n---\nkind: Service\n' }),
        q('yaml-broken', { lang: 'yaml', code: 'apiVersion: v1\nkind: Pod\n---\nspec:\n  a: [1, 2\n' }),
      ],
      { cacheDir },
    );
    expect(result.problems.map(formatProblem)).toEqual([
      'go-code.yaml > go-no-deadlock > snippet: expected a fatal containing "all goroutines are asleep - deadlock!", but it exited with 0 with no error',
      'go-code.yaml > go-wrong-output > snippet: expected stdout "hello, world\\n", got "hello\\n"',
      expect.stringMatching(/^go-code\.yaml > yaml-broken > snippet: YAML snippet does not parse: /),
    ]);
    expect(result).toMatchObject({ goRun: 4, goCached: 0, goSkipped: 0, yamlParsed: 2 });
  });

  it('remembers a claim that held, so a second run does not build it again', async () => {
    const snippets = [q('go-cached', go(hello, { expect: 'output', stdout: 'hello\n' }))];
    const dir = await mkdtemp(join(tmpdir(), 'bank-snippet-cache-'));
    try {
      expect(await checkSnippets(snippets, { cacheDir: dir })).toMatchObject({ problems: [], goRun: 1, goCached: 0 });
      expect(await readdir(dir)).toHaveLength(1);
      expect(await checkSnippets(snippets, { cacheDir: dir })).toMatchObject({ problems: [], goRun: 0, goCached: 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a compile error, a panic and a race claim that do not hold', async () => {
    const result = await checkSnippets(
      [
        q('go-compiles', go(hello, { expect: 'compile-error', stderr: 'declared and not used' })),
        q('go-no-panic', go(hello, { expect: 'panic', stderr: 'index out of range' })),
        q('go-no-race', go(hello, { expect: 'race', stderr: 'Write at' })),
      ],
      { cacheDir },
    );
    expect(result.problems.map((p) => `${p.question}: ${p.message.split(',')[0]}`)).toEqual([
      'go-compiles: expected a compile error containing "declared and not used"',
      'go-no-panic: expected a panic containing "index out of range"',
      'go-no-race: expected the race detector to report "Write at"',
    ]);
  });

  it('reports a program that hangs instead of waiting for it', async () => {
    const hang = 'package main\n\nimport "time"\n\nfunc main() { time.Sleep(time.Hour) }\n';
    const result = await checkSnippets([q('go-hangs', go(hang, { expect: 'output', stdout: '' }))], { cacheDir, runTimeoutMs: 1000 });
    expect(result.problems.map(formatProblem)).toEqual(['go-code.yaml > go-hangs > snippet: did not finish within 1 s (hangs)']);
  });

  it('skips, and counts, a snippet that needs a newer Go than the one installed', async () => {
    const result = await checkSnippets([q('go-future', go(hello, { expect: 'output', stdout: 'never checked\n', since: '1.99' }))], { cacheDir });
    expect(result).toMatchObject({ problems: [], goRun: 0, goSkipped: 1 });
    expect(result.notes.join('\n')).toMatch(/1 Go snippet\(s\) describe Go 1\.99 and were not run/);
  });

  it('says clearly when there is no Go toolchain at all', async () => {
    const result = await checkSnippets([q('go-any', go(hello, { expect: 'builds' }))], { goBin: '/nonexistent/go', cacheDir });
    expect(result).toMatchObject({ problems: [], goSkipped: 1 });
    expect(result.notes.join('\n')).toMatch(/no Go toolchain .*install golang-go/);
  });

  it('compares release numbers, not strings', () => {
    expect(toolchainHas('go1.19.8', '1.19')).toBe(true);
    expect(toolchainHas('go1.19.8', '1.22')).toBe(false);
    expect(toolchainHas('go1.25.0', '1.9')).toBe(true);
  });
});
