import { describe, expect, it } from 'vitest';
import { validateBank, formatProblem, type RawBankFile } from '../../src/bank/validate.js';

const l = (en: string, zh = `${en}（中文）`) => ({ 'en-US': en, 'zh-CN': zh });
const question = (over: Record<string, unknown> = {}) => ({
  id: 'go-sample-one',
  difficulty: 'easy',
  tags: ['goroutine'],
  prompt: l('What starts a goroutine?'),
  choices: [l('The go statement'), l('The defer statement'), l('The select statement')],
  answer: 0,
  explanation: l('The go statement starts a goroutine.'),
  links: ['https://go.dev/ref/spec#Go_statements'],
  ...over,
});
const file = (...questions: unknown[]): RawBankFile => ({ file: 'go.yaml', data: { topic: 'go', questions } });

/** The problems for one file, as printed by bank:check. */
const problems = (...files: RawBankFile[]) => validateBank(files).problems.map(formatProblem);

describe('validateBank', () => {
  it('accepts a valid question and returns it with its topic', () => {
    const result = validateBank([file(question())]);
    expect(result.problems).toEqual([]);
    expect(result.questions).toMatchObject([{ id: 'go-sample-one', topic: 'go', file: 'go.yaml' }]);
  });

  it.each([
    ['a duplicate id', [question(), question({ prompt: l('Another prompt?') })], 'go.yaml > go-sample-one > id: duplicate id'],
    ['a duplicate prompt', [question(), question({ id: 'go-sample-two' })], 'go.yaml > go-sample-two > prompt.en-US: duplicate prompt (same as go-sample-one)'],
    ['a missing language', [question({ prompt: { 'en-US': 'Only English?' } })], 'go.yaml > go-sample-one > prompt.zh-CN: is missing'],
    ['an answer out of range', [question({ answer: 3 })], 'go.yaml > go-sample-one > answer: is out of range (0-2)'],
    ['an empty choice', [question({ choices: [l('The go statement'), l('  '), l('x')] })], 'go.yaml > go-sample-one > choices.1.en-US: is empty'],
    ['duplicate choices', [question({ choices: [l('The go statement'), l('the go  statement', '别的'), l('x')] })], 'go.yaml > go-sample-one > choices.1.en-US: duplicates another choice'],
    ['a link that is not https', [question({ links: ['http://go.dev/doc'] })], 'go.yaml > go-sample-one > links.0: is not an https URL'],
    ['a link off the official hosts', [question({ links: ['https://example.com/go'] })], 'go.yaml > go-sample-one > links.0: is not on an official documentation host'],
    ['an unknown tag', [question({ tags: ['goroutines'] })], 'go.yaml > go-sample-one > tags.0: unknown tag "goroutines"'],
    ['an "all of the above" choice', [question({ choices: [l('The go statement'), l('All of the above'), l('x')] })], 'go.yaml > go-sample-one > choices.1.en-US: is an "all/none of the above" choice'],
    ['one choice', [question({ choices: [l('The go statement')] })], 'go.yaml > go-sample-one > choices: needs 2-5 choices'],
    ['control characters', [question({ prompt: l('What\u0007 starts?') })], 'go.yaml > go-sample-one > prompt.en-US: contains control characters'],
    ['an answer given away by length', [question({ choices: [l('The go statement, which starts a new goroutine running the call concurrently'), l('defer'), l('select')] })], 'go.yaml > go-sample-one > choices.0: the correct choice is much longer'],
    ['an unknown field', [question({ hint: 'x' })], 'go.yaml > go-sample-one: Unrecognized key: "hint"'],
    ['a question without id', [{ ...question(), id: undefined }], 'go.yaml > #1 > id:'],
  ])('reports %s with file, question and field', (_, questions, expected) => {
    const found = problems(file(...questions));
    expect(found.some((p) => p.startsWith(expected)), found.join('\n')).toBe(true);
  });

  it('reports a duplicate id across two files', () => {
    const other: RawBankFile = { file: 'istio.yaml', data: { topic: 'istio', questions: [question({ prompt: l('Different?') })] } };
    expect(problems(file(question()), other)).toEqual([expect.stringContaining('istio.yaml > go-sample-one > id: duplicate id (also in go.yaml)')]);
  });

  it('reports a file whose topic is unknown', () => {
    expect(problems({ file: 'x.yaml', data: { topic: 'rust', questions: [] } })[0]).toMatch(/^x\.yaml > topic:/);
  });

  it('returns no questions at all when any question is broken (never half-loads)', () => {
    const result = validateBank([file(question(), question({ id: 'go-sample-two', prompt: l('Other?'), answer: 9 }))]);
    expect(result.problems).toHaveLength(1);
    expect(result.questions).toEqual([]);
  });
});
