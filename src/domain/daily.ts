import { DateTime, IANAZone } from 'luxon';

/**
 * The daily challenge's calendar rules, in the server's own time zone.
 *
 * Daylight-saving changes: a post time that does not exist on the change day (02:30 when clocks
 * jump from 02:00 to 03:00) is posted as the clock reads it after the jump, 03:30, the same distance
 * past the change; a time that occurs twice (01:30 when clocks fall back) is posted once, at its
 * first occurrence. On every other day, 09:00 is 09:00 local, whatever the UTC offset.
 */
export interface DailySchedule {
  /** HH:MM, 24-hour */
  time: string;
  /** IANA name, e.g. Asia/Shanghai */
  timezone: string;
}

export const isValidTime = (time: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(time);
/** An IANA zone name (Area/Location, or UTC); offsets such as GMT+8 and city names alone are refused. */
export const isValidZone = (zone: string) => zone === 'UTC' || (zone.includes('/') && IANAZone.isValidZone(zone));

/** The calendar date (YYYY-MM-DD) at `now` in `zone`. */
export const localDateOf = (now: Date, zone: string): string => DateTime.fromJSDate(now, { zone }).toISODate()!;

/** The instant the challenge of `localDate` is due. */
export function scheduledInstant(localDate: string, s: DailySchedule): Date {
  const [hour, minute] = s.time.split(':').map(Number) as [number, number];
  const [year, month, day] = localDate.split('-').map(Number) as [number, number, number];
  const at = DateTime.fromObject({ year, month, day, hour, minute }, { zone: s.timezone });
  // Luxon resolves a repeated wall time to its later occurrence; take the earlier one.
  for (const back of [60, 30]) {
    const earlier = at.minus({ minutes: back });
    if (earlier.hour === hour && earlier.minute === minute && earlier.day === day) return earlier.toJSDate();
  }
  return at.toJSDate();
}

/** Today's local date when today's challenge is due at `now` (its time has come), else undefined. */
export function dueDate(now: Date, s: DailySchedule): string | undefined {
  const today = localDateOf(now, s.timezone);
  return scheduledInstant(today, s).getTime() <= now.getTime() ? today : undefined;
}

/** The next instant a challenge is due after `now` (today's if still ahead, else tomorrow's). */
export function nextPost(now: Date, s: DailySchedule): Date {
  const today = localDateOf(now, s.timezone);
  const todays = scheduledInstant(today, s);
  if (todays.getTime() > now.getTime()) return todays;
  const tomorrow = DateTime.fromISO(today, { zone: s.timezone }).plus({ days: 1 }).toISODate()!;
  return scheduledInstant(tomorrow, s);
}

/**
 * Current and best streak of consecutive daily challenges answered correctly. Challenges are
 * numbered per server and a paused day has no challenge, so a pause never breaks a streak. The
 * challenge still open (`openNumber`) does not break the current streak before it is answered.
 */
export function dailyStreaks(results: readonly { number: number; correct: boolean }[], latestNumber: number, openNumber?: number): { current: number; best: number } {
  const correct = new Set(results.filter((r) => r.correct).map((r) => r.number));
  let best = 0;
  let run = 0;
  for (let n = 1; n <= latestNumber; n++) {
    run = correct.has(n) ? run + 1 : 0;
    best = Math.max(best, run);
  }
  let current = 0;
  let n = latestNumber;
  if (n === openNumber && !correct.has(n)) n--;
  while (n > 0 && correct.has(n)) {
    current++;
    n--;
  }
  return { current, best };
}
