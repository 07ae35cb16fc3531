import { DateTime } from 'luxon';

/**
 * Leaderboard periods, as keys of the Score table. Calendar periods are taken in the server's time
 * zone: "today" is the server's local date, weeks start on Monday (ISO), months on the 1st.
 */
export const PERIODS = ['all', 'month', 'week', 'today'] as const;
export type Period = (typeof PERIODS)[number];

/** The Score keys an answer given at `at` counts towards. */
export function periodKeys(at: Date, zone: string): string[] {
  const local = DateTime.fromJSDate(at, { zone });
  return ['all', `d:${local.toISODate()}`, `w:${local.startOf('week').toISODate()}`, `m:${local.toFormat('yyyy-MM')}`];
}

/** The Score key of `period` as it stands at `now` in `zone`. */
export function periodKey(period: Period, now: Date, zone: string): string {
  const [all, day, week, month] = periodKeys(now, zone) as [string, string, string, string];
  return { all, today: day, week, month }[period];
}

/** The instant the server's current week (Monday 00:00 local) began. */
export const weekStart = (now: Date, zone: string): Date => DateTime.fromJSDate(now, { zone }).startOf('week').toJSDate();
