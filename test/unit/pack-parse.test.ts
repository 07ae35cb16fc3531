import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parsePack, type PackProblem, type PackResult } from '../../src/packs/parse.js';

const enc = (s: string) => new TextEncoder().encode(s);
const l = (en: string, zh = `${en}（中文）`) => ({ 'en-US': en, 'zh-CN': zh });
const question = (over: Record<string, unknown> = {}) => ({
  id: 'svc-default-type',
  difficulty: 'easy',
  tags: ['service'],
  prompt: l('Which Service type is the default?'),
  choices: [l('ClusterIP'), l('NodePort'), l('LoadBalancer')],
  answer: 0,
  explanation: l('ClusterIP is used when no type is set.'),
  links: ['https://kubernetes.io/docs/concepts/services-networking/service/'],
  ...over,
});
const packFile = (...questions: unknown[]) => ({ pack: 'week-12-networking', topic: 'kubernetes', questions });
const parseJson = (data: unknown) => parsePack(enc(JSON.stringify(data)));

/** The problems of a refused result; fails the test if a pack came back. */
function refused(result: PackResult): PackProblem[] {
  expect(result).not.toHaveProperty('pack');
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
}
const codes = (result: PackResult) => refused(result).map((p) => p.code);

describe('parsePack: files that are not a pack at all', () => {
  it('refuses a file over 1 MiB with one problem, and accepts one of exactly 1 MiB', () => {
    expect(refused(parsePack(new Uint8Array(1_048_577).fill(0x61)))).toEqual([{ code: 'file-too-large', params: { bytes: 1_048_577, max: 1_048_576 } }]);
    const valid = `${JSON.stringify(packFile(question()))}\n`;
    const padded = valid + ' '.repeat(1_048_576 - enc(valid).length);
    expect(enc(padded).length).toBe(1_048_576);
    expect(parsePack(enc(padded)).ok).toBe(true);
  });

  it('refuses NUL bytes as a binary file', () => {
    expect(refused(parsePack(enc('pack: week\0-12\n')))).toEqual([{ code: 'binary-file' }]);
  });

  it('refuses a PNG image as a binary file', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    expect(refused(parsePack(png))).toEqual([{ code: 'binary-file' }]);
  });

  it('refuses invalid UTF-8 (a GBK-encoded file)', () => {
    const gbk = Uint8Array.from([...enc('pack: '), 0xd6, 0xd0, 0xce, 0xc4, 0x0a]); // 中文 in GBK
    expect(refused(parsePack(gbk))).toEqual([{ code: 'invalid-utf8' }]);
  });

  it('accepts a UTF-8 BOM before YAML and before JSON', () => {
    const bom = [0xef, 0xbb, 0xbf];
    const json = JSON.stringify(packFile(question()));
    expect(parsePack(Uint8Array.from([...bom, ...enc(json)])).ok).toBe(true);
    expect(parsePack(Uint8Array.from([...bom, ...enc('pack: a\ntopic: go\n')]))).toMatchObject({ ok: false, problems: [{ code: 'missing', field: 'questions' }] });
  });

  it.each([
    ['an empty file', ''],
    ['only whitespace', ' \n\t\n'],
    ['only comments', '# nothing yet\n'],
  ])('refuses %s', (_, text) => {
    expect(refused(parsePack(enc(text)))).toEqual([{ code: 'empty-file' }]);
  });

  it('refuses invalid JSON with the line and column', () => {
    expect(refused(parsePack(enc('{\n  "pack": "a",\n  "topic": "go",,\n}')))).toEqual([{ code: 'invalid-json', params: { line: 3, column: 17 } }]);
  });

  it.each([
    ['an unclosed flow list', 'pack: a\ntopic: [kubernetes\nquestions: []\n', { line: 3, column: 1 }],
    ['a stray closing bracket', 'pack: a\ntopic: go\n]\n', { line: 3, column: 1 }],
    ['a list item inside a mapping', 'pack: a\n- b\n', { line: 2, column: 1 }],
    ['a bad indentation', 'pack: a\n  topic: go\n', { line: 1, column: 7 }],
  ])('refuses invalid YAML (%s) with the line and column', (_, text, position) => {
    expect(refused(parsePack(enc(text)))).toEqual([{ code: 'invalid-yaml', params: position }]);
  });

  it('refuses two YAML documents in one file', () => {
    expect(codes(parsePack(enc('pack: a\n---\npack: b\n')))).toEqual(['invalid-yaml']);
  });

  it('chooses the parser by file name when there is one', () => {
    expect(codes(parsePack(enc('pack: a'), { fileName: 'week.JSON' }))).toEqual(['invalid-json']);
    expect(parsePack(enc(JSON.stringify(packFile(question()))), { fileName: 'week.yml' }).ok).toBe(true);
  });

  it('refuses a "billion laughs" alias bomb at once, without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    // Expanded, this is 10^9 strings: the test would run out of memory rather than pass.
    const problems = refused(parsePack(enc(levels.join('\n'))));
    expect(new Set(problems.map((p) => p.code))).toEqual(new Set(['yaml-alias']));
    expect(problems[0]).toEqual({ code: 'yaml-alias', params: { line: 1, column: 4 } });
  });

  it('refuses an anchor even without an alias', () => {
    expect(refused(parsePack(enc('pack: &name week-12\n')))).toEqual([{ code: 'yaml-alias', params: { line: 1, column: 7 } }]);
  });

  it.each(['!!js/function "function () {}"', '!!binary aGVsbG8=', '!!str week', '!custom week'])('refuses the YAML tag in `pack: %s`', (value) => {
    expect(refused(parsePack(enc(`pack: ${value}\n`)))).toEqual([{ code: 'yaml-tag', params: { line: 1, column: 7 } }]);
  });

  it('refuses duplicate keys in YAML and in JSON, naming the key and where it is', () => {
    expect(refused(parsePack(enc('pack: a\ntopic: go\npack: b\n')))).toEqual([{ code: 'duplicate-key', params: { line: 3, column: 1, key: 'pack' } }]);
    const yaml = 'pack: a\ntopic: go\nquestions:\n  - id: x\n    answer: 0\n    answer: 1\n';
    expect(refused(parsePack(enc(yaml)))).toEqual([{ code: 'duplicate-key', params: { line: 6, column: 5, key: 'answer' } }]);
    const json = '{"pack": "a",\n "questions": [{"id": "x", "id": "y"}]}';
    expect(refused(parsePack(enc(json)))).toEqual([{ code: 'duplicate-key', params: { line: 2, column: 28, key: 'id' } }]);
  });

  it.each([
    ['100,000 JSON arrays', '['.repeat(100_000)],
    ['100,000 JSON objects', '{"a":'.repeat(100_000)],
    ['100,000 YAML flow lists', `pack: ${'['.repeat(100_000)}`],
    ['100,000 YAML block lists', `${'- '.repeat(100_000)}x`],
    ['40 indented YAML mappings', Array.from({ length: 40 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
  ])('refuses %s nested far too deep with one problem, without overflowing the stack', (_, text) => {
    expect(refused(parsePack(enc(text)))).toEqual([{ code: 'nesting-too-deep', params: { max: 16 } }]);
  });

  it('allows nesting up to 16 levels (the data is then simply wrong)', () => {
    const nested = (depth: number) => `{"pack": ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    expect(codes(parsePack(enc(nested(16))))).toContain('wrong-type');
    expect(codes(parsePack(enc(nested(17))))).toEqual(['nesting-too-deep']);
  });

  it('refuses YAML made of more tokens than any pack needs, before composing it', () => {
    expect(refused(parsePack(enc(`pack: [${'a,'.repeat(150_000)}]`)))).toEqual([{ code: 'too-complex', params: { max: 200_000 } }]);
  });

  it('accepts a 500-question YAML pack with every list full (it fits the token budget)', () => {
    const kubernetesTags = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kubelet', 'kube-proxy', 'coredns', 'pod', 'service', 'probes'];
    const full = (i: number) => question({ id: `q-${i}`, tags: kubernetesTags, choices: ['A', 'B', 'C', 'D', 'E'].map((c) => l(c)), links: Array(5).fill('https://kubernetes.io/') });
    const yaml = stringify(packFile(...Array.from({ length: 500 }, (_, i) => full(i))), { aliasDuplicateObjects: false });
    expect(parsePack(enc(yaml)).ok).toBe(true);
  });

  it('refuses 10,000 questions with one problem giving the count, without looking at them', () => {
    expect(refused(parseJson({ ...packFile(), questions: Array(10_000).fill({}) }))).toEqual([{ code: 'too-many-questions', params: { count: 10_000, max: 500 } }]);
  });

  it('accepts 500 questions and refuses 501', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => question({ id: `q-${i}` }));
    expect(parseJson(packFile(...many(500))).ok).toBe(true);
    expect(codes(parseJson(packFile(...many(501))))).toEqual(['too-many-questions']);
  });

  it.each([
    ['prompt', { prompt: l('x'.repeat(100 * 1024)) }, 'prompt.en-US', 600],
    ['a choice', { choices: [l('x'.repeat(100 * 1024)), l('b')] }, 'choices.0.en-US', 160],
    ['explanation', { explanation: l('x'.repeat(100 * 1024)) }, 'explanation.en-US', 1200],
    ['a link', { links: [`https://kubernetes.io/${'x'.repeat(100 * 1024)}`] }, 'links.0', 500],
  ])('refuses a 100 KiB %s as too long without echoing it', (_, over, field, max) => {
    const result = parseJson(packFile(question(over)));
    expect(refused(result)).toContainEqual({ question: 'svc-default-type', field, code: 'too-long', params: { length: expect.any(Number), max } });
    expect(JSON.stringify(result).length).toBeLessThan(1000);
  });

  it.each([
    ['an id', { id: 'x'.repeat(100 * 1024) }],
    ['a tag', { tags: ['x'.repeat(100 * 1024)] }],
    ['an unknown key', { ['x'.repeat(100 * 1024)]: 1 }],
    ['a difficulty', { difficulty: 'x'.repeat(100 * 1024) }],
  ])('never echoes a 100 KiB %s back', (_, over) => {
    const result = parseJson(packFile(question(over)));
    expect(refused(result).length).toBeGreaterThan(0);
    expect(JSON.stringify(result).length).toBeLessThan(2000);
  });
});

describe('parsePack: text that would break or abuse a Discord message', () => {
  it.each([
    ['BEL', '\u0007', 'U+0007'],
    ['NUL (escaped in JSON)', '\u0000', 'U+0000'],
    ['a right-to-left override', '\u202e', 'U+202E'],
    ['a bidi isolate', '\u2066', 'U+2066'],
    ['a zero-width space', '\u200b', 'U+200B'],
    ['a zero-width no-break space', '\ufeff', 'U+FEFF'],
  ])('refuses %s', (_, char, name) => {
    const problems = refused(parseJson(packFile(question({ explanation: l(`Cluster${char}IP`, '集群 IP') }))));
    expect(problems).toEqual([{ question: 'svc-default-type', field: 'explanation.en-US', code: 'control-char', params: { char: name } }]);
  });

  it.each(['@everyone', '@here', '<@123456789012345678>', '<@!123>', '<@&123>', '<#123>', '</quiz start:123>'])('refuses the mention %s in prompt, choices and explanation', (mention) => {
    const q = question({ prompt: l(`Ask ${mention} now?`, '现在问？'), choices: [l('ClusterIP'), l(`${mention} NodePort`, 'NodePort')], explanation: l(`Hi ${mention}`, '你好') });
    expect(refused(parseJson(packFile(q)))).toEqual(
      ['prompt.en-US', 'choices.1.en-US', 'explanation.en-US'].map((field) => ({ question: 'svc-default-type', field, code: 'mention' })),
    );
  });

  it.each(['# Big', '## Bigger', '### Big', '-# small print', '  # indented'])('refuses a line starting with the heading "%s"', (line) => {
    expect(refused(parseJson(packFile(question({ prompt: l(`Intro\n${line}`, '介绍') }))))).toEqual([
      { question: 'svc-default-type', field: 'prompt.en-US', code: 'markdown-heading' },
    ]);
  });

  it('allows a # that is not a heading, and one inside a code block', () => {
    const explanation = l('See #1 and C#.\n```dockerfile\n# build stage\nFROM golang\n```');
    expect(parseJson(packFile(question({ explanation }))).ok).toBe(true);
  });

  it('refuses an unclosed code fence', () => {
    expect(codes(parseJson(packFile(question({ explanation: l('```go\nfunc main() {}', '代码') }))))).toEqual(['code-fence-unbalanced']);
  });

  it('refuses a masked link but not brackets in code', () => {
    expect(codes(parseJson(packFile(question({ explanation: l('Read [the docs](https://evil.example/)', '文档') }))))).toEqual(['masked-link']);
    expect(parseJson(packFile(question({ explanation: l('Calls `fns[i](x)` in a loop.') }))).ok).toBe(true);
  });

  it('refuses a choice on several lines', () => {
    const problems = refused(parseJson(packFile(question({ choices: [l('Cluster\nIP', '集群 IP'), l('NodePort')] }))));
    expect(problems).toEqual([{ question: 'svc-default-type', field: 'choices.0.en-US', code: 'choice-multiline' }]);
  });
});

describe('parsePack: the pack format', () => {
  it('returns the pack, trimmed, with tags defaulting to [] and one-language questions', () => {
    const { tags: _, ...untagged } = question({ id: ' only-english ', prompt: { 'en-US': '  Default type?  ' }, choices: [{ 'en-US': 'ClusterIP' }, { 'en-US': 'NodePort' }], explanation: { 'en-US': 'ClusterIP.' } });
    const result = parseJson(packFile(question(), untagged));
    expect(result).toEqual({
      ok: true,
      pack: {
        name: 'week-12-networking',
        topic: 'kubernetes',
        questions: [
          question(),
          { ...untagged, id: 'only-english', tags: [], prompt: { 'en-US': 'Default type?' } },
        ],
      },
    });
  });

  it.each([
    ['an unknown top-level key', { ...packFile(question()), author: 'me' }, { field: 'author', code: 'unknown-key', params: { allowed: 'pack, topic, questions' } }],
    ['a missing pack name', { topic: 'go', questions: [] }, { field: 'pack', code: 'missing' }],
    ['a bad pack name', { ...packFile(question()), pack: 'Week 12' }, { field: 'pack', code: 'bad-pack-name', params: { max: 32 } }],
    ['a pack name over 32 characters', { ...packFile(question()), pack: 'a'.repeat(33) }, { field: 'pack', code: 'bad-pack-name', params: { max: 32 } }],
    ['an unknown topic', { ...packFile(question()), topic: 'rust' }, { field: 'topic', code: 'unknown-topic' }],
    ['no questions', packFile(), { field: 'questions', code: 'wrong-count', params: { count: 0, min: 1, max: 500 } }],
    ['questions that are not a list', { ...packFile(), questions: 'many' }, { field: 'questions', code: 'wrong-type', params: { expected: 'list' } }],
    ['a top level that is a list', [question()], { code: 'wrong-type', params: { expected: 'mapping' } }],
  ])('reports %s', (_, data, expected) => {
    expect(refused(parseJson(data))).toContainEqual(expected);
  });

  it.each([
    ['a question that is not a mapping', 'hello', { question: '#1', code: 'wrong-type', params: { expected: 'mapping' } }],
    ['a missing id (by position)', { ...question(), id: undefined }, { question: '#1', field: 'id', code: 'missing' }],
    ['a bad id', { ...question(), id: 'Svc DNS' }, { question: '#1', field: 'id', code: 'bad-id', params: { max: 64 } }],
    ['an id that is a number', { ...question(), id: 7 }, { question: '#1', field: 'id', code: 'wrong-type', params: { expected: 'text' } }],
    ['an unknown question key', question({ hint: 'x' }), { question: 'svc-default-type', field: 'hint', code: 'unknown-key', params: { allowed: 'id, difficulty, tags, prompt, choices, answer, explanation, links' } }],
    ['an unknown language', question({ prompt: { ...l('x?'), 'fr-FR': 'x ?' } }), { question: 'svc-default-type', field: 'prompt.fr-FR', code: 'unknown-key', params: { allowed: 'en-US, zh-CN' } }],
    ['a bad difficulty', question({ difficulty: 'hardest' }), { question: 'svc-default-type', field: 'difficulty', code: 'bad-difficulty' }],
    ['an unknown tag', question({ tags: ['services'] }), { question: 'svc-default-type', field: 'tags.0', code: 'unknown-tag', params: { allowed: expect.stringContaining('service, probes') } }],
    ['a tag of another topic', question({ tags: ['goroutine'] }), { question: 'svc-default-type', field: 'tags.0', code: 'tag-topic-mismatch', params: { tag: 'goroutine', tagTopic: 'go', topic: 'kubernetes' } }],
    ['a repeated tag', question({ tags: ['service', 'service'] }), { question: 'svc-default-type', field: 'tags.1', code: 'duplicate-tag', params: { tag: 'service' } }],
    ['a text with no language', question({ explanation: {} }), { question: 'svc-default-type', field: 'explanation', code: 'missing-locale' }],
    ['languages that differ within a question', question({ explanation: { 'en-US': 'Only English.' } }), { question: 'svc-default-type', field: 'explanation', code: 'locale-mismatch', params: { expected: 'en-US, zh-CN' } }],
    ['an empty text', question({ prompt: l('   ') }), { question: 'svc-default-type', field: 'prompt.en-US', code: 'empty-text' }],
    ['a text that is a number', question({ prompt: l('x', 42 as unknown as string) }), { question: 'svc-default-type', field: 'prompt.zh-CN', code: 'wrong-type', params: { expected: 'text' } }],
    ['one choice', question({ choices: [l('ClusterIP')] }), { question: 'svc-default-type', field: 'choices', code: 'wrong-count', params: { count: 1, min: 2, max: 5 } }],
    ['six choices', question({ choices: ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => l(c)) }), { question: 'svc-default-type', field: 'choices', code: 'wrong-count', params: { count: 6, min: 2, max: 5 } }],
    ['a duplicate choice', question({ choices: [l('ClusterIP'), l(' clusterip ', '别的')] }), { question: 'svc-default-type', field: 'choices.1.en-US', code: 'choice-duplicate' }],
    ['"all of the above"', question({ choices: [l('ClusterIP'), l('All of the above')] }), { question: 'svc-default-type', field: 'choices.1.en-US', code: 'choice-all-none' }],
    ['"以上都对"', question({ choices: [l('ClusterIP'), l('Every one', '以上都对')] }), { question: 'svc-default-type', field: 'choices.1.zh-CN', code: 'choice-all-none' }],
    ['an answer out of range', question({ answer: 3 }), { question: 'svc-default-type', field: 'answer', code: 'answer-out-of-range', params: { max: 2 } }],
    ['a negative answer', question({ answer: -1 }), { question: 'svc-default-type', field: 'answer', code: 'answer-out-of-range', params: { max: 2 } }],
    ['an answer that is text', question({ answer: '0' }), { question: 'svc-default-type', field: 'answer', code: 'wrong-type', params: { expected: 'integer' } }],
    ['a fractional answer', question({ answer: 0.5 }), { question: 'svc-default-type', field: 'answer', code: 'wrong-type', params: { expected: 'integer' } }],
    ['no links', question({ links: [] }), { question: 'svc-default-type', field: 'links', code: 'wrong-count', params: { count: 0, min: 1, max: 5 } }],
    ['an http link', question({ links: ['http://kubernetes.io/'] }), { question: 'svc-default-type', field: 'links.0', code: 'link-not-https' }],
    ['a javascript: link', question({ links: ['javascript:alert(1)'] }), { question: 'svc-default-type', field: 'links.0', code: 'link-not-https' }],
    ['a link with credentials', question({ links: ['https://user:secret@docs.example.com/'] }), { question: 'svc-default-type', field: 'links.0', code: 'link-credentials' }],
    ['a link that is not a URL', question({ links: ['kubernetes docs'] }), { question: 'svc-default-type', field: 'links.0', code: 'link-invalid' }],
    ['a link with a newline', question({ links: ['https://kuber\nnetes.io/'] }), { question: 'svc-default-type', field: 'links.0', code: 'link-invalid' }],
  ])('reports %s at the question and field', (_, q, expected) => {
    expect(refused(parseJson(packFile(q)))).toContainEqual(expected);
  });

  it('accepts links on any https host', () => {
    expect(parseJson(packFile(question({ links: ['https://wiki.example-corp.internal/k8s/services'] }))).ok).toBe(true);
  });

  it('labels a repeated id by position and points to the first', () => {
    const problems = refused(parseJson(packFile(question(), question({ prompt: l('Other?') }))));
    expect(problems).toEqual([{ question: '#2', field: 'id', code: 'duplicate-id', params: { first: 1 } }]);
  });

  it('does not let a file define inherited properties such as __proto__ or constructor', () => {
    const result = parsePack(enc('{"__proto__": {"polluted": true}, "constructor": 1, "pack": "a", "topic": "go", "questions": []}'));
    expect(refused(result).filter((p) => p.code === 'unknown-key').map((p) => p.field)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('collects every problem, in document order', () => {
    const yaml = ['pack: Bad Name', 'topic: kubernetes', 'questions:', '  - id: a', '    difficulty: extreme', '    answer: 9', '  - hint: 1', 'extra: 1'].join('\n');
    const found = refused(parsePack(enc(yaml))).map((p) => [p.question, p.field, p.code].filter(Boolean).join(' '));
    expect(found).toEqual([
      'pack bad-pack-name',
      'a difficulty bad-difficulty',
      'a answer answer-out-of-range',
      'a prompt missing',
      'a choices missing',
      'a explanation missing',
      'a links missing',
      '#2 hint unknown-key',
      '#2 id missing',
      '#2 difficulty missing',
      '#2 prompt missing',
      '#2 choices missing',
      '#2 answer missing',
      '#2 explanation missing',
      '#2 links missing',
      'extra unknown-key',
    ]);
  });
});
