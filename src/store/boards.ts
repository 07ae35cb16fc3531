import type { Db } from './client.js';

/**
 * The read side of leaderboards and stats: every query reads the aggregates of src/store/scores.ts
 * through an index, so its cost follows the page size and the number of members, never the number
 * of answers.
 */

export const PAGE_SIZE = 10;

export interface BoardEntry {
  userId: string;
  points: number;
  correct: number;
  answers: number;
  /** equal points share a rank (1, 2, 2, 4); the earlier achiever is listed first */
  rank: number;
}

export interface Standing extends BoardEntry {
  /** 0-based place in the board's order, which decides the page the member is on */
  position: number;
}

type Board = { guildId: string; period: string; topic: string };

const boardOrder = [{ points: 'desc' as const }, { reachedAt: 'asc' as const }, { userId: 'asc' as const }];

/** How many members have strictly more points: their number plus one is the rank. */
const ahead = (db: Db, b: Board, points: number) => db.score.count({ where: { ...b, points: { gt: points } } });

export async function leaderboardPage(db: Db, b: Board, page: number): Promise<{ entries: BoardEntry[]; total: number }> {
  const [rows, total] = await Promise.all([
    db.score.findMany({ where: b, orderBy: boardOrder, skip: page * PAGE_SIZE, take: PAGE_SIZE, select: { userId: true, points: true, correct: true, answers: true } }),
    db.score.count({ where: b }),
  ]);
  if (!rows.length) return { entries: [], total };
  const firstRank = (await ahead(db, b, rows[0]!.points)) + 1;
  const entries: BoardEntry[] = [];
  rows.forEach((r, i) => {
    const previous = entries[i - 1];
    const rank = !previous ? firstRank : previous.points === r.points ? previous.rank : page * PAGE_SIZE + i + 1;
    entries.push({ ...r, rank });
  });
  return { entries, total };
}

/** A member's line on a board, wherever it falls; undefined when they have no answers in it. */
export async function standing(db: Db, b: Board, userId: string): Promise<Standing | undefined> {
  const own = await db.score.findUnique({ where: { guildId_period_topic_userId: { ...b, userId } } });
  if (!own) return undefined;
  const [above, before] = await Promise.all([
    ahead(db, b, own.points),
    db.score.count({
      where: { ...b, OR: [{ points: { gt: own.points } }, { points: own.points, reachedAt: { lt: own.reachedAt } }, { points: own.points, reachedAt: own.reachedAt, userId: { lt: userId } }] },
    }),
  ]);
  return { userId, points: own.points, correct: own.correct, answers: own.answers, rank: above + 1, position: before };
}

export interface StreakEntry {
  userId: string;
  run: number;
  rank: number;
}

/** The numbers whose correct answer keeps a run current: the latest post, and the one before while the latest is open. */
async function currentNumbers(db: Db, guildId: string): Promise<number[]> {
  const latest = await db.dailyChallenge.findFirst({ where: { guildId, messageId: { not: null } }, orderBy: { number: 'desc' }, select: { number: true, closedAt: true } });
  if (!latest) return [];
  return latest.closedAt ? [latest.number] : [latest.number, latest.number - 1];
}

/** Current daily streaks, longest first. */
export async function streakPage(db: Db, guildId: string, page: number): Promise<{ entries: StreakEntry[]; total: number }> {
  const where = { guildId, lastNumber: { in: await currentNumbers(db, guildId) } };
  const [rows, total] = await Promise.all([
    db.dailyStreak.findMany({ where, orderBy: [{ run: 'desc' }, { reachedAt: 'asc' }, { userId: 'asc' }], skip: page * PAGE_SIZE, take: PAGE_SIZE, select: { userId: true, run: true } }),
    db.dailyStreak.count({ where }),
  ]);
  if (!rows.length) return { entries: [], total };
  const firstRank = (await db.dailyStreak.count({ where: { ...where, run: { gt: rows[0]!.run } } })) + 1;
  const entries: StreakEntry[] = [];
  rows.forEach((r, i) => {
    const previous = entries[i - 1];
    entries.push({ ...r, rank: !previous ? firstRank : previous.run === r.run ? previous.rank : page * PAGE_SIZE + i + 1 });
  });
  return { entries, total };
}

