import { daysOf, isCalendarWeek, mostImproved, type Days, type RecapWeek, type Tally } from '../domain/recap.js';
import { streakPage } from './boards.js';
import type { Db } from './client.js';
import { isUniqueViolation } from './client.js';
import { scoreKeeper } from './score-keeper.js';
import { join, sql } from './sql.js';

/** What a recap says, kept as JSON with the post (so /plan recap shows it again as it was). */
export interface RecapSummary {
  weekKey: string;
  planWeek?: number;
  from: string;
  to: string;
  participants: number;
  /** the most active members this week, most answers first (at most 10) */
  active: string[];
  /** the group's accuracy on this week's concepts (all concepts without a plan), this week and the week before */
  accuracy: { now: Tally; before: Tally };
  improved: { userId: string; from: number; to: number }[];
  missed?: { questionId: string; answers: number; missed: number };
  streaks: { userId: string; run: number }[];
  /** accuracy per concept of the week, for the chart */
  concepts: { tag: string; answers: number; correct: number }[];
}

export type RecapRowGroup = { key: string; n: bigint | number; c: bigint | number; pn: bigint | number; pc: bigint | number };
/** kind 0: the number of members who answered this week (n); 1: the ten most active; 2: the most improved candidates */
export type RecapMemberRow = RecapRowGroup & { kind: bigint | number };
const num = (x: bigint | number | null | undefined) => Number(x ?? 0);

/** The leaderboard periods (Score rows) holding each member's totals for these days: the week's row when they are a calendar week. */
export const memberPeriods = (d: Days) => (isCalendarWeek(d) ? [`w:${d.start}`] : daysOf(d).map((day) => `d:${day}`));

/**
 * Two weeks of a server, from aggregates rather than its answers: per question from QuestionDay
 * (a few thousand rows), per member from the leaderboard's Score rows with the counting, ranking
 * and "most improved" done in SQL, so only a dozen member rows leave the database.
 */
export async function recapFigures(db: Db, guildId: string, week: RecapWeek, tagsOf: (questionId: string) => readonly string[] | undefined): Promise<RecapSummary> {
  await scoreKeeper(db).catchUp();
  const { days, previousDays: prev } = week;
  const [now, before] = [memberPeriods(days), memberPeriods(prev)];
  const inNow = sql`"period" IN (${join(now)})`;
  const inBefore = sql`"period" IN (${join(before)})`;
  const [byQuestion, byMember, streaks] = await Promise.all([
    db.$queryRaw<RecapRowGroup[]>`
      SELECT "questionId" AS "key",
        SUM(CASE WHEN "day" >= ${days.start} THEN "answers" ELSE 0 END) AS "n",
        SUM(CASE WHEN "day" >= ${days.start} THEN "correct" ELSE 0 END) AS "c",
        SUM(CASE WHEN "day" >= ${prev.start} AND "day" <= ${prev.end} THEN "answers" ELSE 0 END) AS "pn",
        SUM(CASE WHEN "day" >= ${prev.start} AND "day" <= ${prev.end} THEN "correct" ELSE 0 END) AS "pc"
      FROM "QuestionDay" WHERE "guildId" = ${guildId} AND "day" >= ${prev.start < days.start ? prev.start : days.start} AND "day" <= ${days.end}
      GROUP BY "questionId"`,
    db.$queryRaw<RecapMemberRow[]>`
      WITH u AS (
        SELECT "userId",
          SUM(CASE WHEN ${inNow} THEN "answers" ELSE 0 END) AS "n", SUM(CASE WHEN ${inNow} THEN "correct" ELSE 0 END) AS "c",
          SUM(CASE WHEN ${inBefore} THEN "answers" ELSE 0 END) AS "pn", SUM(CASE WHEN ${inBefore} THEN "correct" ELSE 0 END) AS "pc"
        FROM "Score" WHERE "guildId" = ${guildId} AND "topic" = 'any' AND "period" IN (${join([...now, ...before])})
        GROUP BY "userId")
      SELECT 0 AS "kind", '' AS "key", COUNT(*) AS "n", 0 AS "c", 0 AS "pn", 0 AS "pc" FROM u WHERE "n" > 0
      UNION ALL SELECT * FROM (SELECT 1, "userId", "n", "c", "pn", "pc" FROM u WHERE "n" > 0 ORDER BY "n" DESC, "userId" ASC LIMIT 10) a
      UNION ALL SELECT * FROM (SELECT 2, "userId", "n", "c", "pn", "pc" FROM u WHERE "n" >= 3 AND "pn" >= 3 AND "c" * "pn" > "pc" * "n"
        ORDER BY 1.0 * "c" / "n" - 1.0 * "pc" / "pn" DESC, "userId" ASC LIMIT 3) b`,
    streakPage(db, guildId, 0),
  ]);
  return summarizeRecap(week, byQuestion, byMember, streaks.entries, tagsOf);
}

