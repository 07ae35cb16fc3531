import type { Db } from './client.js';
import { scoreKeeper } from './score-keeper.js';

/**
 * The read side of leaderboards and stats: every query reads the aggregates of src/store/scores.ts
 * through an index, so its cost follows the page size and the number of members, never the number
 * of answers.
 */

export const PAGE_SIZE = 10;

/** Every answer recorded so far is in the aggregates (a no-op read while nothing is pending). */
const counted = (db: Db) => scoreKeeper(db).catchUp();

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

/**
 * Board reads are hand-written SQL (one statement per question asked) rather than the query
 * builder: a page is a few index range reads, and at that size Prisma's per-query overhead was
 * most of the cost (7x raw SQL with findMany + count, measured by `npm run bench`).
 */
type ViewRow = { kind: number; userId: string; points: number; correct: number; answers: number; a: bigint | number | null; b: bigint | number | null };

/**
 * A board's page, its size, and a member's own line wherever it falls, in one statement (a /leaderboard
 * reply asks all three). Rows of kind 0 are the page (b: how many are ahead of its first line),
 * kind 1 the member's line (a: members with more points, b: members before it in the board's
 * order), kind 2 the board's size (a).
 */
export async function boardView(db: Db, b: Board, page: number, userId: string): Promise<{ entries: BoardEntry[]; total: number; own?: Standing }> {
  await counted(db);
  const rows = await db.$queryRaw<ViewRow[]>`
    SELECT 0 AS "kind", p.* FROM (
      SELECT s."userId", s."points", s."correct", s."answers", CAST(NULL AS BIGINT) AS "a",
        (SELECT COUNT(*) FROM "Score" o WHERE o."guildId" = s."guildId" AND o."period" = s."period" AND o."topic" = s."topic" AND o."points" > (
          SELECT f."points" FROM "Score" f WHERE f."guildId" = ${b.guildId} AND f."period" = ${b.period} AND f."topic" = ${b.topic}
          ORDER BY f."points" DESC, f."reachedAt" ASC, f."userId" ASC LIMIT 1 OFFSET ${page * PAGE_SIZE})) AS "b"
      FROM "Score" s WHERE s."guildId" = ${b.guildId} AND s."period" = ${b.period} AND s."topic" = ${b.topic}
      ORDER BY s."points" DESC, s."reachedAt" ASC, s."userId" ASC LIMIT ${PAGE_SIZE} OFFSET ${page * PAGE_SIZE}) p
    UNION ALL
    SELECT 1, s."userId", s."points", s."correct", s."answers",
      (SELECT COUNT(*) FROM "Score" o WHERE o."guildId" = s."guildId" AND o."period" = s."period" AND o."topic" = s."topic" AND o."points" > s."points"),
      (SELECT COUNT(*) FROM "Score" o WHERE o."guildId" = s."guildId" AND o."period" = s."period" AND o."topic" = s."topic" AND (o."points" > s."points"
        OR (o."points" = s."points" AND (o."reachedAt" < s."reachedAt" OR (o."reachedAt" = s."reachedAt" AND o."userId" < s."userId")))))
    FROM "Score" s WHERE s."guildId" = ${b.guildId} AND s."period" = ${b.period} AND s."topic" = ${b.topic} AND s."userId" = ${userId}
    UNION ALL
    SELECT 2, '', 0, 0, 0, (SELECT COUNT(*) FROM "Score" WHERE "guildId" = ${b.guildId} AND "period" = ${b.period} AND "topic" = ${b.topic}), NULL`;
  const line = (r: ViewRow) => ({ userId: r.userId, points: Number(r.points), correct: Number(r.correct), answers: Number(r.answers) });
  const pageRows = rows.filter((r) => Number(r.kind) === 0);
  const mine = rows.find((r) => Number(r.kind) === 1);
  const firstRank = Number(pageRows[0]?.b ?? 0) + 1;
  const entries: BoardEntry[] = [];
  pageRows.forEach((r, i) => {
    const previous = entries[i - 1];
    const rank = !previous ? firstRank : previous.points === Number(r.points) ? previous.rank : page * PAGE_SIZE + i + 1;
    entries.push({ ...line(r), rank });
  });
  return {
    entries,
    total: Number(rows.find((r) => Number(r.kind) === 2)?.a ?? 0),
    own: mine ? { ...line(mine), rank: Number(mine.a) + 1, position: Number(mine.b) } : undefined,
  };
}

