import { DateTime } from 'luxon';
import { localDateOf, scheduledInstant } from './daily.js';
import type { Plan } from './plan.js';

/**
 * When a server's weekly recap is due, in its own time zone. With a running plan: on the last day
 * of each plan week at the recap time; without one: every week on the configured weekday at that
 * time (Sunday 20:00 by default). Times go through the daily challenge's DST rules
 * (domain/daily.ts): 20:00 stays 20:00 local across a change. A paused plan posts no recaps.
 */
export interface RecapSchedule {
  enabled: boolean;
  /** ISO weekday, 1 Monday ... 7 Sunday (ignored while a plan runs: its weeks decide) */
  weekday: number;
  /** HH:MM */
  time: string;
}

export const DEFAULT_RECAP: RecapSchedule = { enabled: true, weekday: 7, time: '20:00' };

/** A recap due while the bot was down is still posted when it starts within this long after. */
export const RECAP_GRACE_MS = 2 * 86_400_000;

export interface Window {
  start: Date;
  end: Date;
}

/** Local dates, inclusive: the aggregates a recap reads are kept per local day. */
export interface Days {
  start: string;
  end: string;
}

export interface RecapWeek {
  /** the unique key of "one recap per server per week" */
  weekKey: string;
  dueAt: Date;
  /** the local days the recap is about (answers up to the moment it is posted), and the week before */
  days: Days;
  previousDays: Days;
  /** the answers this recap is about, and the week before it for comparison */
  window: Window;
  previous: Window;
  /** the plan week's number and concepts; absent without a plan */
  planWeek?: { number: number; tags: string[]; previousTags: string[] };
}

const startOfDay = (date: string, zone: string) => DateTime.fromISO(date, { zone }).startOf('day');

/** Every recap the schedule has, around `now` (plan weeks, or the weekly ones from two weeks back to one ahead). */
function candidates(now: Date, zone: string, plan: Plan | undefined, s: RecapSchedule): RecapWeek[] {
  if (!s.enabled || plan?.pausedAt) return [];
  if (plan) {
    const weeks = [...plan.weeks].sort((a, b) => a.startDate.localeCompare(b.startDate));
    return weeks.map((w, i) => {
      const dueAt = scheduledInstant(w.endDate, { time: s.time, timezone: zone });
      const start = startOfDay(w.startDate, zone);
      const before = weeks[i - 1];
      const previous = before
        ? { start: startOfDay(before.startDate, zone).toJSDate(), end: scheduledInstant(before.endDate, { time: s.time, timezone: zone }) }
        : { start: start.minus({ days: 7 }).toJSDate(), end: start.toJSDate() };
      const previousDays = before ? { start: before.startDate, end: before.endDate } : { start: start.minus({ days: 7 }).toISODate()!, end: start.minus({ days: 1 }).toISODate()! };
      return {
        weekKey: `p:${w.startDate}`,
        dueAt,
        days: { start: w.startDate, end: w.endDate },
        previousDays,
        window: { start: start.toJSDate(), end: dueAt },
        previous,
        planWeek: { number: w.number, tags: w.tags, previousTags: before?.tags ?? [] },
      };
    });
  }
  const today = DateTime.fromISO(localDateOf(now, zone), { zone });
  const back = (today.weekday - s.weekday + 7) % 7;
  const anchor = today.minus({ days: back });
  return [-14, -7, 0, 7].map((offset) => {
    const date = anchor.plus({ days: offset }).toISODate()!;
    const dueAt = scheduledInstant(date, { time: s.time, timezone: zone });
    const weekAgo = (d: string, n: number) => scheduledInstant(DateTime.fromISO(d).minus({ days: n }).toISODate()!, { time: s.time, timezone: zone });
    const day = (n: number) => DateTime.fromISO(date).minus({ days: n }).toISODate()!;
    return { weekKey: `w:${date}`, dueAt, days: { start: day(6), end: date }, previousDays: { start: day(13), end: day(7) }, window: { start: weekAgo(date, 7), end: dueAt }, previous: { start: weekAgo(date, 14), end: weekAgo(date, 7) } };
  });
}

/** The recap due at `now` (its time has come, within the grace period), else undefined. */
export function dueRecap(now: Date, zone: string, plan: Plan | undefined, s: RecapSchedule): RecapWeek | undefined {
  const t = now.getTime();
  return candidates(now, zone, plan, s)
    .filter((c) => c.dueAt.getTime() <= t && t - c.dueAt.getTime() < RECAP_GRACE_MS)
    .sort((a, b) => b.dueAt.getTime() - a.dueAt.getTime())[0];
}

/** The recap /plan recap-now posts at `now`: the one due, else the week running now, up to now. */
export function currentRecap(now: Date, zone: string, plan: Plan | undefined, s: RecapSchedule): RecapWeek | undefined {
  const due = dueRecap(now, zone, plan, s);
  if (due) return due;
  const all = candidates(now, zone, plan, { ...s, enabled: true });
  const running = all.find((c) => c.window.start.getTime() <= now.getTime() && now.getTime() < c.dueAt.getTime());
  return running && { ...running, window: { start: running.window.start, end: now }, days: { start: running.days.start, end: localDateOf(now, zone) } };
}

/** The next instant a recap is due after `now`, for /plan show. */
export function nextRecap(now: Date, zone: string, plan: Plan | undefined, s: RecapSchedule): Date | undefined {
  return candidates(now, zone, plan, s)
    .map((c) => c.dueAt)
    .filter((d) => d.getTime() > now.getTime())
    .sort((a, b) => a.getTime() - b.getTime())[0];
}

export interface Tally {
  answers: number;
  correct: number;
}

/** The local dates from `start` to `end`, inclusive. */
export function daysOf(d: Days): string[] {
  const out: string[] = [];
  for (let day = DateTime.fromISO(d.start); day.toISODate()! <= d.end && out.length < 62; day = day.plus({ days: 1 })) out.push(day.toISODate()!);
  return out;
}

/** Whether the days are one calendar week, Monday to Sunday (the leaderboard's weekly rows then hold its members' totals). */
export const isCalendarWeek = (d: Days) => DateTime.fromISO(d.start).weekday === 1 && DateTime.fromISO(d.start).plus({ days: 6 }).toISODate() === d.end;

/** Members whose accuracy rose most from the week before (3+ answers in each week), best first. */
export function mostImproved(members: readonly { userId: string; now: Tally; before: Tally }[], n = 3, minAnswers = 3) {
  return members
    .filter((m) => m.now.answers >= minAnswers && m.before.answers >= minAnswers)
    .map((m) => ({ userId: m.userId, from: m.before.correct / m.before.answers, to: m.now.correct / m.now.answers }))
    .filter((m) => m.to > m.from)
    .sort((a, b) => b.to - b.from - (a.to - a.from) || a.userId.localeCompare(b.userId))
    .slice(0, n);
}
