import { describe, expect, it } from 'vitest';
import { judgeChoice } from '../../src/domain/practice.js';
import type { Question } from '../../src/domain/question.js';

const l = (s: string) => ({ 'en-US': s, 'zh-CN': s });
const question: Question = {
  id: 'q',
  topic: 'go',
  difficulty: 'easy',
  tags: ['goroutine'],
  prompt: l('p'),
  choices: [l('a'), l('b'), l('c')],
  answer: 1,
  explanation: l('e'),
  links: ['https://go.dev/'],
};

describe('judgeChoice', () => {
  it('maps the shown position back through the shuffle', () => {
    expect(judgeChoice(question, [2, 0, 1], 2)).toEqual({ choiceIndex: 1, correct: true });
    expect(judgeChoice(question, [2, 0, 1], 0)).toEqual({ choiceIndex: 2, correct: false });
  });

  it.each([3, -1, 1.5, Number.NaN])('refuses position %s that was never shown', (position) => {
    expect(judgeChoice(question, [2, 0, 1], position)).toBeUndefined();
  });

  it('refuses a stored order that does not fit the question (the question changed)', () => {
    expect(judgeChoice(question, [1, 0], 0)).toBeUndefined();
  });
});
