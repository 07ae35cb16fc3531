import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAnswer } from '../../src/store/answers.js';
import { wrapQueries, type Db } from '../../src/store/client.js';
import { setAnswerPoints } from '../../src/store/rounds.js';
import { ScoreKeeper } from '../../src/store/score-keeper.js';
import { rebuildServer } from '../../src/store/score-rebuild.js';
import { aggregatesOf, insertAnswers, seedQuestions } from '../support/answers.js';
import { freshStore, STORE } from '../support/db.js';

/**
 * PostgreSQL, where several processes write the leaderboards at once: a long recount of one
 * server holds only that server's lock, so rounds closing in other servers and the pass counting
 * their answers go on. The recount is held mid-batch by a latch the test releases.
 */
let db: Db;
beforeAll(async () => {
  expect(STORE).toBe('postgres');
  ({ db } = await freshStore());
  await seedQuestions(db);
  for (const guildId of ['big', 'other']) await db.dailySettings.create({ data: { guildId, channelId: '1', time: '09:00', timezone: 'Europe/Berlin' } });
});
afterAll(async () => db.$disconnect());

describe('the leaderboards’ locks are per server', () => {
  it('a round closes and answers are counted in one server while another server’s recount is held mid-batch', async () => {
    await insertAnswers(db, 'big', 3000);
    await insertAnswers(db, 'other', 100);
    await new ScoreKeeper(db).catchUp();

    let arrived!: () => void;
    let release!: () => void;
    const inBatch = new Promise<void>((r) => (arrived = r));
    const released = new Promise<void>((r) => (release = r));
    const held = wrapQueries(db, async (run, { model, operation, args }) => {
      const where = (args as { where?: { guildId?: string } } | undefined)?.where;
      if (model === 'Answer' && operation === 'findMany' && where?.guildId === 'big') {
        arrived();
        await released;
      }
      return run();
    });
    const recount = rebuildServer(held, 'big');
    await inBatch;

    // While the big server's lock is held: a round close in the other server moves its points,
    // and a new answer there is counted into its boards.
    const closing = await db.answer.findMany({ where: { guildId: 'other', correct: true }, take: 5, orderBy: { id: 'asc' } });
    await setAnswerPoints(db, closing.map((a) => ({ id: a.id, points: a.points + 1 })));
    await recordAnswer(db, { source: 'round', sourceId: 'during', userId: 'newcomer', guildId: 'other', questionId: 'q-k8s', choiceIndex: 0, correct: true, points: 250, responseMs: 1, answeredAt: new Date(Date.UTC(2026, 11, 2, 12)) });
    await new ScoreKeeper(db).catchUp();
    const other = await aggregatesOf(db, 'other');
    expect(other.scores.find((s) => s.period === 'all' && s.topic === 'any' && s.userId === 'newcomer')?.points).toBe(250);

    release();
    expect(await recount).toBe(3000);
    // The other server's boards equal its own recount.
    await rebuildServer(db, 'other');
    expect(await aggregatesOf(db, 'other')).toEqual(other);
  });
});
