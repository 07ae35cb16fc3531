import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAnswer } from '../../src/store/answers.js';
import { wrapQueries, type Db } from '../../src/store/client.js';
import { setAnswerPoints } from '../../src/store/rounds.js';
import { ScoreKeeper } from '../../src/store/score-keeper.js';
import { rebuildServer } from '../../src/store/score-rebuild.js';
import { PAGE } from '../../src/store/score-watermark.js';
import { aggregatesOf, insertAnswers, seedQuestions } from '../support/answers.js';
import { freshStore, STORE } from '../support/db.js';

let db: Db;
beforeAll(async () => {
  ({ db } = await freshStore());
  await seedQuestions(db);
  for (const guildId of ['A', 'B']) await db.dailySettings.create({ data: { guildId, channelId: '1', time: '09:00', timezone: 'Asia/Shanghai' } });
});
afterAll(async () => db.$disconnect());

describe('recounting a server in batches', () => {
  it('stopped halfway, with answers and point changes arriving meanwhile, resumes at the next start and ends as an uninterrupted recount would', async () => {
    await insertAnswers(db, 'A', PAGE * 2 + 500);
    await insertAnswers(db, 'B', 300);
    await new ScoreKeeper(db).catchUp();
    const bBefore = await aggregatesOf(db, 'B');

    // The recount's second batch fails (the process "stops" there): the first batch's progress is kept.
    let batches = 0;
    const failing = wrapQueries(db, async (run, { model, operation, args }) => {
      const where = (args as { where?: { guildId?: string } } | undefined)?.where;
      if (model === 'Answer' && operation === 'findMany' && where?.guildId === 'A' && ++batches === 2) throw new Error('process stopped');
      return run();
    });
    await expect(rebuildServer(failing, 'A')).rejects.toThrow('process stopped');
    expect(Number((await db.meta.findUniqueOrThrow({ where: { key: 'scores.recount.A' } })).value)).toBeGreaterThan(0);

    // Meanwhile: new answers in both servers, counted by the pass (A's are left to the recount),
    // and a round close moving points of an A answer already recounted and of one not yet.
    const keeper = new ScoreKeeper(db);
    for (const [n, guildId] of ['A', 'B', 'A'].entries()) {
      await recordAnswer(db, { source: 'round', sourceId: `late-${n}`, userId: `late${n}`, guildId, questionId: 'q-go', choiceIndex: 0, correct: true, points: 300, responseMs: 1, answeredAt: new Date(Date.UTC(2026, 11, 1, 12)) });
    }
    await keeper.catchUp();
    expect((await aggregatesOf(db, 'B')).scores).not.toEqual(bBefore.scores);
    const [early, late] = await Promise.all([db.answer.findFirstOrThrow({ where: { guildId: 'A' }, orderBy: { id: 'asc' } }), db.answer.findFirstOrThrow({ where: { guildId: 'A', correct: true }, orderBy: { id: 'desc' } })]);
    await setAnswerPoints(db, [{ id: early.id, points: early.points + 7 }, { id: late.id, points: late.points + 11 }]);

    // The next start finishes the recount.
    const restarted = new ScoreKeeper(db);
    await restarted.start();
    await restarted.recountsResumed();
    expect(await db.meta.findUnique({ where: { key: 'scores.recount.A' } })).toBeNull();
    const resumed = await aggregatesOf(db, 'A');
    const bAfter = await aggregatesOf(db, 'B');

    // The same store recounted from scratch without interruption: nothing counted twice or missed.
    expect(await rebuildServer(db, 'A')).toBe(await db.answer.count({ where: { guildId: 'A' } }));
    expect(resumed).toEqual(await aggregatesOf(db, 'A'));
    expect(resumed.scores.find((s) => s.period === 'all' && s.topic === 'any' && s.userId === 'late0')?.points).toBe(300);
    // B was never touched by A's recount.
    expect(bAfter).toEqual(await aggregatesOf(db, 'B'));
  });

  it('a board read with nothing new recorded takes no lock: one look at the newest id on PostgreSQL, none on SQLite (one writer)', async () => {
    const keeper = new ScoreKeeper(db);
    await keeper.catchUp();
    const seen: string[] = [];
    const watched = new ScoreKeeper(wrapQueries(db, async (run, { model, operation }) => (seen.push(`${model ?? 'raw'}.${operation}`), run())));
    await watched.catchUp(); // learns the watermark
    seen.length = 0;
    await watched.catchUp();
    expect(seen).toEqual(STORE === 'postgres' ? ['raw.$queryRaw'] : []);
  });
});
