import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyStreaks } from '../../src/domain/daily.js';
import { PERIODS, periodKey, type Period } from '../../src/domain/periods.js';
import { recordAnswer, type NewAnswer } from '../../src/store/answers.js';
import { leaderboardPage, memberStats, memberStreak, PAGE_SIZE, standing, streakPage } from '../../src/store/boards.js';
import type { Db } from '../../src/store/client.js';
import { setAnswerPoints } from '../../src/store/rounds.js';
import { scoreKeeper } from '../../src/store/score-keeper.js';
import { freshStore, STORE } from '../support/db.js';

let db: Db;
const QUESTIONS = [
  { id: 'q-go', topic: 'go', difficulty: 'easy', tags: 'goroutine,channel' },
  { id: 'q-k8s', topic: 'kubernetes', difficulty: 'medium', tags: 'pod' },
  { id: 'q-istio', topic: 'istio', difficulty: 'hard', tags: 'sidecar' },
];
beforeAll(async () => {
  ({ db } = await freshStore());
  for (const q of QUESTIONS) await db.question.create({ data: { ...q, content: '{}', answer: 0, choiceCount: 3, contentHash: 'h' } });
});
afterAll(async () => db.$disconnect());

let guildCounter = 0;
async function newGuild(zone: string): Promise<string> {
  const guildId = `3000000000000${String(++guildCounter).padStart(5, '0')}`;
  await db.dailySettings.create({ data: { guildId, channelId: '1', time: '09:00', timezone: zone } });
  return guildId;
}

/** The local calendar date of an instant, by Intl (not the code under test), as a day count and its parts. */
function local(at: Date, zone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at).map((p) => [p.type, p.value]),
  );
  const [y, m, d] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  const day = Date.UTC(y, m - 1, d) / 86_400_000;
  const mondayBased = (new Date(day * 86_400_000).getUTCDay() + 6) % 7;
  return { day, monday: day - mondayBased, month: y * 12 + m };
}

function samePeriod(period: Period, a: Date, now: Date, zone: string): boolean {
  const [x, y] = [local(a, zone), local(now, zone)];
  return { all: true, today: x.day === y.day, week: x.monday === y.monday, month: x.month === y.month }[period];
}

interface Expected {
  userId: string;
  points: number;
  correct: number;
  answers: number;
  reachedAt: number;
}

/** The board recounted from the raw answers: sums, and the instant each member reached their points. */
function recount(answers: readonly NewAnswer[], keep: (a: NewAnswer) => boolean): Expected[] {
  const byUser = new Map<string, NewAnswer[]>();
  for (const a of answers.filter(keep)) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
  return [...byUser].map(([userId, list]) => {
    const scored = list.filter((a) => a.points > 0).map((a) => a.answeredAt.getTime());
    return {
      userId,
      points: list.reduce((s, a) => s + a.points, 0),
      correct: list.filter((a) => a.correct).length,
      answers: list.length,
      reachedAt: scored.length ? Math.max(...scored) : Math.min(...list.map((a) => a.answeredAt.getTime())),
    };
  });
}

/** Competition ranking (1, 2, 2, 4), earlier achiever first, then by id. */
function ranked(rows: Expected[]) {
  const sorted = [...rows].sort((a, b) => b.points - a.points || a.reachedAt - b.reachedAt || a.userId.localeCompare(b.userId));
  return sorted.map((r) => ({ userId: r.userId, points: r.points, correct: r.correct, answers: r.answers, rank: sorted.findIndex((o) => o.points === r.points) + 1 }));
}

async function wholeBoard(board: { guildId: string; period: string; topic: string }) {
  const entries = [];
  for (let page = 0; ; page++) {
    const { entries: got, total } = await leaderboardPage(db, board, page);
    entries.push(...got);
    if ((page + 1) * PAGE_SIZE >= total) return entries;
  }
}

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Asia/Shanghai'];
/** Instants near week, month and daylight-saving boundaries. */
const BASES = [Date.UTC(2026, 10, 30), Date.UTC(2026, 2, 30), Date.UTC(2026, 10, 2), Date.UTC(2026, 9, 5)];

const history = fc.record({
  zone: fc.constantFrom(...ZONES),
  base: fc.constantFrom(...BASES),
  nowOffset: fc.integer({ min: -72 * 60, max: 72 * 60 }),
  bonus: fc.constantFrom(0, 100, 300),
  answers: fc.array(
    fc.record({
      user: fc.integer({ min: 1, max: 14 }),
      question: fc.integer({ min: 0, max: 2 }),
      source: fc.constantFrom('practice', 'round', 'daily'),
      sourceId: fc.integer({ min: 1, max: 30 }),
      correct: fc.boolean(),
      points: fc.constantFrom(100, 500),
      minutes: fc.integer({ min: -72 * 60, max: 72 * 60 }),
    }),
    { maxLength: 60 },
  ),
});

