import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';
import { namesWritten, recordAnswer, type NewAnswer } from '../../src/store/answers.js';
import { wrapQueries, type Db } from '../../src/store/client.js';
import { DELETED, deleteMemberData, exportMemberData, MEMBER_MENTIONS, MEMBER_TABLES } from '../../src/store/member-data.js';
import { refreshCard, setRetention } from '../../src/store/reviews.js';
import { scoreKeeper } from '../../src/store/score-keeper.js';
import { rememberNames } from '../../src/store/scores.js';
import { freshStore } from '../support/db.js';

let db: Db;
const GUILDS = ['300000000000000101', '300000000000000102'];
const [ALICE, BOB, WEI] = ['100000000000000001', '100000000000000002', '100000000000000003'];
const QUESTIONS = ['q-go', 'q-k8s', 'q-istio'];
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 8, minutes));

beforeAll(async () => {
  ({ db } = await freshStore());
  for (const [n, id] of QUESTIONS.entries()) await db.question.create({ data: { id, topic: ['go', 'kubernetes', 'istio'][n]!, difficulty: 'easy', tags: 'pod', content: '{}', answer: 0, choiceCount: 3, contentHash: 'h' } });
  for (const guildId of GUILDS) {
    await db.dailySettings.create({ data: { guildId, channelId: '1', time: '09:00', timezone: 'Asia/Shanghai' } });
    for (const number of [1, 2, 3]) {
      await db.dailyChallenge.create({ data: { id: `${guildId}-d${number}`, guildId, localDate: `2026-11-2${number}`, number, questionId: QUESTIONS[number - 1]!, choiceOrder: '0,1,2', channelId: '1', locale: 'en-US', createdAt: at(number) } });
    }
  }
  // Three members answer in both servers: practice, rounds and dailies, some right, some wrong.
  const answers: NewAnswer[] = [];
  for (const [m, userId] of [ALICE, BOB, WEI].entries()) {
    for (const guildId of GUILDS) {
      for (const [q, questionId] of QUESTIONS.entries()) {
        const base = { userId, guildId, questionId, choiceIndex: 0, responseMs: 900, displayName: `member ${m}` };
        answers.push({ ...base, source: 'practice', sourceId: `${guildId}-p-${m}-${q}`, correct: (m + q) % 2 === 0, points: 0, answeredAt: at(10 + q) });
        answers.push({ ...base, source: 'round', sourceId: `${guildId}-r-${q}`, correct: q !== m, points: q !== m ? 500 + 10 * m : 0, answeredAt: at(20 + q) });
        answers.push({ ...base, source: 'daily', sourceId: `${guildId}-d${q + 1}`, correct: m !== 2 || q !== 1, points: 100, answeredAt: at(30 + q) });
      }
    }
  }
  await Promise.all(answers.map((a) => recordAnswer(db, a)));
  await scoreKeeper(db).catchUp();
  await rememberNames(db, answers); // otherwise written a moment after the answers
  for (const userId of [ALICE, BOB]) {
    for (const questionId of QUESTIONS) await refreshCard(db, userId, questionId);
    await setRetention(db, userId, 0.85);
    await db.practiceShowing.create({ data: { id: `show-${userId}`, userId, guildId: GUILDS[0], questionId: 'q-go', choiceOrder: '0,1,2', topic: 'go', difficulty: 'any', locale: 'en-US' } });
  }
  await db.round.create({ data: { id: 'round-1', guildId: GUILDS[0]!, channelId: '1', starterId: ALICE, topic: 'any', difficulty: 'any', questionCount: 3, secondsPerQuestion: 20, locale: 'en-US', status: 'finished', startedAt: at(19) } });
  for (const [rank, userId] of [ALICE, BOB, WEI].entries()) await db.roundResult.create({ data: { roundId: 'round-1', userId, points: 1000 - rank, correct: 2, bestStreak: 2, rank: rank + 1 } });
  await db.serverSetting.create({ data: { guildId: GUILDS[0]!, key: 'language', value: '"zh-CN"', updatedBy: ALICE } });
  await db.pack.create({ data: { id: 'pack-1', guildId: GUILDS[1]!, name: 'alice-pack', topic: 'go', questionCount: 0, importedBy: ALICE, importedAt: at(1) } });
});
afterAll(async () => db.$disconnect());

/** The leaderboard aggregates of every member, in a stable order. */
async function aggregates() {
  const sort = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  return {
    scores: sort(await db.score.findMany()),
    stats: sort(await db.memberStat.findMany()),
    streaks: sort(await db.dailyStreak.findMany()),
  };
}

