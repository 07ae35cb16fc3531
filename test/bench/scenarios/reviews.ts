import Database from 'better-sqlite3';
import { openStore } from '../../../src/store/client.js';
import { dueCards, reviewSummary } from '../../../src/store/reviews.js';
import { log, median, record } from '../measure.js';

/** 7 (issue 7). /review start for a member with 5,000 cards: the store's queries against the same queries in raw SQL on the same file. */
export async function benchReviews(dir: string) {
  const { db, path } = await openStore(`file:${dir}/reviews.db`);
  const now = new Date('2026-06-01T00:00:00Z');
  const user = '100000000000000042';
  const cards = Array.from({ length: 5000 }, (_, i) => ({
    userId: user, questionId: `q${i}`, due: new Date(now.getTime() + (i % 2 ? 1 : -1) * (i + 1) * 60_000), stability: 3, difficulty: 5,
    elapsedDays: 1, scheduledDays: 3, learningSteps: 0, reps: 2, lapses: 0, state: 2, lastReview: now, lastAnswerId: i,
  }));
  // Other members' cards too, so the index has to pick this member's out.
  const others = cards.flatMap((c, i) => (i < 2000 ? [{ ...c, userId: `2000000000000000${i % 20}` }] : []));
  await db.reviewCard.createMany({ data: [...cards, ...others] });
  const store = await median(() => Promise.all([dueCards(db, user, now, 10), reviewSummary(db, user, now)]));
  const raw = new Database(path, { readonly: true });
  const due = raw.prepare('SELECT questionId, due FROM ReviewCard WHERE userId = ? AND due <= ? ORDER BY due ASC LIMIT 10');
  const count = raw.prepare('SELECT COUNT(*) AS n FROM ReviewCard WHERE userId = ? AND due <= ?');
  const next = raw.prepare('SELECT due FROM ReviewCard WHERE userId = ? AND due > ? ORDER BY due ASC LIMIT 1');
  const rawMs = await median(() => [due.all(user, now.getTime()), count.get(user, now.getTime()), next.get(user, now.getTime())]);
  raw.close();
  await db.$disconnect();
  record('/review start store queries, 5,000 cards (median)', store, 'ms', rawMs, '< 20 ms', store < 20);
  log('7. review');
}
