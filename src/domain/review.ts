import { createEmptyCard, fsrs, generatorParameters, Rating, State, type Card, type Grade } from 'ts-fsrs';

/**
 * Spaced repetition with FSRS (ts-fsrs, the scheduler modern Anki uses). Every answer a member
 * gives, in practice, a round or the daily, is a review of that question's card:
 *   wrong                                   -> Again
 *   right                                   -> Good
 *   right within 5 s on a card already in
 *   review with a stability of 7+ days      -> Easy  (fast, and already known well)
 * A card is the fold of its answers in order, so it is the same however often, or by how many
 * processes, it is recomputed.
 */
export const DEFAULT_RETENTION = 0.9;
export const MIN_RETENTION = 0.7;
export const MAX_RETENTION = 0.97;
export const EASY_WITHIN_MS = 5000;
export const EASY_MIN_STABILITY_DAYS = 7;

export interface ReviewEvent {
  answerId: number;
  at: Date;
  correct: boolean;
  responseMs: number;
}

export function ratingFor(card: Card, e: ReviewEvent): Grade {
  if (!e.correct) return Rating.Again;
  const knownWell = card.state === State.Review && card.stability >= EASY_MIN_STABILITY_DAYS;
  return knownWell && e.responseMs <= EASY_WITHIN_MS ? Rating.Easy : Rating.Good;
}

const schedulers = new Map<number, ReturnType<typeof fsrs>>();
/** Fuzz off: the same history gives the same due date, in tests and across processes. */
export function schedulerFor(retention: number) {
  let s = schedulers.get(retention);
  if (!s) schedulers.set(retention, (s = fsrs(generatorParameters({ request_retention: retention, enable_fuzz: false }))));
  return s;
}

/** The card after these answers (in answer order), or undefined when there are none. */
export function foldCard(events: readonly ReviewEvent[], retention = DEFAULT_RETENTION): { card: Card; lastAnswerId: number } | undefined {
  const sorted = [...events].sort((a, b) => a.answerId - b.answerId);
  const first = sorted[0];
  if (!first) return undefined;
  const f = schedulerFor(retention);
  let card = createEmptyCard(first.at);
  for (const e of sorted) card = f.next(card, e.at, ratingFor(card, e)).card;
  return { card, lastAnswerId: sorted.at(-1)!.answerId };
}

export const isValidRetention = (r: number) => Number.isFinite(r) && r >= MIN_RETENTION && r <= MAX_RETENTION;
