import { describe, expect, it } from 'vitest';
import quiz from '../../commands/quiz.js';
import { parseSlash } from '../../src/sandbox/slash.js';

const registered = [{ id: '1', ...quiz.data } as unknown as { id: string; name: string }];

describe("the sandbox page's slash-command parser", () => {
  it('builds subcommand options as Discord sends them', () => {
    expect(parseSlash('/quiz practice topic:go difficulty:hard', registered)).toEqual({
      name: 'quiz',
      options: [{ name: 'practice', type: 1, options: [{ name: 'topic', type: 3, value: 'go' }, { name: 'difficulty', type: 3, value: 'hard' }] }],
    });
  });

  it.each([
    ['/nope', /Unknown command/],
    ['/quiz', /needs one of: practice/],
    ['/quiz practice topic:rust', /topic must be one of/],
    ['/quiz practice colour:red', /Unknown option/],
  ])('refuses %s as Discord would', (text, error) => {
    const result = parseSlash(text, registered);
    expect('error' in result && result.error).toMatch(error);
  });
});
