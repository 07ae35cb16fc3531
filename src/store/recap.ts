import { mostImproved, type RecapWeek, type Tally } from '../domain/recap.js';
import { streakPage } from './boards.js';
import type { Db } from './client.js';
import { isUniqueViolation } from './client.js';
import { scoreKeeper } from './score-keeper.js';

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
const num = (x: bigint | number | null | undefined) => Number(x ?? 0);

/**
 * Two weeks of a server's answers, grouped by question and by member (two index range reads: the
 * (guildId, answeredAt, ...) indexes cover both), then the week's figures from those groups.
 */
export async function recapFigures(db: Db, guildId: string, week: RecapWeek, tagsOf: (questionId: string) => readonly string[] | undefined): Promise<RecapSummary> {
  const { start, end } = week.window;
  const { start: pStart, end: pEnd } = week.previous;
  const from = new Date(Math.min(start.getTime(), pStart.getTime()));
  const [byQuestion, byMember, streaks] = await Promise.all([
    db.$queryRaw<RecapRowGroup[]>`
      SELECT "questionId" AS "key",
        SUM(CASE WHEN "answeredAt" >= ${start} THEN 1 ELSE 0 END) AS "n",
        SUM(CASE WHEN "answeredAt" >= ${start} AND "correct" THEN 1 ELSE 0 END) AS "c",
        SUM(CASE WHEN "answeredAt" >= ${pStart} AND "answeredAt" < ${pEnd} THEN 1 ELSE 0 END) AS "pn",
        SUM(CASE WHEN "answeredAt" >= ${pStart} AND "answeredAt" < ${pEnd} AND "correct" THEN 1 ELSE 0 END) AS "pc"
      FROM "Answer" WHERE "guildId" = ${guildId} AND "answeredAt" >= ${from} AND "answeredAt" < ${end}
      GROUP BY "questionId"`,
    db.$queryRaw<RecapRowGroup[]>`
      SELECT "userId" AS "key",
        SUM(CASE WHEN "answeredAt" >= ${start} THEN 1 ELSE 0 END) AS "n",
        SUM(CASE WHEN "answeredAt" >= ${start} AND "correct" THEN 1 ELSE 0 END) AS "c",
        SUM(CASE WHEN "answeredAt" >= ${pStart} AND "answeredAt" < ${pEnd} THEN 1 ELSE 0 END) AS "pn",
        SUM(CASE WHEN "answeredAt" >= ${pStart} AND "answeredAt" < ${pEnd} AND "correct" THEN 1 ELSE 0 END) AS "pc"
      FROM "Answer" WHERE "guildId" = ${guildId} AND "answeredAt" >= ${from} AND "answeredAt" < ${end}
      GROUP BY "userId"`,
    scoreKeeper(db)
      .catchUp()
      .then(() => streakPage(db, guildId, 0)),
  ]);
  return summarizeRecap(week, byQuestion, byMember, streaks.entries, tagsOf);
}

export function summarizeRecap(week: RecapWeek, byQuestion: RecapRowGroup[], byMember: RecapRowGroup[], streaks: { userId: string; run: number }[], tagsOf: (questionId: string) => readonly string[] | undefined): RecapSummary {
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
  const members = byMember.map((r) => ({ userId: r.key, now: { answers: num(r.n), correct: num(r.c) }, before: { answers: num(r.pn), correct: num(r.pc) } }));
  const active = members.filter((m) => m.now.answers > 0);
  return {
    weekKey: week.weekKey,
    planWeek: week.planWeek?.number,
    from: week.window.start.toISOString(),
    to: week.window.end.toISOString(),
    participants: active.length,
    active: active
      .sort((a, b) => b.now.answers - a.now.answers || a.userId.localeCompare(b.userId))
      .slice(0, 10)
      .map((m) => m.userId),
    accuracy,
    improved: mostImproved(members),
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
