import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../src/generated/prisma/client.js';
import { createLogger } from '../../src/logger.js';
import { ROOT } from '../../src/paths.js';
import { GuildLifecycle } from '../../src/scheduler/retention.js';
import type { Db } from '../../src/store/client.js';
import { GUILD_TABLES } from '../../src/store/guild-retention.js';
import { freshStore } from '../support/db.js';

let db: Db;
// Ids of the removed server's rows all carry "gone" (or its id), so a leftover row is easy to spot.
const GONE = '300000000000000201';
const KEPT = '300000000000000202';
const USER = '100000000000000001';
const DAY = 86_400_000;
const removedAt = new Date(Date.UTC(2026, 10, 1, 12));
let now = removedAt;
const clock = () => now;
const log = createLogger('silent');

/** One row in every per-server table for `guildId`, with ids prefixed by `tag`. */
async function seed(guildId: string, tag: string) {
  const at = removedAt;
  await db.guild.create({ data: { id: guildId, name: tag } });
  await db.member.create({ data: { guildId, userId: USER, displayName: 'Alice' } });
  await db.pack.create({ data: { id: `${tag}-pack`, guildId, name: `${tag}-pack`, topic: 'go', questionCount: 1, importedBy: USER, importedAt: at } });
  await db.question.create({ data: { id: `${tag}-q`, topic: 'go', difficulty: 'easy', tags: 'goroutine', content: '{}', answer: 0, choiceCount: 3, contentHash: 'h', guildId, packId: `${tag}-pack` } });
  // A practice showing and an answer of the pack question outside the server (a DM): they go with the pack.
  await db.practiceShowing.create({ data: { id: `${tag}-show`, userId: USER, guildId: null, questionId: `${tag}-q`, choiceOrder: '0,1,2', topic: 'go', difficulty: 'any', locale: 'en-US' } });
  await db.answer.create({ data: { source: 'practice', sourceId: `${tag}-show`, userId: USER, guildId: null, questionId: `${tag}-q`, choiceIndex: 0, correct: true, responseMs: 900 } });
  await db.answer.create({ data: { source: 'daily', sourceId: `${tag}-daily`, userId: USER, guildId, questionId: 'bank-q', choiceIndex: 0, correct: true, points: 100, responseMs: 900 } });
  await db.reviewCard.create({ data: { userId: USER, questionId: `${tag}-q`, due: at, stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays: 1, learningSteps: 0, reps: 1, lapses: 0, state: 1, lastAnswerId: 1 } });
  await db.round.create({ data: { id: `${tag}-round`, guildId, channelId: `${tag}-chan`, starterId: USER, topic: 'any', difficulty: 'any', questionCount: 3, secondsPerQuestion: 20, locale: 'en-US', status: 'running', startedAt: at } });
  await db.channelRound.create({ data: { channelId: `${tag}-chan`, roundId: `${tag}-round` } });
  await db.roundQuestion.create({ data: { id: `${tag}-rq`, roundId: `${tag}-round`, index: 0, questionId: 'bank-q', choiceOrder: '0,1,2', openedAt: at, deadlineAt: at } });
  await db.roundResult.create({ data: { roundId: `${tag}-round`, userId: USER, points: 500, correct: 1, bestStreak: 1, rank: 1 } });
  await db.dailySettings.create({ data: { guildId, channelId: `${tag}-chan`, time: '09:00', timezone: 'Asia/Shanghai' } });
  await db.dailyChallenge.create({ data: { id: `${tag}-daily`, guildId, localDate: '2026-11-01', number: 1, questionId: 'bank-q', choiceOrder: '0,1,2', channelId: `${tag}-chan`, locale: 'en-US', createdAt: at } });
  await db.score.create({ data: { guildId, period: 'all', topic: 'any', userId: USER, points: 100, correct: 1, answers: 1, reachedAt: at } });
  await db.memberStat.create({ data: { guildId, userId: USER, kind: 'tag', key: 'goroutine', answers: 1, correct: 1 } });
  await db.questionDay.create({ data: { guildId, day: '2026-11-01', questionId: 'bank-q', answers: 1, correct: 1 } });
  await db.dailyStreak.create({ data: { guildId, userId: USER, run: 1, best: 1, lastNumber: 1, reachedAt: at } });
  await db.serverSetting.create({ data: { guildId, key: 'language', value: '"zh-CN"', updatedBy: USER } });
  await db.report.create({ data: { questionId: `${tag}-q`, bankVersion: 'h', guildId: null, userId: USER, reason: 'typo', createdAt: at } });
  await db.report.create({ data: { questionId: 'bank-q', bankVersion: 'h', guildId, userId: tag === 'gone' ? '100000000000000002' : '100000000000000003', reason: 'typo', createdAt: at } });
  await db.questionHide.create({ data: { guildId, questionId: 'bank-q', contentHash: 'h', hiddenBy: USER, hiddenAt: at } });
  await db.adminProblem.create({ data: { guildId, problem: `daily:${tag}-chan:SendMessages`, channelId: `${tag}-chan`, toldAt: at } });
  await db.studyPlan.create({ data: { guildId, template: 'notes', updatedBy: USER, weeks: { create: [{ number: 1, startDate: '2026-11-02', endDate: '2026-11-08', tags: 'goroutine' }] } } });
  await db.weeklyRecap.create({ data: { id: `${tag}-recap`, guildId, weekKey: 'w:2026-11-01', channelId: `${tag}-chan`, summary: '{}', locale: 'en-US', createdAt: at } });
}

