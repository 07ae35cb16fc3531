import type { Question } from './question.js';

/**
 * Maps the button a member pressed (its position in the shuffled order) back to the question's own
 * choice and judges it. Returns undefined for a position that was never shown (a forged custom_id).
 */
export function judgeChoice(question: Question, order: readonly number[], displayIndex: number): { choiceIndex: number; correct: boolean } | undefined {
  if (order.length !== question.choices.length || !Number.isInteger(displayIndex)) return undefined;
  const choiceIndex = order[displayIndex];
  if (choiceIndex === undefined) return undefined;
  return { choiceIndex, correct: choiceIndex === question.answer };
}

export const CHOICE_LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;
