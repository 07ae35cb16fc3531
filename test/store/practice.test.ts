import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/client.js';
import { createShowing, findShowing, type Showing } from '../../src/store/practice.js';
import { freshStore } from '../support/db.js';

let db: Db;
beforeAll(async () => {
  ({ db } = await freshStore());
  await db.question.create({ data: { id: 'q1', topic: 'go', difficulty: 'easy', tags: 'goroutine', content: '{}', answer: 0, choiceCount: 3, contentHash: 'h' } });
});
afterAll(async () => db.$disconnect());

const showing = (id: string): Showing => ({ id, userId: 'u', guildId: null, questionId: 'q1', choiceOrder: [2, 0, 1], mode: 'practice', topic: 'go', difficulty: 'any', locale: 'en-US', shownAt: new Date('2026-01-01T00:00:00Z') });

describe('showings', () => {
  it('are found again exactly as recorded, from memory while recent and from the store once evicted', async () => {
    const first = showing('first');
    await createShowing(db, first);
    await db.practiceShowing.createMany({ data: Array.from({ length: 10 }, (_, i) => ({ ...showing(`bulk${i}`), choiceOrder: '0,1,2' })) });
    for (let i = 0; i < 5000; i++) await createShowing(db, showing(`s${i}`)); // pushes "first" out of the recent map
    expect(await findShowing(db, 'first')).toEqual(first);
    expect(await findShowing(db, 's4999')).toEqual(showing('s4999'));
    expect(await findShowing(db, 'bulk3')).toMatchObject({ choiceOrder: [0, 1, 2], mode: 'practice' });
    expect(await findShowing(db, 'missing')).toBeUndefined();
  });
});
