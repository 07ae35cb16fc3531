import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/client.js';
import { recordAnswer, type NewAnswer } from '../../src/store/answers.js';
import { freshStore } from '../support/db.js';

let db: Db;
beforeAll(async () => {
  ({ db } = await freshStore());
  await db.question.create({ data: { id: 'q1', topic: 'go', difficulty: 'easy', tags: 'goroutine', content: '{}', answer: 0, choiceCount: 3, contentHash: 'h' } });
});
afterAll(async () => db.$disconnect());

const answer = (over: Partial<NewAnswer> = {}): NewAnswer => ({
  source: 'practice',
  sourceId: 's1',
  userId: '100000000000000001',
  guildId: '200000000000000001',
  questionId: 'q1',
  choiceIndex: 0,
  correct: true,
  points: 0,
  responseMs: 900,
  answeredAt: new Date(),
  ...over,
});

describe('recordAnswer: the unique constraint decides', () => {
  it('records the first answer and reports the second as a duplicate, not an error', async () => {
    expect(await recordAnswer(db, answer({ sourceId: 'first' }))).toBe('recorded');
    expect(await recordAnswer(db, answer({ sourceId: 'first', choiceIndex: 1 }))).toBe('duplicate');
    expect(await db.answer.count({ where: { sourceId: 'first' } })).toBe(1);
  });

  it('keeps exactly one of 50 concurrent answers by one member to one showing', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => recordAnswer(db, answer({ sourceId: 'race', choiceIndex: i % 3 }))));
    expect(results.filter((r) => r === 'recorded')).toHaveLength(1);
    expect(await db.answer.count({ where: { sourceId: 'race' } })).toBe(1);
  });

  it('lets different members answer the same showing source independently', async () => {
    const users = ['100000000000000002', '100000000000000003'];
    await Promise.all(users.map((userId) => recordAnswer(db, answer({ sourceId: 'shared', userId }))));
    expect(await db.answer.count({ where: { sourceId: 'shared' } })).toBe(2);
  });
});
