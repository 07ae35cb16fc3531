import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandOption } from '../../src/sandbox/emulator.js';
import type { EmuMessage } from '../../src/sandbox/state.js';
import { DEFAULT_TIMING } from '../../src/scheduler/rounds.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf, clickAndSettle, embedOf, runCommand } from '../support/messages.js';
import { newChannel, roundQuestions, startRound as startRoundIn } from '../support/rounds.js';

/**
 * What a moderator can do under the bot's feet, and the thread errors Discord answers: a message
 * deleted (10008), a channel deleted (10003), a thread refused (160004, 50024). Posts go on or end
 * cleanly; nothing acknowledged is lost; nothing is retried in a loop. Injected clock throughout.
 */
let now = new Date('2026-12-01T08:00:00Z');
const clock = () => new Date(now);
const timing = DEFAULT_TIMING;
let bot: SandboxBot;

beforeAll(async () => {
  bot = await startSandboxBot({ clock, rng: seededRng(21), dailySweep: false, roundTicker: false });
});
afterAll(async () => bot?.stop());

const str = (name: string, value: string): CommandOption => ({ name, type: 3, value });
const dailyChannel = () => bot.emu.guild.channels.find((c) => c.name === 'daily-challenge')!.id;
const system = () => bot.emu.guild.system_channel_id!;
const dailyPosts = () => bot.emu.channelMessages(dailyChannel()).filter((m) => !m.interaction && buttonsOf(m).some((b) => b.custom_id.startsWith('da:')));
const requests = (method: string, path: RegExp) => bot.emu.requests.filter((r) => r.method === method && path.test(r.path)).length;
const threadRequests = () => requests('POST', new RegExp(`/channels/${dailyChannel()}/messages/\\d+/threads$`));
const answers = () => bot.app.db.answer.count();
const answer = (user: string, m: EmuMessage, position = 0) => clickAndSettle(bot.emu, { user, messageId: m.id, customId: buttonsOf(m)[position]!.custom_id });

async function dailyOn(day: string) {
  now = new Date(`${day}T09:00:00Z`);
  return bot.app.context.daily.tick();
}

