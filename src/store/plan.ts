import { localDateOf } from '../domain/daily.js';
import { focusTags, PLAN_WEEKS_SCHEMA, weekOn, type Plan, type PlanWeek } from '../domain/plan.js';
import type { Db } from './client.js';
import { serverZones } from './scores.js';

/**
 * Study plans. Read on every practice question without a topic, so kept a moment in memory; a
 * change here forgets the server's entry at once (another process sees it within the TTL).
 */
const TTL_MS = 30_000;
const LIMIT = 50_000;
const cache = new Map<string, { plan: Plan | undefined; until: number }>();

const toWeek = (r: { number: number; startDate: string; endDate: string; tags: string }): PlanWeek => ({ number: r.number, startDate: r.startDate, endDate: r.endDate, tags: r.tags.split(',').filter(Boolean) });

export async function getPlan(db: Db, guildId: string): Promise<Plan | undefined> {
  const hit = cache.get(guildId);
  if (hit && hit.until > Date.now()) return hit.plan;
  const row = await db.studyPlan.findUnique({ where: { guildId }, include: { weeks: { orderBy: { number: 'asc' } } } });
  const weeks = row?.weeks.map(toWeek) ?? [];
  // A stored plan that no longer validates (hand-edited rows) steers nothing rather than crashing.
  const plan = row && PLAN_WEEKS_SCHEMA.safeParse(weeks).success ? { template: row.template, pausedAt: row.pausedAt, weeks } : undefined;
  if (cache.size >= LIMIT) cache.clear();
  cache.set(guildId, { plan, until: Date.now() + TTL_MS });
  return plan;
}

/** Replaces a server's plan in one transaction (callers check it with domain/plan.ts first). */
export async function savePlan(db: Db, guildId: string, plan: { template: string; pausedAt: Date | null; weeks: PlanWeek[] }, by: string) {
  const weeks = PLAN_WEEKS_SCHEMA.parse(plan.weeks);
  await db.$transaction([
    db.studyPlan.upsert({ where: { guildId }, create: { guildId, template: plan.template, pausedAt: plan.pausedAt, updatedBy: by }, update: { template: plan.template, pausedAt: plan.pausedAt, updatedBy: by } }),
    db.planWeek.deleteMany({ where: { guildId } }),
    db.planWeek.createMany({ data: weeks.map((w) => ({ guildId, number: w.number, startDate: w.startDate, endDate: w.endDate, tags: w.tags.join(',') })) }),
  ]);
  cache.delete(guildId);
}

/** Pauses (at `at`) or un-pauses a plan; false when the server has none. */
export async function setPlanPaused(db: Db, guildId: string, pausedAt: Date | null, by: string): Promise<boolean> {
  const { count } = await db.studyPlan.updateMany({ where: { guildId }, data: { pausedAt, updatedBy: by } });
  cache.delete(guildId);
  return count === 1;
}

export async function clearPlan(db: Db, guildId: string): Promise<boolean> {
  const { count } = await db.studyPlan.deleteMany({ where: { guildId } });
  cache.delete(guildId);
  return count === 1;
}

/** The server's calendar zone (the daily challenge's, else UTC): plan dates and recaps are in it. */
export const planZone = async (db: Db, guildId: string) => (await serverZones(db, [guildId])).get(guildId) ?? 'UTC';

/** Accuracy per tag in a server: a member's (MemberStat rows), or the group's when userId is absent. */
export async function tagAccuracy(db: Db, guildId: string, userId?: string): Promise<Map<string, number>> {
  const rows = userId
    ? await db.memberStat.findMany({ where: { guildId, userId, kind: 'tag' }, select: { key: true, answers: true, correct: true } })
    : (await db.memberStat.groupBy({ by: ['key'], where: { guildId, kind: 'tag' }, _sum: { answers: true, correct: true } })).map((g) => ({ key: g.key, answers: g._sum.answers ?? 0, correct: g._sum.correct ?? 0 }));
  return new Map(rows.filter((r) => r.answers > 0).map((r) => [r.key, r.correct / r.answers]));
}

/**
 * The concepts to draw from first in a server at `now` (this week's and the weakest earlier ones,
 * for a member or for the group), or none while no plan runs.
 */
export async function planFocus(db: Db, guildId: string, now: Date, userId?: string): Promise<string[]> {
  const plan = await getPlan(db, guildId);
  if (!plan || plan.pausedAt) return [];
  const today = localDateOf(now, await planZone(db, guildId));
  if (!weekOn(plan.weeks, today)) return [];
  const accuracy = await tagAccuracy(db, guildId, userId);
  return focusTags(plan, today, (t) => accuracy.get(t));
}
