import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandOption } from '../../src/sandbox/emulator.js';
import type { EmuMessage } from '../../src/sandbox/state.js';
import { DEFAULT_TIMING } from '../../src/scheduler/rounds.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf, clickAndSettle, embedOf, runCommand } from '../support/messages.js';
import { newChannel, roundQuestions, startRound as startRoundIn } from '../support/rounds.js';

/**
 * Real Discord's permission errors, from the emulator's switches (src/sandbox/discord-errors.ts):
 * View Channel denied answers 50001, Send Messages / Attach Files / Create Public Threads 50013, and
 * Embed Links silently drops the embeds of a message that has buttons. Every posting path is
 * refused once, and the admins are told once, in the server's language, what is missing where.
 * The clock is the test's; rounds run on production timing, moved on by the test.
 */
let now = new Date('2026-12-01T08:00:00Z');
const clock = () => new Date(now);
const timing = DEFAULT_TIMING;
let bot: SandboxBot;

beforeAll(async () => {
  bot = await startSandboxBot({ clock, rng: seededRng(11), dailySweep: false, roundTicker: false });
});
afterAll(async () => bot?.stop());

const str = (name: string, value: string): CommandOption => ({ name, type: 3, value });
const run = (user: string, name: string, sub: string, options: CommandOption[] = []) => runCommand(bot.emu, { user, name, options: [{ name: sub, type: 1, options }] });
const named = (name: string) => bot.emu.guild.channels.find((c) => c.name === name)!.id;
const dailyChannel = () => named('daily-challenge');
const system = () => bot.emu.guild.system_channel_id!;
/** What the admins were told in the system channel, matching `pattern`. */
const alerts = (pattern: RegExp) => bot.emu.channelMessages(system()).filter((m) => !m.interaction && pattern.test(m.content));
const dailyPosts = () => bot.emu.channelMessages(dailyChannel()).filter((m) => !m.interaction && buttonsOf(m).some((b) => b.custom_id.startsWith('da:')));
/** REST requests the bot made so far matching method and path (to show nothing is retried in a loop). */
const requests = (method: string, path: RegExp) => bot.emu.requests.filter((r) => r.method === method && path.test(r.path)).length;
const sends = (channelId: string) => requests('POST', new RegExp(`/channels/${channelId}/messages$`));
const answers = () => bot.app.db.answer.count();

async function dailyOn(day: string) {
  now = new Date(`${day}T09:00:00Z`);
  return bot.app.context.daily.tick();
}

