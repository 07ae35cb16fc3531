import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandOption } from '../../src/sandbox/emulator.js';
import type { EmuMessage } from '../../src/sandbox/state.js';
import { bankFromFiles } from '../support/bank.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { freshDatabaseUrl } from '../support/db.js';
import { buttonsOf, clickAndSettle, embedOf, runCommand, textOf } from '../support/messages.js';

const bank = new Map(bankFromFiles().map((q) => [q.id, q]));
let now = new Date('2026-12-01T02:00:00Z'); // Tuesday 10:00 in Shanghai, week 1 of a plan from Monday 30 November
const clock = () => new Date(now);
const databaseUrl = await freshDatabaseUrl();
const timing = { msPerSecond: 5, introMs: 0, pauseMs: 0, refreshMs: 1000 };
let bot: SandboxBot;
const start = (seed: number) => startSandboxBot({ clock, rng: seededRng(seed), dailySweep: false, roundTicker: false, databaseUrl, roundTiming: timing, emulator: bot?.emu });

beforeAll(async () => {
  bot = await start(5);
});
afterAll(async () => bot?.stop());

const str = (name: string, value: string): CommandOption => ({ name, type: 3, value });
const int = (name: string, value: number): CommandOption => ({ name, type: 4, value });
const run = (user: string, name: string, sub: string, options: CommandOption[] = [], locale?: string) => runCommand(bot.emu, { user, name, locale, options: [{ name: sub, type: 1, options }] });
const plan = async (user: string, sub: string, options: CommandOption[] = [], locale?: string) => (await run(user, 'plan', sub, options, locale)).content;
const weeks = () => bot.app.db.planWeek.findMany({ orderBy: { number: 'asc' } });
const dailyChannel = () => bot.emu.guild.channels.find((c) => c.name === 'daily-challenge')!.id;
const recaps = () => bot.emu.channelMessages(dailyChannel()).filter((m) => !m.interaction && embedOf(m).title?.startsWith('Weekly recap'));
const WEEK1 = ['ipip', 'gre'];
const onWeek1 = (questionId: string) => bank.get(questionId)!.tags.some((t) => WEEK1.includes(t));
const week1Questions = [...bank.values()].filter((q) => onWeek1(q.id)).length;

/** /quiz practice without a topic; returns the question shown (from the showing its buttons name). */
async function practise(user: string) {
  const reply = await runCommand(bot.emu, { user, name: 'quiz', options: [{ name: 'practice', type: 1, options: [] }] });
  return { reply, showing: await showingOf(reply) };
}
const showingOf = async (m: EmuMessage | undefined) => bot.app.db.practiceShowing.findUniqueOrThrow({ where: { id: buttonsOf(m)[0]!.custom_id.split(':')[1]! } });