/** A member's line on the streak board; undefined without a current run. */
export async function streakStanding(db: Db, guildId: string, userId: string): Promise<StreakEntry | undefined> {
  const numbers = await currentNumbers(db, guildId);
  const own = await db.dailyStreak.findUnique({ where: { guildId_userId: { guildId, userId } } });
  if (!own || !numbers.includes(own.lastNumber)) return undefined;
  const above = await db.dailyStreak.count({ where: { guildId, lastNumber: { in: numbers }, run: { gt: own.run } } });
  return { userId, run: own.run, rank: above + 1 };
}

/** A member's current and best daily streak in a server. */
export async function memberStreak(db: Db, guildId: string, userId: string): Promise<{ current: number; best: number }> {
  const [row, numbers] = await Promise.all([db.dailyStreak.findUnique({ where: { guildId_userId: { guildId, userId } } }), currentNumbers(db, guildId)]);
  return { current: row && numbers.includes(row.lastNumber) ? row.run : 0, best: row?.best ?? 0 };
}

export interface Tally {
  key: string;
  answers: number;
  correct: number;
}

export interface MemberStats {
  points: number;
  answers: number;
  correct: number;
  rank?: number;
  topics: Tally[];
  difficulties: Tally[];
  tags: Tally[];
  streak: { current: number; best: number };
}

export async function memberStats(db: Db, guildId: string, userId: string): Promise<MemberStats> {
  const [scores, stats, rank, streak] = await Promise.all([
    db.score.findMany({ where: { guildId, period: 'all', userId }, select: { topic: true, points: true, correct: true, answers: true } }),
    db.memberStat.findMany({ where: { guildId, userId }, select: { kind: true, key: true, answers: true, correct: true } }),
    standing(db, { guildId, period: 'all', topic: 'any' }, userId),
    memberStreak(db, guildId, userId),
  ]);
  const total = scores.find((s) => s.topic === 'any');
  const tallies = (kind: string) => stats.filter((s) => s.kind === kind).map(({ key, answers, correct }) => ({ key, answers, correct }));
  return {
    points: total?.points ?? 0,
    answers: total?.answers ?? 0,
    correct: total?.correct ?? 0,
    rank: rank?.rank,
    topics: scores.filter((s) => s.topic !== 'any').map(({ topic, answers, correct }) => ({ key: topic, answers, correct })),
    difficulties: tallies('difficulty'),
    tags: tallies('tag'),
    streak,
  };
}

export interface MissedQuestion {
  questionId: string;
  answers: number;
  missed: number;
}

/** The server's accuracy per topic (all time) and the questions most often missed since `since`. */
export async function groupStats(db: Db, guildId: string, since: Date): Promise<{ topics: Tally[]; missed: MissedQuestion[] }> {
  const [topics, missed] = await Promise.all([
    db.score.groupBy({ by: ['topic'], where: { guildId, period: 'all', topic: { not: 'any' } }, _sum: { answers: true, correct: true } }),
    db.$queryRawUnsafe<{ questionId: string; answers: bigint | number; missed: bigint | number }[]>(
      `SELECT "questionId", COUNT(*) AS "answers", SUM(CASE WHEN "correct" THEN 0 ELSE 1 END) AS "missed"
       FROM "Answer" WHERE "guildId" = ? AND "answeredAt" >= ?
       GROUP BY "questionId" HAVING "missed" > 0 ORDER BY "missed" DESC, "answers" ASC, "questionId" ASC LIMIT 5`,
      guildId,
      since.getTime(),
    ),
  ]);
  return {
    topics: topics.map((t) => ({ key: t.topic, answers: t._sum.answers ?? 0, correct: t._sum.correct ?? 0 })),
    missed: missed.map((m) => ({ questionId: m.questionId, answers: Number(m.answers), missed: Number(m.missed) })),
  };
}

/** Names last seen for these members in this server (members who left keep theirs). */
export async function memberNames(db: Db, guildId: string, userIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.member.findMany({ where: { guildId, userId: { in: [...userIds] } }, select: { userId: true, displayName: true } });
  return new Map(rows.map((r) => [r.userId, r.displayName]));
}
