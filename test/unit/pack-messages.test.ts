import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { packTemplate, serializePack } from '../../src/packs/export.js';
import { formatPackProblem } from '../../src/packs/messages.js';
import { parsePack, summarizeProblems, type PackProblem, type PackProblemCode } from '../../src/packs/parse.js';

const enc = (s: string) => new TextEncoder().encode(s);

/** One realistic problem per code; the Record type makes a new code without a sample a compile error. */
const SAMPLES: Record<PackProblemCode, PackProblem> = {
  'file-too-large': { code: 'file-too-large', params: { bytes: 2_000_000, max: 1_048_576 } },
  'binary-file': { code: 'binary-file' },
  'invalid-utf8': { code: 'invalid-utf8' },
  'empty-file': { code: 'empty-file' },
  'invalid-json': { code: 'invalid-json', params: { line: 3, column: 17 } },
  'invalid-yaml': { code: 'invalid-yaml', params: { line: 3, column: 1 } },
  'duplicate-key': { code: 'duplicate-key', params: { line: 3, column: 1, key: 'pack' } },
  'yaml-alias': { code: 'yaml-alias', params: { line: 1, column: 4 } },
  'yaml-tag': { code: 'yaml-tag', params: { line: 1, column: 7 } },
  'nesting-too-deep': { code: 'nesting-too-deep', params: { max: 16 } },
  'too-complex': { code: 'too-complex', params: { max: 200_000 } },
  'too-many-questions': { code: 'too-many-questions', params: { count: 10_000, max: 500 } },
  'wrong-type': { question: '#2', field: 'answer', code: 'wrong-type', params: { expected: 'integer' } },
  missing: { question: '#2', field: 'links', code: 'missing' },
  'unknown-key': { question: 'svc-dns', field: 'hint', code: 'unknown-key', params: { allowed: 'id, difficulty' } },
  'wrong-count': { question: 'svc-dns', field: 'choices', code: 'wrong-count', params: { count: 1, min: 2, max: 5 } },
  'bad-pack-name': { field: 'pack', code: 'bad-pack-name', params: { max: 32 } },
  'unknown-topic': { field: 'topic', code: 'unknown-topic' },
  'bad-id': { question: '#1', field: 'id', code: 'bad-id', params: { max: 64 } },
  'duplicate-id': { question: '#4', field: 'id', code: 'duplicate-id', params: { first: 1 } },
  'bad-difficulty': { question: 'svc-dns', field: 'difficulty', code: 'bad-difficulty' },
  'unknown-tag': { question: 'svc-dns', field: 'tags.0', code: 'unknown-tag', params: { allowed: 'pod, service' } },
  'tag-topic-mismatch': { question: 'svc-dns', field: 'tags.0', code: 'tag-topic-mismatch', params: { tag: 'goroutine', tagTopic: 'go', topic: 'kubernetes' } },
  'duplicate-tag': { question: 'svc-dns', field: 'tags.1', code: 'duplicate-tag', params: { tag: 'service' } },
  'missing-locale': { question: 'svc-dns', field: 'prompt', code: 'missing-locale' },
  'locale-mismatch': { question: 'svc-dns', field: 'explanation', code: 'locale-mismatch', params: { expected: 'en-US, zh-CN' } },
  'empty-text': { question: 'svc-dns', field: 'prompt.en-US', code: 'empty-text' },
  'too-long': { question: 'svc-dns', field: 'prompt.en-US', code: 'too-long', params: { length: 102_400, max: 600 } },
  'control-char': { question: 'svc-dns', field: 'prompt.en-US', code: 'control-char', params: { char: 'U+202E' } },
  mention: { question: 'svc-dns', field: 'prompt.en-US', code: 'mention' },
  'markdown-heading': { question: 'svc-dns', field: 'prompt.en-US', code: 'markdown-heading' },
  'code-fence-unbalanced': { question: 'svc-dns', field: 'explanation.en-US', code: 'code-fence-unbalanced' },
  'masked-link': { question: 'svc-dns', field: 'explanation.en-US', code: 'masked-link' },
  'choice-multiline': { question: 'svc-dns', field: 'choices.0.en-US', code: 'choice-multiline' },
  'choice-duplicate': { question: '#3', field: 'choices.1.en-US', code: 'choice-duplicate' },
  'choice-all-none': { question: 'svc-dns', field: 'choices.3.zh-CN', code: 'choice-all-none' },
  'answer-out-of-range': { question: 'svc-dns', field: 'answer', code: 'answer-out-of-range', params: { max: 2 } },
  'link-invalid': { question: 'svc-dns', field: 'links.0', code: 'link-invalid' },
  'link-not-https': { question: 'svc-dns', field: 'links.0', code: 'link-not-https' },
  'link-credentials': { question: 'svc-dns', field: 'links.0', code: 'link-credentials' },
};