export function summarizeRecap(week: RecapWeek, byQuestion: RecapRowGroup[], byMember: RecapMemberRow[], streaks: { userId: string; run: number }[], tagsOf: (questionId: string) => readonly string[] | undefined): RecapSummary {
  const weekTags = week.planWeek?.tags;
  const previousTags = week.planWeek?.previousTags.length ? week.planWeek.previousTags : weekTags;
  const onTags = (questionId: string, tags: readonly string[] | undefined) => !tags || (tagsOf(questionId) ?? []).some((t) => tags.includes(t));
  const accuracy = { now: { answers: 0, correct: 0 }, before: { answers: 0, correct: 0 } };
  const concepts = new Map<string, { answers: number; correct: number }>((weekTags ?? []).map((t) => [t, { answers: 0, correct: 0 }]));
  let missed: RecapSummary['missed'];
  for (const r of byQuestion) {
    const [n, c, pn, pc] = [num(r.n), num(r.c), num(r.pn), num(r.pc)];
    if (onTags(r.key, weekTags)) {
      accuracy.now.answers += n;
      accuracy.now.correct += c;
    }
    if (onTags(r.key, previousTags)) {
      accuracy.before.answers += pn;
      accuracy.before.correct += pc;
    }
    for (const tag of tagsOf(r.key) ?? []) {
      if (weekTags && !weekTags.includes(tag)) continue;
      const x = concepts.get(tag) ?? { answers: 0, correct: 0 };
      x.answers += n;
      x.correct += c;
      concepts.set(tag, x);
    }
    const m = n - c;
    if (m > 0 && (!missed || m > missed.missed || (m === missed.missed && (n < missed.answers || (n === missed.answers && r.key < missed.questionId))))) missed = { questionId: r.key, answers: n, missed: m };
  }
  const member = (r: RecapMemberRow) => ({ userId: r.key, now: { answers: num(r.n), correct: num(r.c) }, before: { answers: num(r.pn), correct: num(r.pc) } });
  return {
    weekKey: week.weekKey,
    planWeek: week.planWeek?.number,
    from: week.window.start.toISOString(),
    to: week.window.end.toISOString(),
    participants: num(byMember.find((r) => num(r.kind) === 0)?.n),
    active: byMember.filter((r) => num(r.kind) === 1).map((r) => r.key),
    accuracy,
    improved: mostImproved(byMember.filter((r) => num(r.kind) === 2).map(member)),
    missed,
    streaks: streaks.slice(0, 3).map((s) => ({ userId: s.userId, run: s.run })),
    // Without a plan, the chart shows the twelve concepts answered most this week.
    concepts: [...concepts.entries()]
      .map(([tag, x]) => ({ tag, ...x }))
      .filter((x) => weekTags || x.answers > 0)
      .sort((a, b) => (weekTags ? weekTags.indexOf(a.tag) - weekTags.indexOf(b.tag) : b.answers - a.answers || a.tag.localeCompare(b.tag)))
      .slice(0, weekTags ? 40 : 12),
  };
}

export interface RecapRow {
  id: string;
  guildId: string;
  weekKey: string;
  channelId: string;
  summary: string;
  locale: string;
  createdAt: Date;
  messageId: string | null;
  failedAt: Date | null;
}

export const recapFor = (db: Db, guildId: string, weekKey: string) => db.weeklyRecap.findUnique({ where: { guildId_weekKey: { guildId, weekKey } } }) as Promise<RecapRow | null>;

/** The intent to post, recorded first: 'exists' when another tick, process or restart got there first. */
export async function claimRecap(db: Db, r: RecapRow): Promise<'claimed' | 'exists'> {
  try {
    await db.weeklyRecap.create({ data: r });
    return 'claimed';
  } catch (err) {
    if (isUniqueViolation(err)) return 'exists';
    throw err;
  }
}

/** A claim this old with nothing posted was left by a poster that died. */
export const STALE_RECAP_MS = 60_000;

/** Takes over a dead poster's claim: true for exactly one caller (conditional on the claim as read). */
export async function takeOverRecap(db: Db, r: RecapRow, now: Date): Promise<boolean> {
  if (now.getTime() - r.createdAt.getTime() < STALE_RECAP_MS) return false;
  const { count } = await db.weeklyRecap.updateMany({ where: { id: r.id, messageId: null, failedAt: null, createdAt: r.createdAt }, data: { createdAt: now } });
  return count === 1;
}

export const setRecapPosted = (db: Db, id: string, data: { messageId?: string; failedAt?: Date }) => db.weeklyRecap.update({ where: { id }, data });

/** The server's latest posted recap (for /plan recap). */
export const lastRecap = (db: Db, guildId: string) =>
  db.weeklyRecap.findFirst({ where: { guildId, messageId: { not: null } }, orderBy: { createdAt: 'desc' } }) as Promise<RecapRow | null>;
