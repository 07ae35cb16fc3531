import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TAG_NAMES, TAGS } from '../../src/bank/tags.js';
import { BUILTIN_PLANS } from '../../src/domain/plan-builtin.js';
import { checkPlan, focusPool, focusTags, parseDate, parseTags, planFromTemplate, resumedWeeks, withWeek, type Plan } from '../../src/domain/plan.js';
import { dueRecap, mostImproved, nextRecap, DEFAULT_RECAP } from '../../src/domain/recap.js';

const notesPlan = (start = '2026-12-07'): Plan => ({ template: 'notes', pausedAt: null, weeks: planFromTemplate('notes', start) });

describe('the built-in plan follows the notes', () => {
  it('puts every concept of the notes in exactly one of about eight weeks, and nothing else', () => {
    const weeks = BUILTIN_PLANS.notes;
    expect(weeks.length).toBe(8);
    const all = weeks.flat();
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(TAG_NAMES.filter((t) => TAGS[t].notes).sort());
  });

  it('runs consecutive seven-day weeks from the start date', () => {
    const weeks = planFromTemplate('notes', '2026-12-07');
    expect(weeks[0]).toMatchObject({ number: 1, startDate: '2026-12-07', endDate: '2026-12-13' });
    expect(weeks[7]).toMatchObject({ number: 8, startDate: '2027-01-25', endDate: '2027-01-31' });
    expect(checkPlan(weeks, '2026-12-03')).toBeUndefined();
  });
});

describe('checkPlan refuses impossible plans, naming what is wrong', () => {
  const weeks = planFromTemplate('notes', '2026-12-07');
  it('overlapping weeks', () => {
    expect(checkPlan(withWeek(weeks, 2, { startDate: '2026-12-13' })!, '2026-12-03')).toEqual({ problem: 'overlap', detail: '1, 2' });
  });
  it('unknown tags', () => {
    expect(checkPlan(withWeek(weeks, 3, { tags: ['ns-pid', 'kubernetes-magic'] })!, '2026-12-03')).toEqual({ problem: 'unknownTags', detail: 'kubernetes-magic' });
  });
  it('a start more than a year in the past, but not one within the year', () => {
    expect(checkPlan(planFromTemplate('notes', '2025-11-01'), '2026-12-03')).toEqual({ problem: 'tooOld', detail: '2025-11-01' });
    expect(checkPlan(planFromTemplate('notes', '2026-01-05'), '2026-12-03')).toBeUndefined();
  });
  it('a week that ends before it starts, or is longer than a month', () => {
    expect(checkPlan(withWeek(weeks, 8, { endDate: '2027-01-01' })!, '2026-12-03')?.problem).toBe('endBeforeStart');
    expect(checkPlan(withWeek(weeks, 8, { endDate: '2027-03-31' })!, '2026-12-03')?.problem).toBe('tooLong');
  });
  it('parses dates and tags as members type them', () => {
    expect(parseDate('2026/12/7')).toBe('2026-12-07');
    expect(parseDate('2026-02-30')).toBeUndefined();
    expect(parseDate('next monday')).toBeUndefined();
    expect(parseTags('gmp-scheduler, MCACHE，mheap mcache')).toEqual(['gmp-scheduler', 'mcache', 'mheap']);
  });
  it('moving a week keeps its length', () => {
    expect(withWeek(weeks, 8, { startDate: '2027-02-01' })!.at(-1)).toMatchObject({ startDate: '2027-02-01', endDate: '2027-02-07' });
  });
});

