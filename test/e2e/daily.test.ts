import { DateTime } from 'luxon';
import cron from 'node-cron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandOption } from '../../src/sandbox/emulator.js';
import { bankFromFiles } from '../support/bank.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { freshDatabaseUrl } from '../support/db.js';
import { createChannelPoster } from '../../src/discord/poster.js';
import { DailyScheduler } from '../../src/scheduler/daily.js';
import { openStore } from '../../src/store/client.js';
import { buttonsOf, embedOf, textOf, choiceButtonsOf } from '../support/messages.js';

const bank = new Map(bankFromFiles().map((q) => [q.id, q]));
let now = new Date('2026-11-29T00:00:00Z');
const clock = () => new Date(now);
const databaseUrl = await freshDatabaseUrl();
let bot: SandboxBot;

beforeAll(async () => {
  bot = await startSandboxBot({ clock, rng: seededRng(3), dailySweep: false, databaseUrl });
});
afterAll(async () => bot?.stop());

const daily = async (user: string, sub: string, options: CommandOption[] = [], locale?: string) => {
  const id = bot.emu.sendCommand({ user, name: 'daily', locale, options: [{ name: sub, type: 1, options }] });
  return (await bot.emu.waitForReply(id))!.content;
};
const str = (name: string, value: string): CommandOption => ({ name, type: 3, value });
const dailyChannel = () => bot.emu.guild.channels.find((c) => c.name === 'daily-challenge')!.id;
const posts = () => bot.emu.channelMessages(dailyChannel()).filter((m) => !m.interaction && buttonsOf(m).some((b) => b.custom_id.startsWith('da:')));
const click = async (user: string, messageId: string, position: number) => {
  const m = bot.emu.messages.get(messageId)!;
  const id = bot.emu.clickButton({ user, messageId, customId: buttonsOf(m)[position]!.custom_id });
  return (await bot.emu.waitForReply(id))!;
};
async function rightPosition(messageId: string) {
  const id = buttonsOf(bot.emu.messages.get(messageId))[0]!.custom_id.split(':')[1]!;
  const c = await bot.app.db.dailyChallenge.findUniqueOrThrow({ where: { id } });
  return c.choiceOrder.split(',').map(Number).indexOf(bank.get(c.questionId)!.answer);
}