describe('/plan: a syllabus by week (real bot, injected clock)', () => {
  it('has no plan at first; refuses non-managers, bad dates and a start more than a year ago, saving nothing', async () => {
    const channel = { name: 'channel', type: 7, value: dailyChannel() };
    await run('alice', 'daily', 'setup', [channel, str('time', '09:00'), str('timezone', 'Asia/Shanghai')]);
    expect(await plan('bob', 'show')).toMatch(/^This server has no study plan yet/);
    expect(await plan('bob', 'set', [str('start', '2026-11-30')])).toBe('Only members with Manage Server can change the study plan.');
    expect(await plan('alice', 'set', [str('start', '30.11.2026')])).toMatch(/^“30.11.2026” is not a date\. .*Nothing was changed\.$/);
    expect(await plan('alice', 'set', [str('start', '2025-11-01')])).toBe('The plan would start on 2025-11-01, more than a year ago. Pick a start within the last year. Nothing was changed.');
    expect(await plan('wei', 'set', [str('start', '2025-11-01')])).toMatch(/^只有拥有“管理服务器”权限的成员/);
    expect(await bot.app.db.studyPlan.count()).toBe(0);
  });

  it('sets the built-in plan from the notes and shows this week, next week and the whole plan in both languages', async () => {
    expect(await plan('alice', 'set', [str('start', '2026-11-30')])).toBe(
      "Study plan set: 8 weeks, 2026-11-30 to 2027-01-24 (Asia/Shanghai). Practice, rounds and the daily challenge without a topic now start with this week's concepts.",
    );
    const shown = await run('bob', 'plan', 'show');
    expect(shown.ephemeralTo).toBe(bot.emu.member('bob').id);
    const e = embedOf(shown);
    expect(e.fields?.find((f) => f.name === 'This week')?.value).toMatch(/^\*\*Week 1\*\* · 2026-11-30 – 2026-12-06 · Why cloud native.*Goroutines, Channels/);
    expect(e.fields?.find((f) => f.name === 'Next week')?.value).toMatch(/^\*\*Week 2\*\* · 2026-12-07 – 2026-12-13 · GMP scheduler/);
    expect(e.fields?.find((f) => f.name === 'The whole plan')?.value.split('\n')).toHaveLength(8);
    expect(e.fields?.find((f) => f.name === 'Next recap')?.value).toBe(`<t:${Date.parse('2026-12-06T12:00:00Z') / 1000}:F>`);
    const zh = embedOf(await run('wei', 'plan', 'show'));
    expect(zh.title).toBe('学习计划');
    expect(zh.fields?.find((f) => f.name === '本周')?.value).toMatch(/^\*\*第 1 周\*\* · 2026-11-30 – 2026-12-06 · 云原生的诉求/);
  });

  it('refuses overlapping weeks, unknown tags and an unknown week, changing nothing', async () => {
    const before = await weeks();
    expect(await plan('alice', 'week', [int('week', 2), str('start', '2026-12-05')])).toBe('Weeks 1, 2 would overlap: a week must start after the one before it ends. Nothing was changed.');
    expect(await plan('alice', 'week', [int('week', 1), str('tags', 'ipip, kubernetes-magic')])).toMatch(/^Unknown concepts: kubernetes-magic\. .*Nothing was changed\.$/);
    expect(await plan('alice', 'week', [int('week', 9), str('tags', 'ipip')])).toBe('This plan has no week 9 (it has weeks 1-8). Nothing was changed.');
    expect(await plan('lina', 'week', [int('week', 2), str('start', '2026-12-05')], 'zh-CN')).toMatch(/^只有/);
    expect(await plan('alice', 'week', [int('week', 2), str('start', '2026-12-05')], 'zh-CN')).toBe('第 1, 2 周会重叠：每一周必须在上一周结束之后开始。未做任何更改。');
    expect(await weeks()).toEqual(before);
  });

  it('changes a week’s concepts; practice without a topic draws from them first, then from the whole bank', async () => {
    expect(await plan('alice', 'week', [int('week', 1), str('tags', WEEK1.join(','))])).toBe('Week changed: **Week 1** · 2026-11-30 – 2026-12-06 · IPIP, GRE');
    expect(week1Questions).toBeGreaterThanOrEqual(3);
    const shown: string[] = [];
    for (let n = 0; n < week1Questions; n++) shown.push((await practise('bob')).showing.questionId);
    expect(shown.every(onWeek1)).toBe(true);
    expect(new Set(shown).size).toBe(week1Questions);
    const after = await practise('bob');
    expect(onWeek1(after.showing.questionId)).toBe(false); // the week's pool is exhausted: the whole bank
    // With a topic, the member's choice wins over the plan.
    expect(bank.get((await showingOf(await runCommand(bot.emu, { user: 'lina', name: 'quiz', options: [{ name: 'practice', type: 1, options: [str('topic', 'istio')] }] }))).questionId)!.topic).toBe('istio');
  });

  it('the daily challenge and a live round without a topic draw from this week’s concepts', async () => {
    now = new Date('2026-12-02T01:00:00Z');
    expect(await bot.app.context.daily.tick()).toBe(1);
    const challenge = await bot.app.db.dailyChallenge.findFirstOrThrow({ where: { localDate: '2026-12-02' } });
    expect(onWeek1(challenge.questionId)).toBe(true);

    const channelId = bot.emu.guild.channels.find((c) => c.name === 'kubernetes')!.id;
    await runCommand(bot.emu, { user: 'alice', channelId, name: 'quiz', options: [{ name: 'start', type: 1, options: [int('questions', 3), int('seconds', 10)] }] });
    // The round runs on the test's clock: each tick moves it a second on, well past each 50 ms question.
    const finished = () => bot.app.db.round.findFirst({ where: { channelId, status: { not: 'running' } } });
    for (let step = 0; step < 30 && !(await finished()); step++) {
      now = new Date(now.getTime() + 1000);
      await bot.app.context.rounds.tick();
    }
    const round = (await finished())!;
    expect(round?.status).toBe('finished');
    const asked = await bot.app.db.roundQuestion.findMany({ where: { roundId: round.id } });
    expect(asked).toHaveLength(3);
    expect(asked.every((q) => onWeek1(q.questionId))).toBe(true);
  });
});

