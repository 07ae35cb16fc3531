import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TAG_NAMES, TAGS } from '../../src/bank/tags.js';
import { conceptMastery, mapOrder, masteredShare, masteryValue, memberMastery, questionsByTag, studyNext, type Mastery } from '../../src/domain/mastery.js';
import { foldCard, type ReviewEvent } from '../../src/domain/review.js';
import { BUILTIN_PLANS } from '../../src/domain/plan-builtin.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');

/** A member's answers to questions q0..q3 (all tagged "goroutine", q0 and q1 also "channel"), in time order. */
const history = fc.array(fc.record({ q: fc.nat(3), correct: fc.boolean(), gap: fc.integer({ min: 60_000, max: 20 * DAY }), ms: fc.integer({ min: 500, max: 30_000 }) }), { maxLength: 25 });
const QUESTIONS = [
  { id: 'q0', tags: ['goroutine', 'channel'] },
  { id: 'q1', tags: ['goroutine', 'channel'] },
  { id: 'q2', tags: ['goroutine'] },
  { id: 'q3', tags: ['goroutine'] },
];

function masteryAfter(answers: { q: number; correct: boolean; at: number; ms: number }[], now: number): Map<string, Mastery> {
  const cards = QUESTIONS.flatMap((q, qi) => {
    const events: ReviewEvent[] = answers.flatMap((a, i) => (a.q === qi ? [{ answerId: i + 1, at: new Date(a.at), correct: a.correct, responseMs: a.ms }] : []));
    const folded = foldCard(events);
    return folded ? [{ questionId: q.id, card: folded.card }] : [];
  });
  const accuracy = new Map<string, { answers: number; correct: number }>();
  for (const a of answers)
    for (const tag of QUESTIONS[a.q]!.tags) {
      const x = accuracy.get(tag) ?? { answers: 0, correct: 0 };
      accuracy.set(tag, { answers: x.answers + 1, correct: x.correct + (a.correct ? 1 : 0) });
    }
  return memberMastery(['goroutine', 'channel', 'ns-pid', 'mcache'], questionsByTag(QUESTIONS), cards, accuracy, new Date(now));
}

const timed = (h: { q: number; correct: boolean; gap: number; ms: number }[]) => {
  let at = T0;
  return h.map((a) => ({ q: a.q, correct: a.correct, ms: a.ms, at: (at += a.gap) }));
};

describe('mastery (property-tested)', () => {
  it('is never above 1 nor below 0, whatever the answers', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 60 * DAY }), (h, later) => {
        const answers = timed(h);
        for (const m of masteryAfter(answers, (answers.at(-1)?.at ?? T0) + later).values()) {
          const v = masteryValue(m);
          if (v !== undefined) expect(v >= 0 && v <= 1).toBe(true);
        }
      }),
    );
  });

  it('a correct answer never lowers it, at the moment of the answer', () => {
    fc.assert(
      fc.property(history, fc.nat(3), fc.integer({ min: 60_000, max: 30 * DAY }), fc.integer({ min: 500, max: 30_000 }), (h, q, gap, ms) => {
        const answers = timed(h);
        const at = (answers.at(-1)?.at ?? T0) + gap;
        const before = masteryAfter(answers, at);
        const after = masteryAfter([...answers, { q, correct: true, at, ms }], at);
        for (const tag of QUESTIONS[q]!.tags) expect(masteryValue(after.get(tag)!)!).toBeGreaterThanOrEqual(masteryValue(before.get(tag)!) ?? 0);
      }),
    );
  });

  it('reports a concept with no question (and one never seen) instead of hiding it', () => {
    const m = masteryAfter(timed([{ q: 0, correct: true, gap: DAY, ms: 1000 }]), T0 + 2 * DAY);
    expect([...m.keys()]).toEqual(['goroutine', 'channel', 'ns-pid', 'mcache']);
    expect(m.get('ns-pid')).toEqual({ kind: 'noQuestions' });
    expect(m.get('goroutine')?.kind).toBe('memory');
    expect(conceptMastery({ questions: 3, retrievability: [], answers: 0, correct: 0 })).toEqual({ kind: 'unseen' });
    expect(conceptMastery({ questions: 3, retrievability: [], answers: 4, correct: 3 })).toEqual({ kind: 'accuracy', value: 0.75 });
  });

  it('uses card retrievability where there are cards, which fades with time', () => {
    const answers = timed([{ q: 2, correct: true, gap: DAY, ms: 1000 }]);
    const soon = masteryValue(masteryAfter(answers, answers[0]!.at + DAY).get('goroutine')!)!;
    const late = masteryValue(masteryAfter(answers, answers[0]!.at + 60 * DAY).get('goroutine')!)!;
    expect(late).toBeLessThan(soon);
  });
});

describe('the map and the study list', () => {
  it('groups by topic in the order the plan reaches them, concepts in plan order, all of them', () => {
    const plan = BUILTIN_PLANS.notes.flat();
    const groups = mapOrder(plan);
    expect(groups.map((g) => g.topic)).toEqual(['cloud-native', 'go', 'containers', 'kubernetes', 'istio']);
    expect(groups.flatMap((g) => g.tags).sort()).toEqual([...TAG_NAMES].sort());
    const go = groups.find((g) => g.topic === 'go')!.tags;
    expect(go.slice(0, 3)).toEqual(['goroutine', 'channel', 'context']);
    expect(go.indexOf('select')).toBeGreaterThan(go.indexOf('go-vs-java-gc')); // not in the plan: after it
    for (const g of groups) expect(g.tags.every((t) => TAGS[t as keyof typeof TAGS].topic === g.topic)).toBe(true);
  });

  it('study next: five unmastered concepts with questions, this week first, weakest first', () => {
    const m = (value?: number): Mastery => (value === undefined ? { kind: 'unseen' } : { kind: 'accuracy', value });
    const lines = [
      { tag: 'goroutine', topic: 'go' as const, mastery: m(0.9) },
      { tag: 'channel', topic: 'go' as const, mastery: m(0.5) },
      { tag: 'context', topic: 'go' as const, mastery: m() },
      { tag: 'mcache', topic: 'go' as const, mastery: m(0.1) },
      { tag: 'mheap', topic: 'go' as const, mastery: { kind: 'noQuestions' } as Mastery },
      { tag: 'ns-pid', topic: 'containers' as const, mastery: m(0.3) },
    ];
    expect(studyNext(lines, ['goroutine', 'channel', 'context'], ['ns-pid'], ['ns-pid', 'goroutine', 'channel', 'context'])).toEqual(['context', 'channel', 'ns-pid', 'mcache']);
  });

  it('the group share counts members at 80% or more', () => {
    const a = new Map<string, Mastery>([['x', { kind: 'memory', value: 0.95 }]]);
    const b = new Map<string, Mastery>([['x', { kind: 'accuracy', value: 0.5 }]]);
    expect(masteredShare([a, b, new Map()], 'x')).toBeCloseTo(1 / 3);
    expect(masteredShare([], 'x')).toBeUndefined();
  });
});