describe('the daily challenge (injected clock, real bot, real database)', () => {
  it('refuses non-managers and bad times or zones with an example, changing nothing', async () => {
    const setup = [{ name: 'channel', type: 7, value: dailyChannel() }, str('time', '09:00'), str('timezone', 'Asia/Shanghai')];
    expect(await daily('bob', 'setup', setup)).toBe('Only members with Manage Server can change the daily challenge.');
    expect(await daily('alice', 'setup', [setup[0]!, str('time', '9am'), setup[2]!])).toMatch(/for example 09:00/);
    expect(await daily('alice', 'setup', [setup[0]!, setup[1]!, str('timezone', 'Beijing')])).toMatch(/for example Asia\/Shanghai/);
    expect(await bot.app.db.dailySettings.count()).toBe(0);
    expect(await daily('wei', 'status')).toMatch(/还没有设置每日挑战/);
  });

  it('is set up by a manager and says when the next post is, in the server’s zone and the member’s', async () => {
    const reply = await daily('alice', 'setup', [{ name: 'channel', type: 7, value: dailyChannel() }, str('time', '09:00'), str('timezone', 'Asia/Shanghai')]);
    expect(reply).toMatch(/^Daily challenge set: <#\d+> at 09:00 \(Asia\/Shanghai\)/);
    expect(await daily('bob', 'status')).toContain('Next: 2026-11-29 09:00 (Asia/Shanghai) (your time: <t:1795914000:F>)');
  });

  it('posts at 09:00 Shanghai time, exactly once however many ticks race, with a thread', async () => {
    now = new Date('2026-11-29T00:59:00Z');
    expect(await bot.app.context.daily.tick()).toBe(0);
    now = new Date('2026-11-29T01:00:00Z');
    const counts = await Promise.all([bot.app.context.daily.tick(), bot.app.context.daily.tick(), bot.app.context.daily.tick()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await bot.app.context.daily.tick()).toBe(0);
    expect(posts()).toHaveLength(1);
    expect(embedOf(posts()[0]).title).toMatch(/^Daily challenge #1 · /);
    expect(posts()[0]!.thread?.name).toBe('Daily #1 discussion');
    expect(await bot.app.db.dailyChallenge.count()).toBe(1);
  });

  it('two processes sharing the database post once: a second scheduler on its own connection races the first', async () => {
    const second = await openStore(databaseUrl);
    try {
      const rival = new DailyScheduler({
        db: second.db,
        catalog: bot.app.context.catalog,
        poster: createChannelPoster(bot.app.client),
        log: bot.app.context.log,
        clock,
        rng: seededRng(99),
        systemChannelOf: async () => undefined,
      });
      now = new Date('2026-11-29T12:00:00Z'); // same local date, already posted: nothing more
      const [a, b] = await Promise.all([bot.app.context.daily.tick(), rival.tick()]);
      expect(a + b).toBe(0);
      expect(posts()).toHaveLength(1);
    } finally {
      await second.db.$disconnect();
    }
  });

  it('answers privately with right or wrong and the explanation; the public post only counts', async () => {
    const post = posts()[0]!;
    const right = await rightPosition(post.id);
    const reply = await click('wei', post.id, right);
    expect(reply.ephemeralTo).toBe(bot.emu.member('wei').id);
    expect(textOf(reply)).toContain('回答正确');
    await click('bob', post.id, (right + 1) % buttonsOf(post).length);
    expect((await click('bob', post.id, right)).content).toBe("You have already answered today's challenge. Come back tomorrow!");
    expect(await bot.app.db.answer.count({ where: { source: 'daily' } })).toBe(2);
    expect(textOf(bot.emu.messages.get(post.id))).not.toMatch(/✅|Answer:/);
  });

  it('closes yesterday’s challenge when today’s is posted: the reveal, the share right, late clicks refused', async () => {
    const first = posts()[0]!;
    now = new Date('2026-11-30T01:00:30Z');
    expect(await bot.app.context.daily.tick()).toBe(1);
    const revealed = bot.emu.messages.get(first.id)!;
    expect(embedOf(revealed).title).toBe('Daily challenge #1 · closed');
    expect(textOf(revealed)).toContain('2 answered · 50% got it right');
    expect(textOf(revealed)).toContain(`Fastest correct: <@${bot.emu.member('wei').id}>`);
    expect(choiceButtonsOf(revealed).every((b) => b.disabled)).toBe(true);
    expect((await click('lina', first.id, 0)).content).toBe('这期挑战已经截止，新一期已经发布。感谢参与！');
    expect(await bot.app.db.answer.count({ where: { source: 'daily', userId: bot.emu.member('lina').id } })).toBe(0);
  });

  it('keeps streaks across a paused day, which has no challenge', async () => {
    await click('wei', posts()[1]!.id, await rightPosition(posts()[1]!.id)); // #2 right
    expect(await daily('bob', 'pause')).toBe('Only members with Manage Server can change the daily challenge.');
    await daily('alice', 'pause');
    now = new Date('2026-12-01T01:00:00Z');
    expect(await bot.app.context.daily.tick()).toBe(0);
    await daily('alice', 'resume');
    now = new Date('2026-12-02T01:00:00Z');
    expect(await bot.app.context.daily.tick()).toBe(1);
    const third = posts()[2]!;
    expect(embedOf(third).title).toMatch(/^Daily challenge #3 /);
    await click('wei', third.id, await rightPosition(third.id));
    expect(await daily('wei', 'streak')).toBe('你在本服务器的每日挑战：当前连续答对 **3** 天（最佳纪录：3 天）。');
    expect(await daily('bob', 'streak')).toBe('Your daily streak here: **0** in a row (best: 0).');
  });

  it('never repeats a question in a server until its pool is used up', async () => {
    const ids = (await bot.app.db.dailyChallenge.findMany()).map((c) => c.questionId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('catches up after being down at post time, and adopts a post that was sent but not recorded', async () => {
    await bot.stop();
    // Down across 09:00 on 3 December: the new process posts once at start.
    now = new Date('2026-12-03T03:00:00Z');
    const emulator = bot.emu;
    await emulator.start();
    bot = await startSandboxBot({ clock, rng: seededRng(4), dailySweep: false, databaseUrl, emulator });
    expect(await bot.app.db.dailyChallenge.count({ where: { localDate: '2026-12-03' } })).toBe(1);
    expect(posts().filter((m) => embedOf(m).title?.startsWith('Daily challenge #4'))).toHaveLength(1);

    // A crash between sending and recording: the intent is stored, the message exists, its id is not.
    const c4 = await bot.app.db.dailyChallenge.findFirstOrThrow({ where: { number: 4 } });
    await bot.app.db.dailyChallenge.create({ data: { ...c4, id: 'crashed5', localDate: '2026-12-04', number: 5, messageId: null, threadId: null, closedAt: null } });
    const orphan = bot.emu.createMessage(dailyChannel(), { content: '', components: [{ type: 1, components: [{ type: 2, style: 2, label: 'A', custom_id: 'da:crashed5:0' }] }] });
    now = new Date('2026-12-04T01:00:00Z');
    const before = posts().length;
    await bot.app.context.daily.tick();
    expect(posts()).toHaveLength(before);
    expect((await bot.app.db.dailyChallenge.findUniqueOrThrow({ where: { id: 'crashed5' } })).messageId).toBe(orphan.id);
  });

  it('skips a server whose channel is gone, tells its admins once, and does not hold up the others', async () => {
    await bot.app.db.dailySettings.create({ data: { guildId: '300000000000000001', channelId: '300000000000000002', time: '09:00', timezone: 'UTC', locale: 'en-US' } });
    now = new Date('2026-12-05T09:00:00Z');
    expect(await bot.app.context.daily.tick()).toBe(1);
    expect(await bot.app.db.dailyChallenge.count({ where: { localDate: '2026-12-05', guildId: bot.emu.guild.id } })).toBe(1);
    expect((await bot.app.db.dailySettings.findUniqueOrThrow({ where: { guildId: '300000000000000001' } })).problem).toBe('daily.problemNote');

    // Our own server's channel is deleted next: its system channel hears about it once.
    bot.emu.deleteChannel(dailyChannel());
    const system = bot.emu.guild.system_channel_id;
    for (const day of ['2026-12-06T01:00:00Z', '2026-12-07T01:00:00Z']) {
      now = new Date(day);
      await bot.app.context.daily.tick();
    }
    const alerts = bot.emu.channelMessages(system).filter((m) => /could not post today's daily challenge/.test(m.content));
    expect(alerts).toHaveLength(1);
    expect(await daily('bob', 'status')).toMatch(/⚠️ Last time I could not post/);
    expect(bot.app.router.stats.failures).toBe(0);

    // An admin points it at another channel: /daily post-now posts today's there, once.
    const kubernetes = bot.emu.guild.channels.find((c) => c.name === 'kubernetes')!.id;
    await daily('alice', 'setup', [{ name: 'channel', type: 7, value: kubernetes }, str('time', '09:00'), str('timezone', 'Asia/Shanghai')]);
    expect(await daily('alice', 'post-now')).toMatch(new RegExp(`^Today's challenge: https://discord.com/channels/\\d+/${kubernetes}/\\d+$`));
    expect(await daily('alice', 'post-now')).toMatch(/^Today's challenge: /);
    expect(bot.emu.channelMessages(kubernetes).filter((m) => !m.interaction && buttonsOf(m).length)).toHaveLength(1);
    expect(await daily('bob', 'status')).not.toMatch(/⚠️/);
  });
});

describe('the daily challenge across New York’s DST change', () => {
  it('posts at 09:00 local before and after the spring change', async () => {
    let t = new Date('2026-03-07T13:59:00Z');
    const other = await startSandboxBot({ clock: () => t, dailySweep: false });
    try {
      const ch = other.emu.guild.channels[1]!.id;
      const id = other.emu.sendCommand({ user: 'alice', name: 'daily', options: [{ name: 'setup', type: 1, options: [{ name: 'channel', type: 7, value: ch }, str('time', '09:00'), str('timezone', 'America/New_York')] }] });
      await other.emu.waitForReply(id);
      const tick = async (iso: string) => {
        t = new Date(iso);
        return other.app.context.daily.tick();
      };
      expect(await tick('2026-03-07T13:59:00Z')).toBe(0);
      expect(await tick('2026-03-07T14:00:00Z')).toBe(1); // 09:00 EST
      expect(await tick('2026-03-08T12:59:00Z')).toBe(0);
      expect(await tick('2026-03-08T13:00:00Z')).toBe(1); // 09:00 EDT, an hour earlier in UTC
      expect(await tick('2026-03-08T14:00:00Z')).toBe(0);
      expect((await other.app.db.dailyChallenge.findMany({ orderBy: { number: 'asc' } })).map((c) => c.localDate)).toEqual(['2026-03-07', '2026-03-08']);
    } finally {
      await other.stop();
    }
  });
});

describe('each server’s own node-cron task', () => {
  it('fires at the server’s local time in its zone, and is removed while paused', async () => {
    const other = await startSandboxBot({});
    try {
      const ch = other.emu.guild.channels[1]!.id;
      const run = async (sub: string, options: CommandOption[] = []) => other.emu.waitForAck(other.emu.sendCommand({ user: 'alice', name: 'daily', options: [{ name: sub, type: 1, options }] }));
      const task = () => [...cron.getTasks().values()].find((t) => t.name === `daily-${other.emu.guild.id}`);
      await run('setup', [{ name: 'channel', type: 7, value: ch }, str('time', '21:30'), str('timezone', 'America/New_York')]);
      const next = task()!.getNextRun()!;
      expect(DateTime.fromJSDate(next, { zone: 'America/New_York' }).toFormat('HH:mm')).toBe('21:30');
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
      await run('pause');
      expect(task()).toBeUndefined();
      await run('resume');
      expect(task()?.getPattern()).toBe('30 21 * * *');
    } finally {
      await other.stop();
    }
  });
});
