import type { Card } from 'ts-fsrs';
import { DEFAULT_RETENTION, foldCard } from '../domain/review.js';
import type { Db } from './client.js';
import { isUniqueViolation } from './client.js';

const toRow = (card: Card) => ({
  due: card.due,
  stability: card.stability,
  difficulty: card.difficulty,
  elapsedDays: card.elapsed_days,
  scheduledDays: card.scheduled_days,
  learningSteps: card.learning_steps,
  reps: card.reps,
  lapses: card.lapses,
  state: card.state,
  lastReview: card.last_review ?? null,
});

export async function retentionOf(db: Db, userId: string): Promise<number> {
  return (await db.reviewPrefs.findUnique({ where: { userId } }))?.retention ?? DEFAULT_RETENTION;
}

export const setRetention = (db: Db, userId: string, retention: number) =>
  db.reviewPrefs.upsert({ where: { userId }, create: { userId, retention }, update: { retention } });

/**
 * Recomputes a member's card for a question from all their answers to it and stores it unless a
 * state from a later answer is already stored: concurrent answers (two devices) converge on the
 * state of the last answer, never on a stale one.
 */
export async function refreshCard(db: Db, userId: string, questionId: string): Promise<Card | undefined> {
  const [answers, retention] = await Promise.all([
    db.answer.findMany({ where: { userId, questionId }, select: { id: true, answeredAt: true, correct: true, responseMs: true } }),
    retentionOf(db, userId),
  ]);
  const folded = foldCard(answers.map((a) => ({ answerId: a.id, at: a.answeredAt, correct: a.correct, responseMs: a.responseMs })), retention);
  if (!folded) return undefined;
  const data = { ...toRow(folded.card), lastAnswerId: folded.lastAnswerId };
  const newer = () => db.reviewCard.updateMany({ where: { userId, questionId, lastAnswerId: { lt: folded.lastAnswerId } }, data });
  if ((await newer()).count === 0) {
    try {
      await db.reviewCard.create({ data: { userId, questionId, ...data } });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      await newer();
    }
  }
  return folded.card;
}

/** Due cards, most overdue first, via the (userId, due) index. */
export const dueCards = (db: Db, userId: string, now: Date, take = 1) =>
  db.reviewCard.findMany({ where: { userId, due: { lte: now } }, orderBy: { due: 'asc' }, take, select: { questionId: true, due: true } });

export async function reviewSummary(db: Db, userId: string, now: Date) {
  const [due, next] = await Promise.all([
    db.reviewCard.count({ where: { userId, due: { lte: now } } }),
    db.reviewCard.findFirst({ where: { userId, due: { gt: now } }, orderBy: { due: 'asc' }, select: { due: true } }),
  ]);
  return { due, nextDue: next?.due };
}

export async function forgetReviews(db: Db, userId: string) {
  await db.$transaction([db.reviewCard.deleteMany({ where: { userId } }), db.reviewPrefs.deleteMany({ where: { userId } })]);
}

/** The member's weakest tag (lowest accuracy among tags with 3+ answers), for "practise this next". */
export async function weakestTag(db: Db, userId: string, tagsOf: (questionId: string) => readonly string[] | undefined): Promise<string | undefined> {
  const answers = await db.answer.findMany({ where: { userId }, select: { questionId: true, correct: true } });
  const stats = new Map<string, { n: number; right: number }>();
  for (const a of answers) {
    for (const tag of tagsOf(a.questionId) ?? []) {
      const s = stats.get(tag) ?? { n: 0, right: 0 };
      s.n++;
      if (a.correct) s.right++;
      stats.set(tag, s);
    }
  }
  return [...stats.entries()].filter(([, s]) => s.n >= 3).sort((a, b) => a[1].right / a[1].n - b[1].right / b[1].n || a[0].localeCompare(b[0]))[0]?.[0];
}