describe('focus: this week first, then the weakest earlier concepts', () => {
  const plan = notesPlan();
  it('is empty without a running week or while paused', () => {
    expect(focusTags(undefined, '2026-12-08', () => undefined)).toEqual([]);
    expect(focusTags(plan, '2026-12-01', () => undefined)).toEqual([]);
    expect(focusTags({ ...plan, pausedAt: new Date() }, '2026-12-08', () => undefined)).toEqual([]);
  });
  it('adds the two weakest concepts of earlier weeks in week three', () => {
    const acc = new Map([['goroutine', 0.2], ['mcache', 0.1], ['channel', 0.9]]);
    const focus = focusTags(plan, '2026-12-21', (t) => acc.get(t) ?? 1);
    expect(focus.slice(0, BUILTIN_PLANS.notes[2].length)).toEqual([...BUILTIN_PLANS.notes[2]]);
    expect(focus.slice(-2)).toEqual(['mcache', 'goroutine']);
  });
  it('draws only unshown focus questions, and the whole pool once they are all shown', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ tag: fc.constantFrom('a', 'b', 'c'), shown: fc.nat(2) }), { minLength: 1, maxLength: 30 }), (qs) => {
        const pool = qs.map((q, i) => ({ id: `q${i}`, tags: [q.tag], shown: q.shown }));
        const picked = focusPool(pool, ['a'], (id) => pool.find((q) => q.id === id)!.shown);
        const fresh = pool.filter((q) => q.tags[0] === 'a' && q.shown === 0);
        expect(picked).toEqual(fresh.length ? fresh : pool);
      }),
    );
  });
  it('resuming moves the weeks not over on by the days paused', () => {
    const weeks = resumedWeeks(plan.weeks, '2026-12-16', '2026-12-23');
    expect(weeks[0]).toEqual(plan.weeks[0]);
    expect(weeks[1]).toMatchObject({ startDate: '2026-12-14', endDate: '2026-12-27' });
    expect(weeks[2]).toMatchObject({ startDate: '2026-12-28', endDate: '2027-01-03' });
    expect(checkPlan(weeks, '2026-12-23')).toBeUndefined();
  });
});

describe('recap timing (DST-safe, once per week)', () => {
  it('without a plan: due from 20:00 Sunday for two days, never before', () => {
    const at = (iso: string) => dueRecap(new Date(iso), 'America/New_York', undefined, DEFAULT_RECAP);
    expect(at('2026-11-01T00:59:00Z')).toBeUndefined(); // Sat 20:59 EDT
    expect(at('2026-11-02T00:59:00Z')).toBeUndefined(); // Sun 19:59 EST (clocks fell back that morning)
    expect(at('2026-11-02T01:00:00Z')?.weekKey).toBe('w:2026-11-01'); // Sun 20:00 EST
    expect(at('2026-11-03T23:00:00Z')?.weekKey).toBe('w:2026-11-01');
    expect(at('2026-11-04T02:00:00Z')).toBeUndefined(); // past the grace period
    expect(nextRecap(new Date('2026-11-02T02:00:00Z'), 'America/New_York', undefined, DEFAULT_RECAP)?.toISOString()).toBe('2026-11-09T01:00:00.000Z');
  });
  it('with a plan: at the end of each plan week, and nothing while paused', () => {
    const plan = notesPlan();
    const due = dueRecap(new Date('2026-12-13T12:00:00Z'), 'Asia/Shanghai', plan, DEFAULT_RECAP)!;
    expect(due.weekKey).toBe('p:2026-12-07');
    expect(due.dueAt.toISOString()).toBe('2026-12-13T12:00:00.000Z');
    expect(due.planWeek?.number).toBe(1);
    expect(dueRecap(new Date('2026-12-13T11:59:00Z'), 'Asia/Shanghai', plan, DEFAULT_RECAP)).toBeUndefined();
    expect(dueRecap(new Date('2026-12-13T12:00:00Z'), 'Asia/Shanghai', { ...plan, pausedAt: new Date() }, DEFAULT_RECAP)).toBeUndefined();
    expect(dueRecap(new Date('2026-12-13T12:00:00Z'), 'Asia/Shanghai', plan, { ...DEFAULT_RECAP, enabled: false })).toBeUndefined();
  });
  it('most improved: 3+ answers in both weeks, biggest rise first, at most three', () => {
    const m = (userId: string, before: [number, number], now: [number, number]) => ({ userId, before: { answers: before[0], correct: before[1] }, now: { answers: now[0], correct: now[1] } });
    const list = mostImproved([m('a', [4, 1], [4, 4]), m('b', [4, 2], [4, 3]), m('c', [2, 0], [9, 9]), m('d', [5, 5], [5, 1]), m('e', [3, 0], [3, 1]), m('f', [10, 1], [10, 9])]);
    expect(list.map((x) => x.userId)).toEqual(['f', 'a', 'e']);
  });
});
