import { DateTime } from 'luxon';
import { z } from 'zod';
import { TAGS } from '../bank/tags.js';
import { BUILTIN_PLANS, type BuiltinPlan } from './plan-builtin.js';

/**
 * A server's study plan: numbered weeks of local dates (inclusive, in the server's time zone),
 * each with its concepts (tags of the bank). While it runs, questions are drawn from this week's
 * concepts first; a paused plan steers nothing.
 */
export interface PlanWeek {
  number: number;
  /** YYYY-MM-DD */
  startDate: string;
  endDate: string;
  tags: string[];
}

export interface Plan {
  template: string;
  pausedAt: Date | null;
  weeks: PlanWeek[];
}

export const MAX_WEEKS = 52;
export const MAX_WEEK_DAYS = 31;
/** How far back a plan may start: a camp that began last month is fine, one from years ago is a typo. */
export const MAX_PAST_DAYS = 366;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => DateTime.fromISO(d).isValid);
export const PLAN_WEEK_SCHEMA = z.strictObject({ number: z.int().min(1).max(MAX_WEEKS), startDate: isoDate, endDate: isoDate, tags: z.array(z.string().min(1)).min(1).max(40) });
export const PLAN_WEEKS_SCHEMA = z.array(PLAN_WEEK_SCHEMA).min(1).max(MAX_WEEKS);

/** Why a plan cannot be saved; `detail` names what is wrong (a week, a tag, a date). */
export type PlanProblem = { problem: 'badDate' | 'endBeforeStart' | 'tooLong' | 'overlap' | 'unknownTags' | 'tooOld' | 'noTags' | 'tooManyWeeks'; detail: string };

const days = (from: string, to: string) => DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days;
export const addDays = (date: string, n: number) => DateTime.fromISO(date).plus({ days: n }).toISODate()!;

/** A date as a member typed it: YYYY-MM-DD (or with slashes) and real, else undefined. */
export function parseDate(input: string): string | undefined {
  const text = input.trim().replace(/\//g, '-');
  const parsed = DateTime.fromFormat(text, 'yyyy-M-d');
  return parsed.isValid ? parsed.toISODate()! : undefined;
}

/** Tags as a member typed them (comma- or space-separated), deduplicated, in their order. */
export const parseTags = (input: string) => [...new Set(input.split(/[\s,，、]+/).map((t) => t.trim().toLowerCase()).filter(Boolean))];

/** Every rule a plan keeps; the first one broken, or undefined when it can be saved. `today` is the server's local date. */
export function checkPlan(weeks: readonly PlanWeek[], today: string): PlanProblem | undefined {
  if (weeks.length > MAX_WEEKS) return { problem: 'tooManyWeeks', detail: String(MAX_WEEKS) };
  for (const w of weeks) {
    if (!isoDate.safeParse(w.startDate).success) return { problem: 'badDate', detail: w.startDate };
    if (!isoDate.safeParse(w.endDate).success) return { problem: 'badDate', detail: w.endDate };
    if (w.endDate < w.startDate) return { problem: 'endBeforeStart', detail: String(w.number) };
    if (days(w.startDate, w.endDate) >= MAX_WEEK_DAYS) return { problem: 'tooLong', detail: String(w.number) };
    if (!w.tags.length) return { problem: 'noTags', detail: String(w.number) };
    const unknown = w.tags.filter((t) => !(t in TAGS));
    if (unknown.length) return { problem: 'unknownTags', detail: unknown.slice(0, 5).join(', ') };
  }
  const sorted = [...weeks].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.number - b.number);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (b.startDate <= a.endDate) return { problem: 'overlap', detail: `${a.number}, ${b.number}` };
  }
  const first = sorted[0];
  if (first && days(first.startDate, today) > MAX_PAST_DAYS) return { problem: 'tooOld', detail: first.startDate };
  return PLAN_WEEKS_SCHEMA.safeParse(weeks).success ? undefined : { problem: 'tooManyWeeks', detail: String(MAX_WEEKS) };
}

