import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyStreaks, dueDate, isValidTime, isValidZone, localDateOf, nextPost, scheduledInstant } from '../../src/domain/daily.js';

const at = (iso: string) => new Date(iso);

describe('scheduledInstant: 09:00 stays 09:00 local', () => {
  it('Asia/Shanghai (UTC+8, no DST)', () => {
    expect(scheduledInstant('2026-11-29', { time: '09:00', timezone: 'Asia/Shanghai' }).toISOString()).toBe('2026-11-29T01:00:00.000Z');
  });

  it('UTC', () => {
    expect(scheduledInstant('2026-03-08', { time: '09:00', timezone: 'UTC' }).toISOString()).toBe('2026-03-08T09:00:00.000Z');
  });

  it('America/New_York before, on and after both 2026 DST changes', () => {
    const ny = (d: string) => scheduledInstant(d, { time: '09:00', timezone: 'America/New_York' }).toISOString();
    expect(ny('2026-03-07')).toBe('2026-03-07T14:00:00.000Z'); // EST, UTC-5
    expect(ny('2026-03-08')).toBe('2026-03-08T13:00:00.000Z'); // change day, already EDT
    expect(ny('2026-10-31')).toBe('2026-10-31T13:00:00.000Z'); // EDT, UTC-4
    expect(ny('2026-11-01')).toBe('2026-11-01T14:00:00.000Z'); // change day, already EST
  });

  it('a time skipped by the spring change is posted as the clock reads after the jump (02:30 -> 03:30 EDT)', () => {
    expect(scheduledInstant('2026-03-08', { time: '02:30', timezone: 'America/New_York' }).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('a time repeated by the autumn change is posted once, at its first occurrence (01:30 EDT)', () => {
    expect(scheduledInstant('2026-11-01', { time: '01:30', timezone: 'America/New_York' }).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
});

describe('dueDate and nextPost', () => {
  const shanghai = { time: '09:00', timezone: 'Asia/Shanghai' };
  it('is due from the post time to the end of the local day, and not before', () => {
    expect(dueDate(at('2026-11-29T00:59:00Z'), shanghai)).toBeUndefined();
    expect(dueDate(at('2026-11-29T01:00:00Z'), shanghai)).toBe('2026-11-29');
    expect(dueDate(at('2026-11-29T15:59:00Z'), shanghai)).toBe('2026-11-29');
    expect(dueDate(at('2026-11-29T16:00:00Z'), shanghai)).toBeUndefined(); // 00:00 on the 30th in Shanghai
  });

  it('names the next post in the zone: later today, else tomorrow across a DST change', () => {
    expect(nextPost(at('2026-11-29T00:00:00Z'), shanghai).toISOString()).toBe('2026-11-29T01:00:00.000Z');
    expect(nextPost(at('2026-10-31T13:00:00Z'), { time: '09:00', timezone: 'America/New_York' }).toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });

  it('uses the local date, not the UTC one', () => {
    expect(localDateOf(at('2026-11-29T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-30');
    expect(localDateOf(at('2026-11-29T03:00:00Z'), 'America/New_York')).toBe('2026-11-28');
  });

  it.each([
    ['spring', '2026-03-06T05:00:00Z', '2026-03-10T04:00:00Z'],
    ['autumn', '2026-10-30T04:00:00Z', '2026-11-03T05:00:00Z'],
  ])('becomes due once per local day, at the scheduled instant, minute by minute across the %s change', (_, from, to) => {
    for (const time of ['01:30', '02:30', '09:00']) {
      const s = { time, timezone: 'America/New_York' };
      const firstDue = new Map<string, number>();
      for (let t = Date.parse(from); t < Date.parse(to); t += 60_000) {
        const due = dueDate(new Date(t), s);
        if (due && !firstDue.has(due)) firstDue.set(due, t);
      }
      expect(firstDue.size).toBe(4);
      for (const [date, t] of firstDue) expect(t).toBe(scheduledInstant(date, s).getTime());
    }
  });
});

describe('validation', () => {
  it.each(['09:00', '00:00', '23:59'])('accepts %s', (t) => expect(isValidTime(t)).toBe(true));
  it.each(['9:00', '24:00', '12:60', '0900', 'noon'])('refuses %s', (t) => expect(isValidTime(t)).toBe(false));
  it.each(['Asia/Shanghai', 'America/New_York', 'UTC', 'Europe/Berlin'])('accepts zone %s', (z) => expect(isValidZone(z)).toBe(true));
  it.each(['Mars/Olympus', 'Beijing', 'GMT+8', ''])('refuses zone %s', (z) => expect(isValidZone(z)).toBe(false));
});

describe('dailyStreaks', () => {
  it('counts consecutive correct challenges; a wrong or missed one breaks it', () => {
    const r = [1, 2, 3, 5, 6].map((number) => ({ number, correct: true }));
    expect(dailyStreaks(r, 6)).toEqual({ current: 2, best: 3 });
    expect(dailyStreaks([{ number: 1, correct: true }, { number: 2, correct: false }], 2)).toEqual({ current: 0, best: 1 });
  });

  it('does not break the current streak on the challenge still open', () => {
    expect(dailyStreaks([1, 2].map((number) => ({ number, correct: true })), 3, 3)).toEqual({ current: 2, best: 2 });
  });

  it('best is never below current, and both never exceed the number of correct answers', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ number: fc.integer({ min: 1, max: 30 }), correct: fc.boolean() }), { maxLength: 40 }), fc.integer({ min: 1, max: 30 }), (results, latest) => {
        const { current, best } = dailyStreaks(results, latest, latest);
        expect(best).toBeGreaterThanOrEqual(current);
        expect(best).toBeLessThanOrEqual(new Set(results.filter((r) => r.correct && r.number <= latest).map((r) => r.number)).size);
      }),
    );
  });
});
