import { openStore, type Db } from '../../../src/store/client.js';
import { setAnswerPoints } from '../../../src/store/rounds.js';
import { ScoreKeeper } from '../../../src/store/score-keeper.js';
import { rebuildServer } from '../../../src/store/score-rebuild.js';
import { seedQuestions } from '../../support/answers.js';
import { scratchPostgresDatabase } from '../../support/scratch-postgres.js';
import { flags, log, pct, record } from '../measure.js';

const OTHERS = 20;

/** One round's close in another server: its 20 answers' final points set, then counted into the boards (the timed part). */
async function closeOneRound(db: Db, keeper: ScoreKeeper, n: number) {
  const guildId = `other-${n % OTHERS}`;
  const sourceId = `rq-${n}`;
  await db.answer.createMany({ data: Array.from({ length: 20 }, (_, k) => ({ source: 'round', sourceId, userId: `m${k}`, guildId, questionId: 'q-go', choiceIndex: 0, correct: k % 3 !== 0, points: 0, responseMs: 900, answeredAt: new Date(Date.UTC(2026, 11, 1, 20, 0, n % 60)) })) });
  const ids = (await db.answer.findMany({ where: { source: 'round', sourceId }, select: { id: true } })).map((a) => a.id);
  const t = performance.now();
  await setAnswerPoints(db, ids.map((id, k) => ({ id, points: 100 + k })));
  await keeper.catchUp();
  return performance.now() - t;
}

async function closes(db: Db, keeper: ScoreKeeper, from: number, count: number) {
  const samples: number[] = [];
  for (let n = from; n < from + count; n++) samples.push(await closeOneRound(db, keeper, n));
  return samples.sort((a, b) => a - b);
}

/**
 * PostgreSQL: round closes in other servers while one server's leaderboards are recounted from
 * 1,000,000 answers (its time zone changed). The baseline is the same closes with no recount.
 */
export async function benchRecount(): Promise<void> {
  const store = await scratchPostgresDatabase().catch((err: Error) => (log(`9. skipped: no PostgreSQL server (${err.message.split('\n')[0]})`), undefined));
  if (!store) return;
  const { db } = await openStore(store.url);
  const size = flags.quick ? 100_000 : 1_000_000;
  const samples = flags.quick ? 40 : 200;
  try {
    await seedQuestions(db);
    for (const guildId of ['big', ...Array.from({ length: OTHERS }, (_, i) => `other-${i}`)]) await db.dailySettings.create({ data: { guildId, channelId: '1', time: '09:00', timezone: 'Asia/Tokyo' } });
    await db.$executeRawUnsafe(`
      INSERT INTO "Answer" ("source", "sourceId", "userId", "guildId", "questionId", "choiceIndex", "correct", "points", "responseMs", "answeredAt")
      SELECT 'practice', 's' || g, 'u' || (g % 5000), 'big', (ARRAY['q-go', 'q-k8s', 'q-istio'])[1 + g % 3], 0, g % 4 <> 0, CASE WHEN g % 4 <> 0 THEN 100 ELSE 0 END, 1000, TIMESTAMP '2025-06-01' + g * INTERVAL '20 seconds'
      FROM generate_series(1, ${size}) AS g`);
    // The big server's history stands counted (the watermark past it); only the recount counts it again.
    const max = (await db.$queryRaw<{ max: number }[]>`SELECT MAX("id")::int AS "max" FROM "Answer"`)[0]!.max;
    await db.meta.create({ data: { key: 'scores.appliedId', value: String(max) } });
    const keeper = new ScoreKeeper(db);
    await keeper.catchUp();

    const idle = await closes(db, keeper, 0, samples);
    const started = performance.now();
    const recount = rebuildServer(db, 'big').then(
      () => performance.now() - started,
      () => undefined, // the scratch database dropped under it at the end
    );
    const busy = await closes(db, keeper, samples, samples);
    const progress = Number((await db.meta.findUnique({ where: { key: 'scores.recount.big' } }))?.value ?? max);
    const during = (performance.now() - started) / 1000;
    record(`round close in another server during a ${size.toLocaleString('en')}-answer recount, p50`, pct(busy, 0.5), 'ms', pct(idle, 0.5), 'report', null);
    record(`round close in another server during a ${size.toLocaleString('en')}-answer recount, p99`, pct(busy, 0.99), 'ms', pct(idle, 0.99), '< 100 ms', pct(busy, 0.99) < 100);
    record(`recount progress while the ${samples} closes ran`, (progress / max) * 100, '%', null, `report (${during.toFixed(1)} s)`, null);
    if (flags.quick) {
      const total = await recount;
      if (total !== undefined) record(`recount of ${size.toLocaleString('en')} answers in batches`, total / 1000, 's', null, 'report', null);
    }
  } finally {
    await db.$disconnect();
    await store.done();
  }
  log('9. recount beside round closes (PostgreSQL)');
}