describe('the daily challenge where Discord refuses it', () => {
  it('Embed Links denied: the post (which Discord would show without its question) is withdrawn, the admins told once, nothing retried; it posts again once allowed', async () => {
    await run('alice', 'daily', 'setup', [{ name: 'channel', type: 7, value: dailyChannel() }, str('time', '09:00'), str('timezone', 'UTC')]);
    expect(await dailyOn('2026-12-01')).toBe(1);
    const first = dailyPosts()[0]!;
    await clickAndSettle(bot.emu, { user: 'wei', messageId: first.id, customId: buttonsOf(first)[0]!.custom_id });
    expect(await answers()).toBe(1);

    bot.emu.faults.channels.deny(dailyChannel(), 'EmbedLinks');
    const before = sends(dailyChannel());
    expect(await dailyOn('2026-12-02')).toBe(0);
    expect(await dailyOn('2026-12-03')).toBe(0);
    // One send a day, each answered with its embeds dropped, and taken back: no question without its text stays.
    expect(sends(dailyChannel()) - before).toBe(2);
    expect(bot.emu.faults.channels.droppedEmbeds).toBe(2);
    expect(dailyPosts()).toEqual([expect.objectContaining({ id: first.id })]);
    const told = alerts(/Embed Links/);
    expect(told.map((m) => m.content)).toEqual([`I need Embed Links in <#${dailyChannel()}> to post the daily challenge. Someone who manages the server can allow it for me in that channel's settings (Permissions); I will not keep retrying meanwhile.`]);
    expect(told[0]!.allowed_mentions).toEqual({ parse: [] });
    expect((await run('bob', 'daily', 'status')).content).toMatch(/⚠️ Last time I could not post/);
    expect(await bot.app.db.dailyChallenge.count({ where: { failedAt: { not: null } } })).toBe(2);

    bot.emu.faults.channels.allow(dailyChannel());
    expect(await dailyOn('2026-12-04')).toBe(1);
    expect(dailyPosts()).toHaveLength(2);
    expect(embedOf(dailyPosts()[1]).title).toMatch(/^Daily challenge #\d+ · /);
    expect((await run('bob', 'daily', 'status')).content).not.toMatch(/⚠️/);
    // Yesterday's answer was kept through it all, and day one's challenge is now revealed and closed.
    expect(await answers()).toBe(1);
    expect((await bot.app.db.dailyChallenge.findFirstOrThrow({ where: { messageId: first.id } })).closedAt).not.toBeNull();
    expect(alerts(/Embed Links/)).toHaveLength(1);
    expect(bot.app.router.stats.failures).toBe(0);
  });

  it('Send Messages denied (50013), then View Channel denied (50001): each named once, in the server’s pinned language', async () => {
    bot.emu.faults.channels.deny(dailyChannel(), 'SendMessages');
    expect(await dailyOn('2026-12-05')).toBe(0);
    expect(await dailyOn('2026-12-06')).toBe(0);
    expect(alerts(/I need Send Messages in/).map((m) => m.content.split('.')[0])).toEqual([`I need Send Messages in <#${dailyChannel()}> to post the daily challenge`]);
    expect(bot.emu.faults.channels.refused.get(50013)).toBe(2);

    await run('alice', 'settings', 'language', [str('value', 'zh-CN')]);
    bot.emu.faults.channels.allow(dailyChannel()).deny(dailyChannel(), 'ViewChannel');
    expect(await dailyOn('2026-12-07')).toBe(0);
    expect(await dailyOn('2026-12-08')).toBe(0);
    expect(bot.emu.faults.channels.refused.get(50001)).toBe(2);
    expect(alerts(/查看频道/).map((m) => m.content)).toEqual([`我需要在 <#${dailyChannel()}> 拥有“查看频道”权限才能发布每日挑战。管理服务器的成员可以在该频道设置的“权限”中为我开启；在此之前我不会反复重试。`]);
    bot.emu.faults.channels.allow(dailyChannel());
    await run('alice', 'settings', 'language', [str('value', 'member')]);
  });

  it('Create Public Threads denied: the post goes out without its thread, the admins are told once, one thread request a post', async () => {
    bot.emu.faults.channels.deny(dailyChannel(), 'CreatePublicThreads');
    const threads = () => requests('POST', new RegExp(`/channels/${dailyChannel()}/messages/\\d+/threads$`));
    const before = threads();
    const posted = dailyPosts().length;
    expect(await dailyOn('2026-12-09')).toBe(1);
    expect(await dailyOn('2026-12-10')).toBe(1);
    expect(dailyPosts()).toHaveLength(posted + 2);
    expect(dailyPosts().slice(-2).map((m) => m.thread)).toEqual([undefined, undefined]);
    expect(threads() - before).toBe(2);
    expect(alerts(/Create Public Threads/).map((m) => m.content.split('.')[0])).toEqual([`I need Create Public Threads in <#${dailyChannel()}> to open the daily challenge's discussion thread`]);
    bot.emu.faults.channels.allow(dailyChannel());
  });
});

/** A fresh text channel for one round. */
const channel = (name: string) => newChannel(bot.emu, name);
const startRound = (user: string, channelId: string, questions: number) => startRoundIn(bot.emu, user, channelId, { questions });
async function advance(ms: number) {
  now = new Date(now.getTime() + ms);
  await bot.app.context.rounds.tick();
}
const questions = (channelId: string) => roundQuestions(bot.emu, channelId);
const answer = (user: string, m: EmuMessage) => clickAndSettle(bot.emu, { user, messageId: m.id, customId: buttonsOf(m)[0]!.custom_id });
const roundIn = (channelId: string) => bot.app.db.round.findFirstOrThrow({ where: { channelId } });

describe('live rounds where Discord refuses a post', () => {
  it('Send Messages taken away mid-round: the next question is refused once, the round ends with its answers and standings saved, starter and admins told', async () => {
    const ch = channel('round-send');
    const started = startRound('wei', ch, 3);
    await bot.emu.waitForReply(started);
    await advance(timing.introMs);
    await answer('wei', questions(ch)[0]!);
    await answer('bob', questions(ch)[0]!);
    const recorded = await answers();
    await advance(10 * timing.msPerSecond); // the deadline: question 1 closes and is revealed (an edit, still allowed)
    bot.emu.faults.channels.deny(ch, 'SendMessages');
    const before = sends(ch);
    await advance(timing.pauseMs); // question 2 is due: refused
    for (let i = 0; i < 5; i++) await advance(timing.pauseMs + 10 * timing.msPerSecond);
    expect(sends(ch) - before).toBe(1);
    expect(await roundIn(ch)).toMatchObject({ status: 'aborted' });
    expect(await answers()).toBe(recorded);
    const results = await bot.app.db.roundResult.findMany({ where: { round: { channelId: ch } } });
    expect(results.map((r) => r.userId).sort()).toEqual([bot.emu.member('wei').id, bot.emu.member('bob').id].sort());
    const notice = await bot.emu.waitFor(() => [...bot.emu.messages.values()].find((m) => m.interaction?.id === started && m.ephemeralTo && /竞答已停止/.test(m.content)), 60_000, 'abort notice');
    expect(notice.ephemeralTo).toBe(bot.emu.member('wei').id);
    // In the round's language (Wei's, zh-CN: the server pins none).
    expect(alerts(new RegExp(`我需要在 <#${ch}> 拥有“发送消息”权限才能发布竞答的题目`))).toHaveLength(1);
    expect(bot.app.router.stats.failures).toBe(0);
  });

  it('Embed Links taken away mid-round: the refreshed question loses its embed, so the round ends at once, told once', async () => {
    const ch = channel('round-embeds');
    await bot.emu.waitForReply(startRound('alice', ch, 3));
    await advance(timing.introMs);
    await answer('lina', questions(ch)[0]!);
    bot.emu.faults.channels.deny(ch, 'EmbedLinks');
    await advance(timing.refreshMs); // the count refresh is an edit: Discord drops its embed
    await advance(timing.refreshMs);
    expect(await roundIn(ch)).toMatchObject({ status: 'aborted' });
    expect(await bot.app.db.roundResult.count({ where: { round: { channelId: ch }, userId: bot.emu.member('lina').id } })).toBe(1);
    expect(alerts(new RegExp(`I need Embed Links in <#${ch}> to post a live round's questions`))).toHaveLength(1);
  });

  it('the standings refused at the end: the round is finished and its results saved, the admins told, nothing retried', async () => {
    const ch = channel('round-standings');
    await bot.emu.waitForReply(startRound('alice', ch, 3));
    await advance(timing.introMs);
    let before = 0;
    for (let n = 1; n <= 3; n++) {
      if (n === 3) {
        // Closing the last question reveals it (an edit, still allowed), then sends the standings: refused.
        bot.emu.faults.channels.deny(ch, 'SendMessages');
        before = sends(ch);
      }
      await answer('bob', questions(ch).at(-1)!);
      await bot.app.context.rounds.settled(); // from question 2 on, Bob's answer closes it early
      await advance(10 * timing.msPerSecond);
      await advance(timing.pauseMs);
    }
    await bot.app.context.rounds.settled();
    await advance(timing.pauseMs);
    expect(questions(ch)).toHaveLength(3);
    expect(sends(ch) - before).toBe(1);
    expect(await roundIn(ch)).toMatchObject({ status: 'finished' });
    expect(await bot.app.db.roundResult.count({ where: { round: { channelId: ch } } })).toBe(1);
    expect(buttonsOf(questions(ch)[2]).every((b) => b.disabled || b.custom_id.startsWith('rp:'))).toBe(true);
    // The standings are an embed alone, which Discord refuses for Send Messages or Embed Links alike (50013 names
    // neither, and the emulator's cache cannot tell): both are named.
    expect(alerts(new RegExp(`I need Send Messages and Embed Links in <#${ch}> to post a live round's standings`))).toHaveLength(1);
  });
});

describe('the weekly recap where Attach Files is denied', () => {
  it('goes out once without its chart, and the admins learn it was Attach Files', async () => {
    await run('alice', 'plan', 'set', [str('start', '2026-12-07')]);
    now = new Date('2026-12-08T10:00:00Z');
    for (let n = 0; n < 3; n++) {
      const reply = await runCommand(bot.emu, { user: 'alice', name: 'quiz', options: [{ name: 'practice', type: 1, options: [] }] });
      await clickAndSettle(bot.emu, { user: 'alice', messageId: reply.id, customId: buttonsOf(reply)[0]!.custom_id });
    }
    bot.emu.faults.channels.deny(dailyChannel(), 'AttachFiles');
    const before = sends(dailyChannel());
    const reply = await run('alice', 'plan', 'recap-now');
    expect(reply.content).toMatch(new RegExp(`https://discord.com/channels/\\d+/${dailyChannel()}/\\d+`));
    const recap = bot.emu.channelMessages(dailyChannel()).filter((m) => !m.interaction && embedOf(m).title?.startsWith('Weekly recap'));
    expect(recap).toHaveLength(1);
    expect(recap[0]!.attachments).toHaveLength(0);
    expect(embedOf(recap[0]).image).toBeUndefined();
    expect(sends(dailyChannel()) - before).toBe(2); // with the chart (refused), then without it: never more
    expect(alerts(/Attach Files/).map((m) => m.content.split('.')[0])).toEqual([`I need Attach Files in <#${dailyChannel()}> to post the weekly recap`]);
    expect(bot.app.router.stats.failures).toBe(0);
  });
});
