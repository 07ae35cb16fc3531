import fc from 'fast-check';
import { createEmptyCard, fsrs, generatorParameters, Rating, State } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { foldCard, ratingFor, type ReviewEvent } from '../../src/domain/review.js';

const day = 86_400_000;
const t0 = new Date('2026-01-05T10:00:00Z');
const ev = (answerId: number, days: number, correct: boolean, responseMs = 20_000): ReviewEvent => ({ answerId, at: new Date(t0.getTime() + days * day), correct, responseMs });

describe('foldCard', () => {
  it('schedules exactly as ts-fsrs does for a scripted Again / Good / Good / Good / Easy history', () => {
    // Wrong; right (slow) three times; then right in 2 s once the card is in review with ~20 days of
    // stability: the documented mapping makes that last one Easy.
    const history = [ev(1, 0, false), ev(2, 0.01, true), ev(3, 3, true), ev(4, 20, true), ev(5, 60, true, 2000)];
    const ratings = [Rating.Again, Rating.Good, Rating.Good, Rating.Good, Rating.Easy] as const;
    const f = fsrs(generatorParameters({ request_retention: 0.9, enable_fuzz: false }));
    let card = createEmptyCard(history[0]!.at);
    history.forEach((e, i) => (card = f.next(card, e.at, ratings[i]!).card));
    const folded = foldCard(history)!;
    expect(folded.card.due).toEqual(card.due);
    expect(folded.card.stability).toBeCloseTo(card.stability, 10);
    expect(folded.card.state).toBe(card.state);
    expect(folded.lastAnswerId).toBe(5);
    // Easy pushed it further than Good would have.
    expect(card.due.getTime()).toBeGreaterThan(f.next(foldCard(history.slice(0, 4))!.card, history[4]!.at, Rating.Good).card.due.getTime());
  });

  it('is the same whatever order the answers arrive in (it sorts by answer id)', () => {
    const history = [ev(1, 0, true), ev(2, 2, false), ev(3, 5, true)];
    expect(foldCard([...history].reverse())).toEqual(foldCard(history));
  });

  it('honours the desired retention: a higher one brings the card back sooner', () => {
    const history = [ev(1, 0, true), ev(2, 2, true), ev(3, 10, true)];
    expect(foldCard(history, 0.95)!.card.due.getTime()).toBeLessThan(foldCard(history, 0.8)!.card.due.getTime());
  });

  it('a card answered wrongly is due no later than the same card answered correctly', () => {
    const arbHistory = fc.array(fc.record({ days: fc.double({ min: 0, max: 30, noNaN: true }), correct: fc.boolean(), ms: fc.integer({ min: 500, max: 60_000 }) }), { maxLength: 8 });
    fc.assert(
      fc.property(arbHistory, fc.double({ min: 0, max: 60, noNaN: true }), (prior, gap) => {
        let at = 0;
        const events = prior.map((p, i) => ev(i + 1, (at += p.days), p.correct, p.ms));
        const last = at + gap;
        const wrong = foldCard([...events, ev(events.length + 1, last, false)])!;
        const right = foldCard([...events, ev(events.length + 1, last, true)])!;
        expect(wrong.card.due.getTime()).toBeLessThanOrEqual(right.card.due.getTime());
      }),
    );
  });
});

describe('ratingFor', () => {
  const card = createEmptyCard(t0);
  it('maps wrong to Again and right to Good', () => {
    expect(ratingFor(card, ev(1, 0, false))).toBe(Rating.Again);
    expect(ratingFor(card, ev(1, 0, true, 1000))).toBe(Rating.Good);
  });
  it('gives Easy only to a fast answer on a card already known well', () => {
    const known = { ...card, state: State.Review, stability: 30 };
    expect(ratingFor(known, ev(1, 0, true, 3000))).toBe(Rating.Easy);
    expect(ratingFor(known, ev(1, 0, true, 9000))).toBe(Rating.Good);
    expect(ratingFor({ ...known, stability: 2 }, ev(1, 0, true, 3000))).toBe(Rating.Good);
  });
});
