import type { Card } from 'ts-fsrs';
import { TAG_NAMES, TAGS, TOPICS, type Topic } from '../bank/tags.js';
import { schedulerFor } from './review.js';

/**
 * A member's mastery of a concept (a tag of the bank), between 0 and 1: the mean FSRS
 * retrievability, now, of their cards on the concept's questions where they have cards (how
 * likely they are to recall it today); else their accuracy on it; else "not seen". A concept the
 * bank has no question on is reported as such, never hidden.
 */
export type Mastery = { kind: 'memory' | 'accuracy'; value: number } | { kind: 'unseen' } | { kind: 'noQuestions' };

/** At or above this, a concept counts as mastered (the group map's share, the study list's cut). */
export const MASTERED = 0.8;

export interface ConceptEvidence {
  /** questions the bank serves on the concept */
  questions: number;
  /** retrievability of each of the member's cards on the concept's questions */
  retrievability: readonly number[];
  answers: number;
  correct: number;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

export function conceptMastery(e: ConceptEvidence): Mastery {
  if (e.questions === 0 && e.answers === 0 && e.retrievability.length === 0) return { kind: 'noQuestions' };
  if (e.retrievability.length) return { kind: 'memory', value: clamp01(e.retrievability.reduce((a, b) => a + clamp01(b), 0) / e.retrievability.length) };
  if (e.answers > 0) return { kind: 'accuracy', value: clamp01(e.correct / e.answers) };
  return e.questions === 0 ? { kind: 'noQuestions' } : { kind: 'unseen' };
}

export const masteryValue = (m: Mastery): number | undefined => (m.kind === 'memory' || m.kind === 'accuracy' ? m.value : undefined);
export const isMastered = (m: Mastery) => (masteryValue(m) ?? 0) >= MASTERED;

/** How likely the member recalls a card's question at `now` (ts-fsrs' forgetting curve). */
export function retrievabilityOf(card: Card, now: Date, retention?: number): number {
  if (!card.last_review) return 0;
  return clamp01(schedulerFor(retention ?? 0.9).get_retrievability(card, now, false));
}

export interface ConceptLine {
  tag: string;
  topic: Topic;
  mastery: Mastery;
}

/**
 * The map's order: grouped by topic, topics in the order the plan first reaches them, concepts in
 * the order the plan teaches them; concepts outside the plan follow in the bank's own order.
 */
export function mapOrder(planTags: readonly string[]): { topic: Topic; tags: string[] }[] {
  const position = new Map<string, number>();
  planTags.forEach((t, i) => position.has(t) || position.set(t, i));
  const rank = (t: string) => position.get(t) ?? planTags.length + TAG_NAMES.indexOf(t as (typeof TAG_NAMES)[number]);
  const groups = TOPICS.map((topic) => ({ topic, tags: TAG_NAMES.filter((t) => TAGS[t].topic === topic).sort((a, b) => rank(a) - rank(b)) }));
  const first = (g: { tags: string[] }) => Math.min(...g.tags.map(rank));
  return groups.filter((g) => g.tags.length).sort((a, b) => first(a) - first(b));
}

/**
 * The five concepts to study next: not yet mastered and with questions to practise; this week's
 * concepts first, then earlier plan weeks', then the rest; within each, the weakest first (not
 * seen counts as weakest), then in plan order.
 */
export function studyNext(lines: readonly ConceptLine[], thisWeek: readonly string[], earlier: readonly string[], planOrder: readonly string[], n = 5): string[] {
  const tier = (t: string) => (thisWeek.includes(t) ? 0 : earlier.includes(t) ? 1 : 2);
  const order = (t: string) => {
    const i = planOrder.indexOf(t);
    return i < 0 ? planOrder.length + TAG_NAMES.indexOf(t as (typeof TAG_NAMES)[number]) : i;
  };
  return lines
    .filter((l) => l.mastery.kind !== 'noQuestions' && !isMastered(l.mastery))
    .sort((a, b) => tier(a.tag) - tier(b.tag) || (masteryValue(a.mastery) ?? -1) - (masteryValue(b.mastery) ?? -1) || order(a.tag) - order(b.tag))
    .slice(0, n)
    .map((l) => l.tag);
}

/** The group's map: for each concept, the share of members (who answered anything) who master it. */
export function masteredShare(members: readonly (ReadonlyMap<string, Mastery>)[], tag: string): number | undefined {
  if (!members.length) return undefined;
  return members.filter((m) => {
    const x = m.get(tag);
    return x !== undefined && isMastered(x);
  }).length / members.length;
}

/**
 * A member's mastery of every concept: `questionsByTag` is what the server serves on each tag,
 * `cards` the member's cards (any question), `accuracy` their answers per tag in the server.
 */
export function memberMastery(
  tags: readonly string[],
  questionsByTag: ReadonlyMap<string, ReadonlySet<string>>,
  cards: readonly { questionId: string; card: Card }[],
  accuracy: ReadonlyMap<string, { answers: number; correct: number }>,
  now: Date,
  retention?: number,
): Map<string, Mastery> {
  const recall = new Map(cards.map((c) => [c.questionId, retrievabilityOf(c.card, now, retention)]));
  return new Map(
    tags.map((tag) => {
      const questions = questionsByTag.get(tag) ?? new Set<string>();
      const retrievability = [...questions].flatMap((q) => (recall.has(q) ? [recall.get(q)!] : []));
      const tally = accuracy.get(tag) ?? { answers: 0, correct: 0 };
      return [tag, conceptMastery({ questions: questions.size, retrievability, answers: tally.answers, correct: tally.correct })];
    }),
  );
}

/** Which questions carry each tag. */
export function questionsByTag(questions: readonly { id: string; tags: readonly string[] }[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const q of questions) for (const tag of q.tags) (map.get(tag) ?? map.set(tag, new Set()).get(tag)!).add(q.id);
  return map;
}