describe('the weekly recap', () => {
  it('is posted once at the end of the plan week, in the daily channel, naming members without pinging', async () => {
    now = new Date('2026-12-03T03:00:00Z');
    for (let n = 0; n < 3; n++) {
      const { reply } = await practise('alice');
      await clickAndSettle(bot.emu, { user: 'alice', messageId: reply.id, customId: buttonsOf(reply)[0]!.custom_id });
    }
    now = new Date('2026-12-06T11:59:00Z'); // 19:59 in Shanghai on the week's last day
    expect(await bot.app.context.recaps.tick()).toBe(0);
    now = new Date('2026-12-06T12:00:00Z');
    const counts = await Promise.all([bot.app.context.recaps.tick(), bot.app.context.recaps.tick(), bot.app.context.recaps.tick()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await bot.app.context.recaps.tick()).toBe(0);
    expect(recaps()).toHaveLength(1);
    const post = recaps()[0]!;
    expect(embedOf(post).title).toBe('Weekly recap · week 1 · 2026-11-30 – 2026-12-06');
    expect(post.allowed_mentions).toEqual({ parse: [] });
    expect(textOf(post)).toContain(`<@${bot.emu.member('alice').id}>`);
    expect(textOf(post)).toMatch(/Accuracy on this week's concepts\n\d+% over \d+ answers \(last week: —\)/);
    expect(post.attachments).toHaveLength(1);
    expect(buttonsOf(post)[0]!.custom_id).toMatch(/^pm:/);
    expect(await bot.app.db.weeklyRecap.count()).toBe(1);
    // Its button shows whoever clicks their own map, privately.
    const { followUp } = await clickAndSettle(bot.emu, { user: 'wei', messageId: post.id, customId: buttonsOf(post)[0]!.custom_id });
    expect(followUp?.ephemeralTo).toBe(bot.emu.member('wei').id);
    expect(embedOf(followUp).title).toBe('掌握度地图 · 王伟');
  });

  it('a recap due while the bot was down is posted when it starts, once', async () => {
    await bot.stop();
    now = new Date('2026-12-13T13:00:00Z'); // an hour after week 2's recap time
    await bot.emu.start();
    bot = await start(6);
    expect(recaps()).toHaveLength(2);
    expect(embedOf(recaps()[1]).title).toBe('Weekly recap · week 2 · 2026-12-07 – 2026-12-13');
    expect(await bot.app.context.recaps.tick()).toBe(0);
    expect(await bot.app.db.weeklyRecap.count()).toBe(2);
  });

  it('/plan recap shows the last one privately; /plan recap-now is for managers and never posts a week twice', async () => {
    const shown = await run('bob', 'plan', 'recap');
    expect(shown.ephemeralTo).toBe(bot.emu.member('bob').id);
    expect(embedOf(shown).title).toBe('Weekly recap · week 2 · 2026-12-07 – 2026-12-13');
    expect(embedOf(await run('wei', 'plan', 'recap')).title).toBe('每周回顾 · 第 2 周 · 2026-12-07 – 2026-12-13');
    expect(await plan('bob', 'recap-now')).toBe('Only members with Manage Server can change the study plan.');
    expect(await plan('alice', 'recap-now')).toMatch(new RegExp(`^This week's recap is already out: https://discord.com/channels/\\d+/${dailyChannel()}/${recaps()[1]!.id}$`));
    now = new Date('2026-12-16T02:00:00Z'); // mid-week 3: a recap of the week so far, once
    expect(await plan('alice', 'recap-now')).toMatch(/^Recap posted: /);
    expect(await plan('alice', 'recap-now')).toMatch(/^This week's recap is already out: /);
    expect(recaps()).toHaveLength(3);
  });

  it('moves its time with /plan recap-schedule, validated', async () => {
    expect(await plan('alice', 'recap-schedule', [str('time', '8pm')])).toBe('The time must be HH:MM on a 24-hour clock, for example 20:00. Nothing was changed.');
    expect(await plan('alice', 'recap-schedule', [str('time', '18:30')])).toBe(
      'Weekly recap: was Sundays at 20:00 (on the last day of each week while a plan runs); now Sundays at 18:30 (on the last day of each week while a plan runs).',
    );
  });
});

describe('/progress: the mastery map', () => {
  it('shows a member’s map as a heatmap with the five concepts to study next, and a button that practises them', async () => {
    const reply = await run('alice', 'progress', 'member');
    const e = embedOf(reply);
    expect(e.title).toBe('Mastery map · Alice');
    expect(e.image?.url).toBe('attachment://progress.png');
    expect(reply.attachments).toHaveLength(1);
    const next = e.fields?.find((f) => f.name === 'Study next')?.value.split('\n') ?? [];
    expect(next).toHaveLength(5);
    const button = buttonsOf(reply)[0]!;
    expect(button.custom_id).toBe(`pp:${bot.emu.member('alice').id}`);
    const { followUp } = await clickAndSettle(bot.emu, { user: 'alice', messageId: reply.id, customId: button.custom_id });
    const showing = await showingOf(followUp);
    expect(showing.topic).toMatch(/^tag:[a-z-]+(,[a-z-]+){4}$/);
    expect(bank.get(showing.questionId)!.tags.some((t) => showing.topic.slice(4).split(',').includes(t))).toBe(true);
    expect(embedOf(await run('wei', 'progress', 'member')).title).toBe('掌握度地图 · 王伟');
  });

  it('/progress group is for organisers and shows the share of members who master each concept', async () => {
    expect((await run('bob', 'progress', 'group')).content).toBe('Only members with Manage Server can see the group map.');
    const reply = await run('alice', 'progress', 'group');
    expect(embedOf(reply).title).toBe('Mastery map · the group');
    expect(embedOf(reply).description).toMatch(/^Share of the \d+ member\(s\) who answered here/);
    expect(reply.attachments).toHaveLength(1);
  });
});

describe('/plan pause, resume, clear', () => {
  it('pauses, resumes with the weeks not over moved on, and clears', async () => {
    now = new Date('2026-12-16T02:00:00Z');
    expect(await plan('alice', 'pause')).toMatch(/^Study plan paused/);
    expect(await plan('alice', 'pause')).toBe('The study plan is already paused.');
    expect(embedOf(await run('bob', 'plan', 'show')).description).toBe('⏸ Paused since 2026-12-16.');
    now = new Date('2026-12-19T02:00:00Z');
    expect(await plan('alice', 'resume')).toBe('Study plan resumed. The weeks not over moved on by 3 day(s).');
    expect(await plan('alice', 'resume')).toBe('The study plan is not paused.');
    const w = await weeks();
    expect(w[1]).toMatchObject({ startDate: '2026-12-07', endDate: '2026-12-13' });
    expect(w[2]).toMatchObject({ startDate: '2026-12-14', endDate: '2026-12-23' });
    expect(w[3]).toMatchObject({ startDate: '2026-12-24', endDate: '2026-12-30' });
    expect(await plan('bob', 'clear')).toBe('Only members with Manage Server can change the study plan.');
    expect(await plan('alice', 'clear')).toMatch(/^Study plan removed/);
    expect(await bot.app.db.planWeek.count()).toBe(0);
    expect(await plan('wei', 'show')).toMatch(/^本服务器还没有学习计划/);
    expect(bot.app.router.stats.failures).toBe(0);
  });
});
