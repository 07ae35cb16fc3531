import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromTemplate } from '../../src/domain/plan.js';
import { DEFAULT_RECAP, dueRecap, mostImproved, type RecapWeek } from '../../src/domain/recap.js';
import { recordAnswer, type NewAnswer } from '../../src/store/answers.js';
import type { Db } from '../../src/store/client.js';
import { recapFigures } from '../../src/store/recap.js';
import { scoreKeeper } from '../../src/store/score-keeper.js';
import { freshStore } from '../support/db.js';

let db: Db;
const QUESTIONS = [
  { id: 'r-1', topic: 'go', difficulty: 'easy', tags: ['goroutine', 'channel'] },
  { id: 'r-2', topic: 'go', difficulty: 'medium', tags: ['mcache'] },
  { id: 'r-3', topic: 'containers', difficulty: 'hard', tags: ['ns-pid'] },
];
const tagsOf = (id: string) => QUESTIONS.find((q) => q.id === id)?.tags;
beforeAll(async () => {
  ({ db } = await freshStore());
  for (const q of QUESTIONS) await db.question.create({ data: { ...q, tags: q.tags.join(','), content: '{}', answer: 0, choiceCount: 3, contentHash: 'h' } });
});
afterAll(async () => db.$disconnect());

let guildCounter = 0;
const ZONE = 'America/New_York';

/** The same figures recounted from the raw answers, by Luxon's local dates (not the aggregates under test). */
function recount(answers: readonly NewAnswer[], week: RecapWeek) {
  const day = (a: NewAnswer) => DateTime.fromJSDate(a.answeredAt, { zone: ZONE }).toISODate()!;
  const inDays = (a: NewAnswer, d: { start: string; end: string }) => day(a) >= d.start && day(a) <= d.end;
  const now = answers.filter((a) => inDays(a, week.days));
  const before = answers.filter((a) => inDays(a, week.previousDays));
  const tally = (xs: NewAnswer[]) => ({ answers: xs.length, correct: xs.filter((a) => a.correct).length });
  const users = [...new Set(answers.map((a) => a.userId))];
  const perUser = users.map((userId) => ({ userId, now: tally(now.filter((a) => a.userId === userId)), before: tally(before.filter((a) => a.userId === userId)) }));
  const active = perUser.filter((u) => u.now.answers > 0).sort((a, b) => b.now.answers - a.now.answers || a.userId.localeCompare(b.userId));
  return { accuracy: { now: tally(now), before: tally(before) }, participants: active.length, active: active.slice(0, 10).map((u) => u.userId), improved: mostImproved(perUser) };
}

describe('the weekly recap equals a recount of the raw answers', () => {
  it('across members, days around the week and a DST change, with and without a plan week', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ user: fc.nat(11), q: fc.nat(2), correct: fc.boolean(), minutes: fc.integer({ min: 0, max: 21 * 24 * 60 }) }), { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        async (raw, withPlan) => {
          const guildId = `5000000000000${String(++guildCounter).padStart(5, '0')}`;
          await db.dailySettings.create({ data: { guildId, channelId: '1', time: '09:00', timezone: ZONE } });
          const t0 = Date.parse('2026-10-19T04:00:00Z'); // Monday 00:00 EDT; the clocks fall back on 1 November
          const answers: NewAnswer[] = raw.map((r, i) => ({
            source: 'practice', sourceId: `${guildId}-${i}`, userId: `7000000000000000${String(r.user).padStart(2, '0')}`, guildId, questionId: QUESTIONS[r.q]!.id,
            choiceIndex: 0, correct: r.correct, points: 0, responseMs: 1000, answeredAt: new Date(t0 + r.minutes * 60_000),
          }));
          for (const a of answers) await recordAnswer(db, a);
          await scoreKeeper(db).catchUp();
          const at = new Date('2026-11-09T02:00:00Z'); // Sunday 8 November 21:00 EST
          const plan = withPlan ? { template: 'notes', pausedAt: null, weeks: planFromTemplate('notes', '2026-10-26').map((w, i) => (i === 1 ? { ...w, tags: ['goroutine', 'ns-pid'] } : w)) } : undefined;
          const week = dueRecap(at, ZONE, plan, DEFAULT_RECAP)!;
          expect(week.days).toEqual({ start: '2026-11-02', end: '2026-11-08' });
          const figures = await recapFigures(db, guildId, week, tagsOf);
          const expected = recount(withPlan ? answers : answers, week);
          expect({ participants: figures.participants, active: figures.active, improved: figures.improved }).toEqual({ participants: expected.participants, active: expected.active, improved: expected.improved });
          if (!withPlan) expect(figures.accuracy).toEqual(expected.accuracy);
          else {
            const onWeek = (a: NewAnswer) => tagsOf(a.questionId)!.some((t) => ['goroutine', 'ns-pid'].includes(t));
            const onBefore = (a: NewAnswer) => tagsOf(a.questionId)!.some((t) => plan!.weeks[0]!.tags.includes(t));
            expect(figures.accuracy.now).toEqual(recount(answers.filter(onWeek), week).accuracy.now);
            expect(figures.accuracy.before).toEqual(recount(answers.filter(onBefore), week).accuracy.before);
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('recounts per-day question rows when the server changes time zone', async () => {
    const guildId = '500000000000099999';
    await db.dailySettings.create({ data: { guildId, channelId: '1', time: '09:00', timezone: 'UTC' } });
    await recordAnswer(db, { source: 'practice', sourceId: 'tz-1', userId: '700000000000000001', guildId, questionId: 'r-1', choiceIndex: 0, correct: true, points: 0, responseMs: 1, answeredAt: new Date('2026-11-02T02:00:00Z') });
    await scoreKeeper(db).catchUp();
    expect((await db.questionDay.findMany({ where: { guildId } })).map((d) => d.day)).toEqual(['2026-11-02']);
    await db.dailySettings.update({ where: { guildId }, data: { timezone: ZONE } });
    await scoreKeeper(db).rebuild(guildId);
    expect((await db.questionDay.findMany({ where: { guildId } })).map((d) => [d.day, d.answers])).toEqual([['2026-11-01', 1]]);
  });
});
