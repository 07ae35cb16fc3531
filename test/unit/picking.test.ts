import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickQuestion, shuffledOrder } from '../../src/domain/picking.js';

/** Simulates a member asking for `draws` questions from a pool, as /quiz practice does. */
function simulate(poolSize: number, draws: number, rng: () => number) {
  const counts = new Map<string, number>();
  const ids = Array.from({ length: poolSize }, (_, i) => `q${i}`);
  const seen: string[] = [];
  for (let n = 0; n < draws; n++) {
    const id = pickQuestion(ids.map((id) => ({ id, timesShown: counts.get(id) ?? 0 })), rng, seen.at(-1))!;
    counts.set(id, (counts.get(id) ?? 0) + 1);
    seen.push(id);
  }
  return seen;
}

const rngArb = fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })).map((s) => {
  const it = s[Symbol.iterator]();
  return () => it.next().value as number;
});

describe('pickQuestion', () => {
  it('never repeats a question until the whole pool has been seen, cycle after cycle', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 4 }), rngArb, (size, cycles, rng) => {
        const seen = simulate(size, size * cycles, rng);
        for (let c = 0; c < cycles; c++) expect(new Set(seen.slice(c * size, (c + 1) * size)).size).toBe(size);
      }),
    );
  });

  it('does not show the same question twice in a row when the pool has more than one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 20 }), rngArb, (size, rng) => {
        const seen = simulate(size, size * 3, rng);
        seen.forEach((id, i) => i > 0 && expect(id).not.toBe(seen[i - 1]));
      }),
    );
  });

  it('returns nothing for an empty pool', () => {
    expect(pickQuestion([], Math.random)).toBeUndefined();
  });
});

describe('shuffledOrder', () => {
  it('is always a permutation of the choice indexes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), rngArb, (n, rng) => {
        expect([...shuffledOrder(n, rng)].sort()).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('puts the first choice in every position about equally often', () => {
    const positions = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) positions[shuffledOrder(4, Math.random).indexOf(0)]!++;
    for (const count of positions) expect(count).toBeGreaterThan(1700);
  });
});