export const leaderboardPage = async (db: Db, b: Board, page: number) => {
  const { entries, total } = await boardView(db, b, page, '');
  return { entries, total };
};

/** A member's line on a board, wherever it falls; undefined when they have no answers in it. */
export const standing = async (db: Db, b: Board, userId: string): Promise<Standing | undefined> => (await boardView(db, b, 0, userId)).own;

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
  await counted(db);
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
  await counted(db);
  const numbers = await currentNumbers(db, guildId);
  const own = await db.dailyStreak.findUnique({ where: { guildId_userId: { guildId, userId } } });
  if (!own || !numbers.includes(own.lastNumber)) return undefined;
  const above = await db.dailyStreak.count({ where: { guildId, lastNumber: { in: numbers }, run: { gt: own.run } } });
  return { userId, run: own.run, rank: above + 1 };
}

/** A member's current and best daily streak in a server (one statement: it is part of /stats). */
export async function memberStreak(db: Db, guildId: string, userId: string): Promise<{ current: number; best: number }> {
  await counted(db);
  return memberStreakNow(db, guildId, userId);
}

async function memberStreakNow(db: Db, guildId: string, userId: string): Promise<{ current: number; best: number }> {
  const [row] = await db.$queryRaw<{ latest: number | null; closedAt: unknown; run: number | null; best: number | null; lastNumber: number | null }[]>`
    SELECT l."number" AS "latest", l."closedAt", d."run", d."best", d."lastNumber"
    FROM (SELECT 1 AS "one") x
    LEFT JOIN (SELECT "number", "closedAt" FROM "DailyChallenge" WHERE "guildId" = ${guildId} AND "messageId" IS NOT NULL ORDER BY "number" DESC LIMIT 1) l ON 1 = 1
    LEFT JOIN "DailyStreak" d ON d."guildId" = ${guildId} AND d."userId" = ${userId}`;
  if (!row || row.run === null || row.latest === null) return { current: 0, best: Number(row?.best ?? 0) };
  const [latest, last] = [Number(row.latest), Number(row.lastNumber)];
  const current = last === latest || (last === latest - 1 && row.closedAt === null);
  return { current: current ? Number(row.run) : 0, best: Number(row.best) };
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
  await counted(db);
  const [scores, stats, rank, streak] = await Promise.all([
    db.$queryRaw<{ topic: string; points: number; correct: number; answers: number }[]>`
      SELECT "topic", "points", "correct", "answers" FROM "Score" WHERE "guildId" = ${guildId} AND "period" = 'all' AND "userId" = ${userId}`,
    db.$queryRaw<{ kind: string; key: string; answers: number; correct: number }[]>`
      SELECT "kind", "key", "answers", "correct" FROM "MemberStat" WHERE "guildId" = ${guildId} AND "userId" = ${userId}`,
    boardView(db, { guildId, period: 'all', topic: 'any' }, 0, userId).then((v) => v.own),
    memberStreakNow(db, guildId, userId),
  ]);
  const tally = (key: string, x: { answers: number; correct: number }): Tally => ({ key, answers: Number(x.answers), correct: Number(x.correct) });
  const total = scores.find((s) => s.topic === 'any');
  return {
    points: Number(total?.points ?? 0),
    answers: Number(total?.answers ?? 0),
    correct: Number(total?.correct ?? 0),
    rank: rank?.rank,
    topics: scores.filter((s) => s.topic !== 'any').map((s) => tally(s.topic, s)),
    difficulties: stats.filter((s) => s.kind === 'difficulty').map((s) => tally(s.key, s)),
    tags: stats.filter((s) => s.kind === 'tag').map((s) => tally(s.key, s)),
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
  await counted(db);
  const [topics, missed] = await Promise.all([
    db.score.groupBy({ by: ['topic'], where: { guildId, period: 'all', topic: { not: 'any' } }, _sum: { answers: true, correct: true } }),
    db.$queryRaw<{ questionId: string; answers: bigint | number; missed: bigint | number }[]>`
      SELECT "questionId", COUNT(*) AS "answers", SUM(CASE WHEN "correct" THEN 0 ELSE 1 END) AS "missed"
      FROM "Answer" WHERE "guildId" = ${guildId} AND "answeredAt" >= ${since}
      GROUP BY "questionId" HAVING SUM(CASE WHEN "correct" THEN 0 ELSE 1 END) > 0
      ORDER BY "missed" DESC, "answers" ASC, "questionId" ASC LIMIT 5`,
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