describe('leaderboards equal a recount of the raw answers', () => {
  it('for every period and topic, in non-UTC zones, across boundaries, with duplicates and ties', async () => {
    await fc.assert(
      fc.asyncProperty(history, async ({ zone, base, nowOffset, bonus, answers }) => {
        const guildId = await newGuild(zone);
        const all: NewAnswer[] = answers.map((a) => ({
          source: a.source as NewAnswer['source'],
          sourceId: `${a.source}-${a.sourceId}`,
          userId: `10000000000000${String(a.user).padStart(4, '0')}`,
          guildId,
          questionId: QUESTIONS[a.question]!.id,
          choiceIndex: 0,
          correct: a.correct,
          points: a.correct && a.source !== 'practice' ? a.points : 0,
          responseMs: 1000,
          answeredAt: new Date(base + a.minutes * 60_000),
        }));
        // Concurrent, so answers share batches; the unique constraint drops repeated (source, sourceId, user).
        const outcomes = await Promise.all(all.map((a) => recordAnswer(db, a)));
        const recorded = all.filter((_, i) => outcomes[i] === 'recorded');
        // A live round adds its streak bonus to correct answers when a question closes: totals follow.
        const bonused = recorded.filter((a) => a.source === 'round' && a.correct && bonus);
        const rows = await db.answer.findMany({ where: { guildId, source: 'round', correct: true } });
        await setAnswerPoints(db, rows.filter(() => bonus).map((r) => ({ id: r.id, points: r.points + bonus })));
        for (const a of bonused) a.points += bonus;
        const now = new Date(base + nowOffset * 60_000);
        for (const period of PERIODS) {
          for (const topic of ['any', 'go', 'kubernetes']) {
            const expected = ranked(recount(recorded, (a) => samePeriod(period, a.answeredAt, now, zone) && (topic === 'any' || QUESTIONS.find((q) => q.id === a.questionId)!.topic === topic)));
            const board = { guildId, period: periodKey(period, now, zone), topic };
            expect(await wholeBoard(board), `${period} ${topic}`).toEqual(expected);
            for (const [position, e] of expected.entries()) expect(await standing(db, board, e.userId)).toEqual({ ...e, position });
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rebuilding from the raw answers gives the same boards (a time zone change, an upgraded database)', async () => {
    const guildId = await newGuild('Asia/Kolkata');
    const at = Date.UTC(2026, 10, 29, 18, 20);
    for (let i = 0; i < 40; i++) {
      await recordAnswer(db, { source: 'round', sourceId: `r${i % 7}`, userId: `u${i % 5}`, guildId, questionId: QUESTIONS[i % 3]!.id, choiceIndex: 0, correct: i % 4 !== 0, points: i % 4 ? 100 + i : 0, responseMs: 1, answeredAt: new Date(at + i * 3_600_000) });
    }
    const snapshot = async () => ({
      scores: await db.score.findMany({ where: { guildId }, orderBy: [{ period: 'asc' }, { topic: 'asc' }, { userId: 'asc' }] }),
      stats: await db.memberStat.findMany({ where: { guildId }, orderBy: [{ userId: 'asc' }, { kind: 'asc' }, { key: 'asc' }] }),
    });
    await scoreKeeper(db).catchUp();
    const before = await snapshot();
    expect(before.scores.length).toBeGreaterThan(0);
    expect(await scoreKeeper(db).rebuild(guildId)).toBe(await db.answer.count({ where: { guildId } }));
    expect(await snapshot()).toEqual(before);
  });
});

/** A real trigger that fails every insert into Score for one server, in each store's dialect. */
const failingTrigger = {
  async create(guildId: string) {
    if (STORE === 'sqlite') {
      await db.$executeRawUnsafe(`CREATE TRIGGER fail_scores BEFORE INSERT ON "Score" WHEN NEW."guildId" = '${guildId}' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
      return;
    }
    await db.$executeRawUnsafe(`CREATE FUNCTION fail_scores() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER fail_scores BEFORE INSERT ON "Score" FOR EACH ROW WHEN (NEW."guildId" = '${guildId}') EXECUTE FUNCTION fail_scores()`);
  },
  async drop() {
    await db.$executeRawUnsafe(STORE === 'sqlite' ? 'DROP TRIGGER fail_scores' : 'DROP TRIGGER fail_scores ON "Score"');
  },
};

describe('the score keeper', () => {
  it('loses nothing and counts nothing twice when a counting pass fails (a failing trigger in the store)', async () => {
    const guildId = await newGuild('UTC');
    const keeper = scoreKeeper(db);
    await keeper.catchUp();
    await failingTrigger.create(guildId);
    const at = new Date(Date.UTC(2026, 10, 29, 12));
    for (let i = 0; i < 5; i++) await recordAnswer(db, { source: 'round', sourceId: `k${i}`, userId: 'k-user', guildId, questionId: 'q-go', choiceIndex: 0, correct: true, points: 100, responseMs: 1, answeredAt: at });
    await expect(keeper.catchUp()).rejects.toThrow(/disk on fire/);
    expect(await db.score.count({ where: { guildId } })).toBe(0);
    await failingTrigger.drop();
    await keeper.catchUp();
    await keeper.catchUp();
    expect(await db.score.findUnique({ where: { guildId_period_topic_userId: { guildId, period: 'all', topic: 'any', userId: 'k-user' } } })).toMatchObject({ points: 500, answers: 5 });
  });
});

describe('daily streaks', () => {
  it('equal the streaks computed from the member’s daily results, and the board lists current runs only', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.boolean()), { minLength: 8, maxLength: 8 }), fc.boolean(), async (days, latestOpen) => {
        const guildId = await newGuild('UTC');
        const results = new Map<string, { number: number; correct: boolean }[]>();
        for (const [index, [userCount, correctFirst]] of days.entries()) {
          const number = index + 1;
          const id = `${guildId}-c${number}`;
          const createdAt = new Date(Date.UTC(2026, 10, number, 9));
          const closed = number < days.length || !latestOpen;
          await db.dailyChallenge.create({ data: { id, guildId, localDate: `2026-11-${String(number).padStart(2, '0')}`, number, questionId: 'q-go', choiceOrder: '0,1,2', channelId: '1', locale: 'en-US', createdAt, messageId: `m${number}`, closedAt: closed ? createdAt : null } });
          for (let u = 1; u <= userCount; u++) {
            const userId = `u${u}`;
            const correct = u === 1 ? correctFirst : (number + u) % 3 !== 0;
            await recordAnswer(db, { source: 'daily', sourceId: id, userId, guildId, questionId: 'q-go', choiceIndex: 0, correct, points: correct ? 500 : 0, responseMs: 1, answeredAt: new Date(createdAt.getTime() + u * 1000) });
            results.set(userId, [...(results.get(userId) ?? []), { number, correct }]);
          }
        }
        const expected = new Map([...results].map(([userId, r]) => [userId, dailyStreaks(r, days.length, latestOpen ? days.length : undefined)]));
        for (const [userId, streak] of expected) expect(await memberStreak(db, guildId, userId), userId).toEqual(streak);
        const board = await streakPage(db, guildId, 0);
        const current = [...expected].filter(([, s]) => s.current > 0);
        expect(board.entries.map((e) => [e.userId, e.run]).sort()).toEqual(current.map(([u, s]) => [u, s.current]).sort());
        for (const e of board.entries) expect(e.rank).toBe(current.filter(([, s]) => s.current > e.run).length + 1);
      }),
      { numRuns: 30 },
    );
  });
});

describe('memberStats', () => {
  it('adds up the member’s answers per topic, difficulty and tag', async () => {
    const guildId = await newGuild('UTC');
    const at = new Date(Date.UTC(2026, 10, 29, 12));
    const plan: [string, boolean][] = [['q-go', true], ['q-go', false], ['q-k8s', true], ['q-istio', false], ['q-istio', false]];
    for (const [i, [questionId, correct]] of plan.entries()) {
      await recordAnswer(db, { source: 'practice', sourceId: `p${i}`, userId: 'me', guildId, questionId, choiceIndex: 0, correct, points: 0, responseMs: 1, answeredAt: at });
    }
    const stats = await memberStats(db, guildId, 'me');
    expect(stats).toMatchObject({ answers: 5, correct: 2, points: 0, rank: 1 });
    const byKey = (t: { key: string }[]) => [...t].sort((a, b) => a.key.localeCompare(b.key));
    expect(byKey(stats.topics)).toEqual([{ key: 'go', answers: 2, correct: 1 }, { key: 'istio', answers: 2, correct: 0 }, { key: 'kubernetes', answers: 1, correct: 1 }]);
    expect(byKey(stats.difficulties)).toEqual([{ key: 'easy', answers: 2, correct: 1 }, { key: 'hard', answers: 2, correct: 0 }, { key: 'medium', answers: 1, correct: 1 }]);
    expect(byKey(stats.tags)).toEqual([{ key: 'channel', answers: 2, correct: 1 }, { key: 'goroutine', answers: 2, correct: 1 }, { key: 'pod', answers: 1, correct: 1 }, { key: 'sidecar', answers: 2, correct: 0 }]);
  });
});
