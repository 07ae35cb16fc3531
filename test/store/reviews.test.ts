import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldCard } from '../../src/domain/review.js';
import type { Db } from '../../src/store/client.js';
import pino from 'pino';
import { ReviewUpdater } from '../../src/scheduler/reviews.js';
import { refreshCard } from '../../src/store/reviews.js';
import { freshStore } from '../support/db.js';

let db: Db;
beforeAll(async () => {
  ({ db } = await freshStore());
  await db.question.create({ data: { id: 'q1', topic: 'go', difficulty: 'easy', tags: 'goroutine', content: '{}', answer: 0, choiceCount: 3, contentHash: 'h' } });
});
afterAll(async () => db.$disconnect());

const answer = (sourceId: string, correct: boolean, at: Date) =>
  db.answer.create({ data: { source: 'practice', sourceId, userId: 'u1', questionId: 'q1', choiceIndex: 0, correct, responseMs: 20_000, answeredAt: at } });

describe('review cards in the store', () => {
  it('two devices answering the same card at once converge on the state of all answers', async () => {
    const at = new Date('2026-02-01T10:00:00Z');
    const [a, b] = await Promise.all([answer('dev-a', false, at), answer('dev-b', true, new Date(at.getTime() + 1000))]);
    await Promise.all([refreshCard(db, 'u1', 'q1'), refreshCard(db, 'u1', 'q1'), refreshCard(db, 'u1', 'q1')]);
    const stored = await db.reviewCard.findUniqueOrThrow({ where: { userId_questionId: { userId: 'u1', questionId: 'q1' } } });
    const expected = foldCard([a, b].map((x) => ({ answerId: x.id, at: x.answeredAt, correct: x.correct, responseMs: x.responseMs })))!;
    expect(stored.lastAnswerId).toBe(Math.max(a.id, b.id));
    expect(stored.due).toEqual(expected.card.due);
    expect(stored.reps).toBe(2);
  });

  it('the background updater stores the card after a burst settles, once per card', async () => {
    const updater = new ReviewUpdater(db, pino({ level: 'silent' }), 20, 200);
    await db.question.create({ data: { id: 'q2', topic: 'go', difficulty: 'easy', tags: 'goroutine', content: '{}', answer: 0, choiceCount: 3, contentHash: 'h' } });
    await db.answer.create({ data: { source: 'practice', sourceId: 'burst', userId: 'u2', questionId: 'q2', choiceIndex: 0, correct: true, responseMs: 900 } });
    for (let i = 0; i < 5; i++) updater.note('u2', 'q2');
    expect(await db.reviewCard.count({ where: { userId: 'u2' } })).toBe(0);
    await updater.flush();
    expect(await db.reviewCard.findUniqueOrThrow({ where: { userId_questionId: { userId: 'u2', questionId: 'q2' } } })).toMatchObject({ reps: 1 });
  });

  it('never lets a stale recomputation overwrite a newer state', async () => {
    const before = await db.reviewCard.findUniqueOrThrow({ where: { userId_questionId: { userId: 'u1', questionId: 'q1' } } });
    await db.reviewCard.update({ where: { userId_questionId: { userId: 'u1', questionId: 'q1' } }, data: { lastAnswerId: before.lastAnswerId + 100, reps: 99 } });
    await refreshCard(db, 'u1', 'q1');
    expect((await db.reviewCard.findUniqueOrThrow({ where: { userId_questionId: { userId: 'u1', questionId: 'q1' } } })).reps).toBe(99);
  });
});