/** Everything about one member, table by table (to check that deleting one touches no other). */
const rowsOf = async (userId: string) => (await exportMemberData(db, userId, at(0))).tables;

describe("a member's own data", () => {
  it('lists every table with a member column, in one place', () => {
    // A model gains a member column (a user id, or who did something): it must be listed to be exported and deleted.
    const schema = readFileSync(`${ROOT}/prisma/schema.prisma`, 'utf8');
    const withMember = [...schema.matchAll(/^model (\w+) \{([^}]*)\}/gm)].filter(([, , body]) => /^\s+(userId|starterId|\w+By)\s/m.test(body!)).map(([, name]) => name);
    const listed = [...MEMBER_TABLES, ...MEMBER_MENTIONS].map((t) => t.model);
    expect(withMember.length).toBeGreaterThanOrEqual(12);
    expect([...withMember].sort()).toEqual([...new Set(listed)].sort());
  });

  it('exports everything stored about the member, in every server, and nothing about anyone else', async () => {
    const exported = await exportMemberData(db, ALICE, at(0));
    const json = JSON.parse(JSON.stringify(exported)) as typeof exported;
    expect(json.tables.answers).toHaveLength(18);
    expect(json.tables.reviewCards).toHaveLength(3);
    expect(json.tables.reviewPreferences).toEqual([{ userId: ALICE, retention: 0.85 }]);
    expect(json.tables.dailyStreaks).toHaveLength(2);
    expect(json.tables.practiceShowings).toHaveLength(1);
    expect(json.tables.roundResults).toHaveLength(1);
    expect(json.tables.serverNames).toHaveLength(2);
    expect(json.tables.roundsStarted).toHaveLength(1);
    expect(json.tables.settingsChanged).toHaveLength(1);
    expect(json.tables.packsImported).toHaveLength(1);
    expect((json.tables.scores as { guildId: string }[]).length).toBeGreaterThan(4);
    const text = JSON.stringify(json);
    expect(text).not.toContain(BOB);
    expect(text).not.toContain(WEI);
  });

  it('deletes the member everywhere; the boards equal a recount without them, and no one else changes', async () => {
    const bobBefore = await rowsOf(BOB);
    const weiBefore = await rowsOf(WEI);
    const removed = await deleteMemberData(db, ALICE);
    expect(removed).toMatchObject({ answers: 18, reviewCards: 3, reviewPreferences: 1, practiceShowings: 1, roundResults: 1, serverNames: 2, dailyStreaks: 2, roundsStarted: 1, settingsChanged: 1, packsImported: 1 });
    for (const [name, rows] of Object.entries(await rowsOf(ALICE))) expect(rows, name).toEqual([]);
    expect(await rowsOf(BOB)).toEqual(bobBefore);
    expect(await rowsOf(WEI)).toEqual(weiBefore);
    // What the servers keep says who did it no more.
    expect((await db.round.findUniqueOrThrow({ where: { id: 'round-1' } })).starterId).toBe(DELETED);
    expect((await db.pack.findUniqueOrThrow({ where: { id: 'pack-1' } })).importedBy).toBe(DELETED);

    // The aggregates left are exactly what recounting the remaining answers gives.
    const after = await aggregates();
    expect(after.scores.some((r) => r.includes(ALICE))).toBe(false);
    for (const guildId of GUILDS) await scoreKeeper(db).rebuild(guildId);
    expect(await aggregates()).toEqual(after);
    // A second request finds nothing more to remove.
    expect(Object.values(await deleteMemberData(db, ALICE)).every((n) => n === 0)).toBe(true);
  });

  it('waits for a name still being written after the member’s last answer, so no name row comes back after the delete', async () => {
    // The name write that follows an answer is held on a latch (the first raw statement after it).
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held = false;
    const slowNames = wrapQueries(db, async (run, { operation }) => {
      if (operation === '$executeRaw' && !held) {
        held = true;
        await released;
      }
      return run();
    });
    const LINA = '100000000000000009';
    await recordAnswer(slowNames, { source: 'practice', sourceId: 'late-name', userId: LINA, guildId: GUILDS[0]!, questionId: 'q-go', choiceIndex: 0, correct: true, points: 0, responseMs: 1, answeredAt: at(50), displayName: 'Lina' });
    const deleting = deleteMemberData(db, LINA);
    release();
    expect((await deleting).answers).toBe(1);
    await namesWritten();
    expect(await db.member.count({ where: { userId: LINA } })).toBe(0);
  });
});