describe('the daily challenge when its post is deleted or its thread refused', () => {
  it('its post deleted by a moderator before the reveal (10008): the answers stay, it is closed, and the next day posts', async () => {
    await runCommand(bot.emu, { user: 'alice', name: 'daily', options: [{ name: 'setup', type: 1, options: [{ name: 'channel', type: 7, value: dailyChannel() }, str('time', '09:00'), str('timezone', 'UTC')] }] });
    expect(await dailyOn('2026-12-01')).toBe(1);
    const first = dailyPosts()[0]!;
    await answer('wei', first);
    await answer('bob', first, 1);
    bot.emu.messages.delete(first.id);
    expect(await dailyOn('2026-12-02')).toBe(1);
    expect(dailyPosts()).toHaveLength(1);
    expect(embedOf(dailyPosts()[0]).title).toMatch(/^Daily challenge #2 · /);
    const closed = await bot.app.db.dailyChallenge.findFirstOrThrow({ where: { messageId: first.id } });
    expect(closed.closedAt).not.toBeNull();
    expect(await bot.app.db.answer.count({ where: { source: 'daily', sourceId: closed.id } })).toBe(2);
    expect(bot.logs.lines.some((l) => l.msg === 'daily reveal not edited')).toBe(true);
    // A third day's post is not held up by the missing message either.
    expect(await dailyOn('2026-12-03')).toBe(1);
    expect(bot.app.router.stats.failures).toBe(0);
  });

  it.each([
    [160004, 'a thread already exists for the message'],
    [50024, 'the channel type allows no threads'],
  ] as const)('thread refused with %i (%s): the post goes out without a thread, one thread request, no admin alert', async (code, _why) => {
    bot.emu.faults.channels.threadFault(dailyChannel(), code);
    const threads = threadRequests();
    const told = bot.emu.channelMessages(system()).length;
    const day = code === 160004 ? '2026-12-04' : '2026-12-05';
    expect(await dailyOn(day)).toBe(1);
    const post = dailyPosts().at(-1)!;
    expect(post.thread).toBeUndefined();
    expect(threadRequests() - threads).toBe(1);
    expect(bot.emu.faults.channels.refused.get(code)).toBe(1);
    // Ticks later in the day change nothing: the post is out, the thread is not asked for again.
    now = new Date(`${day}T09:05:00Z`);
    expect(await bot.app.context.daily.tick()).toBe(0);
    expect(threadRequests() - threads).toBe(1);
    expect(bot.emu.channelMessages(system())).toHaveLength(told);
    expect((await bot.app.db.dailyChallenge.findFirstOrThrow({ where: { messageId: post.id } })).threadId).toBeNull();
    bot.emu.faults.channels.threadFault(dailyChannel(), undefined);
  });

  it('a second thread on the same message is refused by the emulator as Discord does (160004)', async () => {
    const post = dailyPosts().at(-1)!;
    const first = await bot.app.client.rest.post(`/channels/${dailyChannel()}/messages/${post.id}/threads`, { body: { name: 'first', auto_archive_duration: 1440 } });
    expect(first).toMatchObject({ name: 'first' });
    await expect(bot.app.client.rest.post(`/channels/${dailyChannel()}/messages/${post.id}/threads`, { body: { name: 'second', auto_archive_duration: 1440 } })).rejects.toMatchObject({ code: 160004, status: 400 });
  });
});

const channel = (name: string) => newChannel(bot.emu, name);
const startRound = (user: string, channelId: string, questions: number) => startRoundIn(bot.emu, user, channelId, { questions });
async function advance(ms: number) {
  now = new Date(now.getTime() + ms);
  await bot.app.context.rounds.tick();
}
const questions = (channelId: string) => roundQuestions(bot.emu, channelId);
const standingsIn = (channelId: string) => bot.emu.channelMessages(channelId).filter((m) => /standings/i.test(embedOf(m).title ?? ''));
const roundAnswers = (channelId: string) => bot.app.db.answer.count({ where: { source: 'round', sourceId: { in: questionIds(channelId) } } });
const questionIds = (channelId: string) => [...new Set(questions(channelId).map((m) => buttonsOf(m)[0]!.custom_id.split(':')[1]!))];

describe('a live round when its message or channel is deleted', () => {
  it('its question deleted mid-question (10008): posted again with the same buttons, the answers kept, the round goes on to its standings', async () => {
    const ch = channel('round-deleted-message');
    await bot.emu.waitForReply(startRound('alice', ch, 3));
    await advance(timing.introMs);
    const q1 = questions(ch)[0]!;
    await answer('wei', q1);
    bot.emu.messages.delete(q1.id);
    await advance(timing.refreshMs); // the refresh meets Unknown Message: the question is posted again
    const again = questions(ch);
    expect(again).toHaveLength(1);
    expect(again[0]!.id).not.toBe(q1.id);
    expect(buttonsOf(again[0]).map((b) => b.custom_id)).toEqual(buttonsOf(q1).map((b) => b.custom_id));
    await answer('bob', again[0]!);
    await advance(5 * timing.msPerSecond); // the deadline
    await advance(timing.pauseMs);
    await answer('wei', questions(ch).at(-1)!);
    await advance(10 * timing.msPerSecond);
    await advance(timing.pauseMs);
    await advance(10 * timing.msPerSecond); // question 3, unanswered
    await advance(timing.pauseMs);
    expect(standingsIn(ch)).toHaveLength(1);
    expect(await bot.app.db.round.findFirstOrThrow({ where: { channelId: ch } })).toMatchObject({ status: 'finished' });
    expect(await roundAnswers(ch)).toBe(3);
    expect(await bot.app.db.roundResult.count({ where: { round: { channelId: ch } } })).toBe(2);
  });

  it('its question deleted just before the reveal: the question is closed and scored without a reveal, the next one is asked', async () => {
    const ch = channel('round-deleted-before-reveal');
    await bot.emu.waitForReply(startRound('alice', ch, 3));
    await advance(timing.introMs);
    const q1 = questions(ch)[0]!;
    const q1Id = buttonsOf(q1)[0]!.custom_id.split(':')[1]!;
    await answer('lina', q1);
    now = new Date(now.getTime() + 9 * timing.msPerSecond);
    bot.emu.messages.delete(q1.id);
    await advance(timing.msPerSecond); // the deadline: closing meets Unknown Message on the reveal
    const closed = await bot.app.db.roundQuestion.findUniqueOrThrow({ where: { id: q1Id } });
    expect(closed.closedAt).not.toBeNull();
    await advance(timing.pauseMs);
    expect(questions(ch)).toHaveLength(1); // question 2 (question 1's message is gone)
    for (let n = 2; n <= 3; n++) {
      await advance(10 * timing.msPerSecond);
      await advance(timing.pauseMs);
    }
    expect(standingsIn(ch)).toHaveLength(1);
    expect(await bot.app.db.answer.count({ where: { source: 'round', sourceId: closed.id } })).toBe(1);
    expect(await bot.app.db.roundResult.count({ where: { round: { channelId: ch }, userId: bot.emu.member('lina').id } })).toBe(1);
  });

  it('its channel deleted mid-round (10003): the round ends at once, the answers and results kept, nothing retried', async () => {
    const ch = channel('round-deleted-channel');
    const started = startRound('wei', ch, 3);
    await bot.emu.waitForReply(started);
    await advance(timing.introMs);
    await answer('wei', questions(ch)[0]!);
    await answer('lina', questions(ch)[0]!);
    const ids = questionIds(ch);
    bot.emu.deleteChannel(ch);
    const before = requests('PATCH', new RegExp(`/channels/${ch}/`)) + requests('POST', new RegExp(`/channels/${ch}/`));
    for (let i = 0; i < 6; i++) await advance(timing.refreshMs);
    expect(requests('PATCH', new RegExp(`/channels/${ch}/`)) + requests('POST', new RegExp(`/channels/${ch}/`)) - before).toBe(1);
    expect(await bot.app.db.round.findFirstOrThrow({ where: { channelId: ch } })).toMatchObject({ status: 'aborted' });
    expect(await bot.app.db.answer.count({ where: { source: 'round', sourceId: { in: ids } } })).toBe(2);
    expect(await bot.app.db.roundResult.count({ where: { round: { channelId: ch } } })).toBe(2);
    await bot.emu.waitFor(() => [...bot.emu.messages.values()].find((m) => m.interaction?.id === started && m.ephemeralTo && /竞答已停止/.test(m.content)), 60_000, 'abort notice');
    expect(answers()).resolves.toBeGreaterThan(0);
    expect(bot.app.router.stats.failures).toBe(0);
  });
});