const delegate = (model: string) => (db as unknown as Record<string, { findMany(): Promise<unknown[]> }>)[model[0]!.toLowerCase() + model.slice(1)]!;

/** Every row of every table, as JSON lines per model. */
async function everything(): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {};
  for (const model of Object.values(Prisma.ModelName)) all[model] = (await delegate(model).findMany()).map((r) => JSON.stringify(r));
  return all;
}
const MARKERS = { gone: ['gone', GONE], kept: ['kept', KEPT] };
/** The rows of one seeded server, as "Model: json" lines. */
const mentioning = (all: Record<string, string[]>, of: keyof typeof MARKERS) => Object.entries(all).flatMap(([model, rows]) => rows.filter((r) => MARKERS[of].some((m) => r.includes(m))).map((r) => `${model}: ${r}`));

beforeAll(async () => {
  ({ db } = await freshStore());
  await db.question.create({ data: { id: 'bank-q', topic: 'go', difficulty: 'easy', tags: 'goroutine', content: '{}', answer: 0, choiceCount: 3, contentHash: 'h' } });
  await seed(GONE, 'gone');
  await seed(KEPT, 'kept');
});
afterAll(async () => db.$disconnect());

describe("a removed server's data", () => {
  it('lists every table with a guildId column, in one place', () => {
    const schema = readFileSync(`${ROOT}/prisma/schema.prisma`, 'utf8');
    const withGuild = [...schema.matchAll(/^model (\w+) \{([^}]*)\}/gm)].filter(([, , body]) => /^\s+guildId\s/m.test(body!)).map(([, name]) => name!);
    const listed = new Set(GUILD_TABLES.map((t) => t.model));
    expect(withGuild.length).toBeGreaterThanOrEqual(18);
    expect(withGuild.filter((m) => !listed.has(m as Prisma.ModelName))).toEqual([]);
    // and the server's own row
    expect(listed.has('Guild')).toBe(true);
  });

  it('is kept through day 29, deleted by day 31 (every table), and no other server loses a row', async () => {
    const guilds = new GuildLifecycle({ db, log, clock, retentionDays: 30, owns: () => true });
    await guilds.load();
    const before = await everything();
    // a row in every table the list names
    expect(new Set(mentioning(before, 'gone').map((r) => r.split(':')[0]))).toEqual(new Set(GUILD_TABLES.map((t) => t.model)));
    now = removedAt;
    await guilds.onRemoved(GONE, 'gone');
    expect(guilds.owns(GONE)).toBe(false);
    expect(guilds.owns(KEPT)).toBe(true);

    now = new Date(removedAt.getTime() + 29 * DAY);
    expect(await guilds.sweep()).toEqual([]);
    const day29 = await everything();
    expect(mentioning(day29, 'gone')).toEqual(mentioning(before, 'gone').map((r) => (r.startsWith('Guild:') ? expect.stringContaining('"removedAt"') : r)));

    now = new Date(removedAt.getTime() + 31 * DAY);
    expect(await guilds.sweep()).toEqual([GONE]);
    const day31 = await everything();
    expect(mentioning(day31, 'gone')).toEqual([]);
    // The other server and the bank are untouched, row for row.
    for (const model of Object.values(Prisma.ModelName)) expect(day31[model], model).toEqual(before[model]!.filter((r) => !MARKERS.gone.some((m) => r.includes(m))));
    expect(mentioning(day31, 'kept').length).toBe(mentioning(before, 'kept').length);
  });

  it('a re-invite on day 10 cancels the deletion, and a restart remembers a removal', async () => {
    const removedFrom = new Date(Date.UTC(2027, 0, 1));
    now = removedFrom;
    const first = new GuildLifecycle({ db, log, clock, retentionDays: 30, owns: () => true });
    await first.onRemoved(KEPT, 'kept');
    // A new process (a restart) reads the removal from the store.
    const second = new GuildLifecycle({ db, log, clock, retentionDays: 30, owns: () => true });
    await second.load();
    expect(second.owns(KEPT)).toBe(false);
    now = new Date(removedFrom.getTime() + 10 * DAY);
    await second.onPresent(KEPT);
    expect(second.owns(KEPT)).toBe(true);
    now = new Date(removedFrom.getTime() + 31 * DAY);
    const before = mentioning(await everything(), 'kept');
    expect(await second.sweep()).toEqual([]);
    expect(mentioning(await everything(), 'kept')).toEqual(before);
    expect((await db.guild.findUnique({ where: { id: KEPT } }))?.removedAt).toBeNull();
  });
});