describe('formatPackProblem', () => {
  it('writes "#n > field: message" in English and "第 n 题 > field：message" in Chinese', () => {
    expect(formatPackProblem(SAMPLES['choice-duplicate'], 'en-US')).toBe('#3 > choices.1.en-US: duplicates another choice (ignoring case and spacing); make every choice different.');
    expect(formatPackProblem(SAMPLES['choice-duplicate'], 'zh-CN')).toBe('第 3 题 > choices.1.en-US：与另一个选项重复（不区分大小写和空格）；请让每个选项都不同。');
  });

  it('names the question by id, and the file when there is neither question nor field', () => {
    expect(formatPackProblem(SAMPLES['answer-out-of-range'], 'en-US')).toBe('svc-dns > answer: must be the number of the correct choice counting from 0: 0 to 2.');
    expect(formatPackProblem(SAMPLES['invalid-yaml'], 'en-US')).toMatch(/^file: is not valid YAML \(line 3, column 1\)\. /);
    expect(formatPackProblem(SAMPLES['invalid-yaml'], 'zh-CN')).toMatch(/^文件：不是有效的 YAML（第 3 行第 1 列）。/);
    expect(formatPackProblem({ code: 'invalid-json', params: {} }, 'en-US')).toMatch(/^file: is not valid JSON\. /);
  });

  it.each(Object.values(SAMPLES))('has a complete English and Chinese text for $code', (problem) => {
    const en = formatPackProblem(problem, 'en-US');
    const zh = formatPackProblem(problem, 'zh-CN');
    for (const text of [en, zh]) {
      expect(text).not.toMatch(/undefined|NaN|\[object|\$\{/);
      expect(text).not.toMatch(/@(everyone|here)/); // replies are posted to Discord
    }
    expect(en).not.toMatch(/\p{Script=Han}/u);
    expect(zh).toMatch(/\p{Script=Han}/u);
    for (const value of Object.values(problem.params ?? {})) {
      if (problem.code !== 'wrong-type') expect(en).toContain(String(value));
    }
  });
});

describe('summarizeProblems', () => {
  const problems = Array.from({ length: 25 }, (_, i): PackProblem => ({ question: `#${i + 1}`, code: 'missing' }));

  it('shows the first 20 and counts the rest', () => {
    const { shown, more } = summarizeProblems(problems);
    expect(shown.map((p) => p.question)).toEqual(problems.slice(0, 20).map((p) => p.question));
    expect(more).toBe(5);
  });

  it('takes another maximum, and reports 0 more when all fit', () => {
    expect(summarizeProblems(problems, 3)).toEqual({ shown: problems.slice(0, 3), more: 22 });
    expect(summarizeProblems(problems.slice(0, 2))).toEqual({ shown: problems.slice(0, 2), more: 0 });
  });
});

describe('packTemplate and serializePack', () => {
  it.each(['en-US', 'zh-CN'] as const)('the %s template is a valid pack with two Kubernetes questions citing kubernetes.io', (locale) => {
    const result = parsePack(enc(packTemplate(locale)));
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.pack.topic).toBe('kubernetes');
    expect(result.pack.questions).toHaveLength(2);
    expect(result.pack.questions.flatMap((q) => q.links).every((link) => link.startsWith('https://kubernetes.io/docs/'))).toBe(true);
    expect(Object.keys(result.pack.questions[1]!.prompt)).toEqual([locale]);
  });

  it('comments the template in its own language', () => {
    const comments = (locale: 'en-US' | 'zh-CN') => packTemplate(locale).split('\n').filter((line) => line.trimStart().startsWith('#') && !line.includes(': goroutine'));
    expect(comments('zh-CN').filter((line) => /\p{Script=Han}/u.test(line)).length).toBeGreaterThan(3);
    expect(comments('en-US').some((line) => /\p{Script=Han}/u.test(line))).toBe(false);
    expect(packTemplate('en-US')).toMatch(/at most 600 characters/);
    expect(packTemplate('zh-CN')).toMatch(/最多 600 个字符/);
  });

  it('serializes a pack to YAML that imports as the same pack, without anchors', () => {
    const template = parsePack(enc(packTemplate('zh-CN')));
    if (!template.ok) throw new Error('template does not parse');
    const pack = { ...template.pack, questions: [...template.pack.questions, { ...template.pack.questions[0]!, id: 'same-objects-again' }] };
    const yaml = serializePack(pack);
    expect(yaml).toMatch(/^pack: example-pack\n/);
    expect(yaml).not.toMatch(/[&*]a\d/);
    expect(parsePack(enc(yaml))).toEqual({ ok: true, pack });
  });

  it('falls back to compact JSON when the YAML would not fit the 1 MiB import limit', () => {
    const text = (c: string) => ({ 'en-US': c.repeat(112), 'zh-CN': c.repeat(112) });
    const tags = ['goroutine', 'channel', 'select', 'context', 'sync-mutex', 'sync-rwmutex', 'sync-waitgroup', 'sync-once', 'sync-cond', 'sync-atomic'] as const;
    const questions = Array.from({ length: 500 }, (_, i) => ({
      id: `question-${i}`,
      difficulty: 'medium' as const,
      tags: [...tags],
      prompt: text('p'),
      choices: ['a', 'b', 'c', 'd', 'e'].map(text),
      answer: 4,
      explanation: text('e'),
      links: Array.from({ length: 5 }, (_, k) => `https://go.dev/doc/${k}`),
    }));
    const pack = { name: 'big', topic: 'go' as const, questions };
    const json = JSON.stringify({ pack: pack.name, topic: pack.topic, questions });
    expect(enc(json).length).toBeLessThanOrEqual(1_048_576);
    expect(enc(stringify({ pack: pack.name, topic: pack.topic, questions }, { lineWidth: 0, indentSeq: false })).length).toBeGreaterThan(1_048_576);
    expect(serializePack(pack)).toBe(json);
    expect(parsePack(enc(serializePack(pack)))).toEqual({ ok: true, pack });
  });
});