/** A built-in plan from a start date: consecutive seven-day weeks. */
export function planFromTemplate(template: BuiltinPlan, startDate: string): PlanWeek[] {
  return BUILTIN_PLANS[template].map((tags, i) => ({ number: i + 1, startDate: addDays(startDate, 7 * i), endDate: addDays(startDate, 7 * i + 6), tags: [...tags] }));
}

/** The plan with one week changed; weeks are renumbered in date order. */
export function withWeek(weeks: readonly PlanWeek[], number: number, change: { startDate?: string; endDate?: string; tags?: string[] }): PlanWeek[] | undefined {
  const week = weeks.find((w) => w.number === number);
  if (!week) return undefined;
  const length = days(week.startDate, week.endDate);
  const startDate = change.startDate ?? week.startDate;
  // Moving a week's start keeps its length unless its end is given too.
  const endDate = change.endDate ?? (change.startDate ? addDays(startDate, length) : week.endDate);
  return weeks.map((w) => (w.number === number ? { number, startDate, endDate, tags: change.tags ?? w.tags } : w));
}

/** Renumbers weeks 1, 2, 3... in date order. */
export const renumbered = (weeks: readonly PlanWeek[]): PlanWeek[] =>
  [...weeks].sort((a, b) => a.startDate.localeCompare(b.startDate)).map((w, i) => ({ ...w, number: i + 1 }));

export const weekOn = (weeks: readonly PlanWeek[], date: string) => weeks.find((w) => w.startDate <= date && date <= w.endDate);
export const nextWeekAfter = (weeks: readonly PlanWeek[], date: string) =>
  [...weeks].sort((a, b) => a.startDate.localeCompare(b.startDate)).find((w) => w.startDate > date);

/** Shifts every week not over by `pausedOn` by the days the plan was paused (so a break does not eat a week). */
export function resumedWeeks(weeks: readonly PlanWeek[], pausedOn: string, today: string): PlanWeek[] {
  const shift = Math.max(0, Math.round(days(pausedOn, today)));
  if (!shift) return [...weeks];
  return weeks.map((w) => (w.endDate < pausedOn ? w : { ...w, startDate: w.startDate < pausedOn ? w.startDate : addDays(w.startDate, shift), endDate: addDays(w.endDate, shift) }));
}

/**
 * The concepts practice, rounds and the daily draw from first on `today`: this week's, plus the
 * `review` weakest concepts of earlier weeks (lowest accuracy; unseen ones count as weakest).
 * Empty when no plan runs today.
 */
export function focusTags(plan: Plan | undefined, today: string, accuracyOf: (tag: string) => number | undefined, review = 2): string[] {
  if (!plan || plan.pausedAt) return [];
  const week = weekOn(plan.weeks, today);
  if (!week) return [];
  const earlier = [...new Set(plan.weeks.filter((w) => w.endDate < week.startDate).flatMap((w) => w.tags))].filter((t) => !week.tags.includes(t));
  const weakest = earlier
    .map((tag, i) => ({ tag, i, accuracy: accuracyOf(tag) ?? -1 }))
    .sort((a, b) => a.accuracy - b.accuracy || a.i - b.i)
    .slice(0, review)
    .map((x) => x.tag);
  return [...week.tags, ...weakest];
}

/**
 * The questions to pick from: those on the focus concepts not yet shown (to this member, in this
 * round, as a daily), else the whole pool once the week's pool is exhausted.
 */
export function focusPool<T extends { id: string; tags: readonly string[] }>(pool: readonly T[], focus: readonly string[], timesShown: (id: string) => number): T[] {
  if (!focus.length) return [...pool];
  const wanted = new Set(focus);
  const fresh = pool.filter((q) => q.tags.some((t) => wanted.has(t)) && timesShown(q.id) === 0);
  return fresh.length ? fresh : [...pool];
}
