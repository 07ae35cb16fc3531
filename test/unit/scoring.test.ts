import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basePoints, rankStandings, scoreRound, streakBonus, type PlayerAnswer } from '../../src/domain/scoring.js';

const allowed = fc.integer({ min: 10_000, max: 60_000 });

describe('basePoints', () => {
  it('is never negative, never above 1000, and at least 500 within the time allowed', () => {
    fc.assert(
      fc.property(allowed, fc.integer({ min: 0, max: 120_000 }), (T, t) => {
        const p = basePoints(t, T);
        expect(p).toBeGreaterThanOrEqual(500);
        expect(p).toBeLessThanOrEqual(1000);
      }),
    );
  });

  it('never rewards answering later (monotonic in response time)', () => {
    fc.assert(
      fc.property(allowed, fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 60_000 }), (T, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(basePoints(early, T)).toBeGreaterThanOrEqual(basePoints(late, T));
      }),
    );
  });

  it('follows round(1000 * (1 - (t/T)/2)) with full points under half a second', () => {
    expect(basePoints(499, 20_000)).toBe(1000);
    expect(basePoints(10_000, 20_000)).toBe(750);
    expect(basePoints(20_000, 20_000)).toBe(500);
    expect(basePoints(5_000, 20_000)).toBe(875);
  });
});

describe('streakBonus', () => {
  it('adds 100 per consecutive correct answer after the first, capped at 500', () => {
    expect([1, 2, 3, 6, 7, 50].map(streakBonus)).toEqual([0, 100, 200, 500, 500, 500]);
  });
});

const answerArb = fc.record({
  userId: fc.constantFrom('a', 'b', 'c'),
  questionIndex: fc.integer({ min: 0, max: 9 }),
  correct: fc.boolean(),
  responseMs: fc.integer({ min: 0, max: 20_000 }),
});

describe('scoreRound', () => {
  it('gives 0 for wrong answers and resets the streak', () => {
    const answers: PlayerAnswer[] = [
      { userId: 'a', questionIndex: 0, correct: true, responseMs: 100 },
      { userId: 'a', questionIndex: 1, correct: true, responseMs: 100 },
      { userId: 'a', questionIndex: 2, correct: false, responseMs: 100 },
      { userId: 'a', questionIndex: 3, correct: true, responseMs: 100 },
    ];
    const [a] = scoreRound(answers, 20_000, 4);
    expect(a).toMatchObject({ points: 1000 + 1100 + 0 + 1000, correct: 3, bestStreak: 2 });
  });

  it('a skipped question breaks the streak too', () => {
    const answers: PlayerAnswer[] = [0, 2].map((q) => ({ userId: 'a', questionIndex: q, correct: true, responseMs: 100 }));
    expect(scoreRound(answers, 20_000, 3)[0]!.points).toBe(2000);
  });

  it('totals are the sum of per-question points, never negative, and independent of input order', () => {
    fc.assert(
      fc.property(fc.array(answerArb, { maxLength: 40 }), (raw) => {
        const unique = [...new Map(raw.map((a) => [`${a.userId}:${a.questionIndex}`, a])).values()];
        const scores = scoreRound(unique, 20_000, 10);
        const reversed = scoreRound([...unique].reverse(), 20_000, 10);
        for (const s of scores) {
          expect(s.points).toBe([...s.perQuestion.values()].reduce((x, y) => x + y, 0));
          expect(s.points).toBeGreaterThanOrEqual(0);
          expect(s.points).toBeLessThanOrEqual(10 * 1500);
          expect(reversed.find((r) => r.userId === s.userId)?.points).toBe(s.points);
        }
      }),
    );
  });

  it('ignores answers to questions that have not closed yet', () => {
    const answers: PlayerAnswer[] = [
      { userId: 'a', questionIndex: 0, correct: true, responseMs: 100 },
      { userId: 'a', questionIndex: 3, correct: true, responseMs: 100 },
      { userId: 'b', questionIndex: 3, correct: true, responseMs: 100 },
    ];
    expect(scoreRound(answers, 20_000, 3).map((s) => [s.userId, s.points])).toEqual([['a', 1000]]);
  });
});

describe('rankStandings', () => {
  it('orders by points and shares a rank on a tie', () => {
    const s = (userId: string, points: number, correct: number) => ({ userId, points, correct, bestStreak: 0, perQuestion: new Map() });
    const ranked = rankStandings([s('c', 500, 1), s('a', 900, 1), s('b', 900, 1), s('d', 100, 1)]);
    expect(ranked.map((r) => [r.userId, r.rank])).toEqual([['a', 1], ['b', 1], ['c', 3], ['d', 4]]);
  });
});
