import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelPoster } from '../../src/discord/poster.js';
import type { EmuMessage } from '../../src/sandbox/state.js';
import { DEFAULT_TIMING, RoundRunner } from '../../src/scheduler/rounds.js';
import { openStore } from '../../src/store/client.js';
import { bankFromFiles } from '../support/bank.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf, choiceButtonsOf, embedOf, textOf } from '../support/messages.js';
import { newChannel, roundQuestions, startRound } from '../support/rounds.js';

const bank = new Map(bankFromFiles().map((q) => [q.id, q]));
/**
 * The bot's clock is the test's: rounds run on production timing (3 s intro, 5 s pauses, 5 s
 * refreshes, seconds of 1000 ms), and time moves only when the test says, followed by one tick
 * of the round runner. Nothing here depends on how fast the machine is.
 */
const timing = DEFAULT_TIMING;
let now = new Date('2026-12-01T12:00:00Z');
let bot: SandboxBot;

beforeAll(async () => {
  bot = await startSandboxBot({ clock: () => now, rng: seededRng(7), roundTicker: false, dailySweep: false });
});
afterAll(async () => bot?.stop());

/** Moves the bot's clock on, then lets the round runner do what became due (and waits for it). */
async function advance(ms: number) {
  now = new Date(now.getTime() + ms);
  await bot.app.context.rounds.tick();
}

const start = (user: string, channelId: string, opts: { questions?: number; seconds?: number; topic?: string } = {}) => startRound(bot.emu, user, channelId, opts);

/** The bot's public messages in a channel that carry round buttons, oldest first. */
const questionMessages = (channelId: string) => roundQuestions(bot.emu, channelId);
/** The n-th question message, which the step just taken must have posted. */
const questionAt = (channelId: string, n: number) => {
  const message = questionMessages(channelId)[n - 1];
  if (!message) throw new Error(`question ${n} was not posted in ${channelId}`);
  return message;
};
const standingsIn = (channelId: string) => bot.emu.channelMessages(channelId).filter((m) => /standings|排名/i.test(embedOf(m).title ?? ''));
const isRevealed = (id: string) => choiceButtonsOf(bot.emu.messages.get(id)).every((b) => b.disabled);

async function click(user: string, message: EmuMessage, position: number) {
  const customId = buttonsOf(message)[position]!.custom_id;
  const id = bot.emu.clickButton({ user, messageId: message.id, customId });
  return (await bot.emu.waitForReply(id));
}

async function positionsOf(message: EmuMessage) {
  const rqId = buttonsOf(message)[0]!.custom_id.split(':')[1]!;
  const rq = await bot.app.db.roundQuestion.findUniqueOrThrow({ where: { id: rqId } });
  const q = bank.get(rq.questionId)!;
  const order = rq.choiceOrder.split(',').map(Number);
  return { rqId, right: order.indexOf(q.answer), wrong: order.findIndex((o) => o !== q.answer), question: q };
}

const channel = (name: string) => newChannel(bot.emu, name);

describe('live rounds on the real discord.js client against the emulator', () => {
  it('plays a whole round: locked-in answers, reveals that match the store, early close, standings with points', async () => {
    const ch = channel('round-1');
    const startId = start('alice', ch);
    expect((await bot.emu.waitForReply(startId))?.content).toMatch(/started a live round: \*\*3 questions\*\*/);

    // Question 1 comes after the intro. Alice right, Bob wrong, Wei in Chinese right. The ack reveals nothing.
    await advance(timing.introMs - 1);
    expect(questionMessages(ch)).toHaveLength(0);
    await advance(1);
    const q1 = questionAt(ch, 1);
    const p1 = await positionsOf(q1);
    const aliceAck = await click('alice', q1, p1.right);
    expect(aliceAck?.ephemeralTo).toBe(bot.emu.member('alice').id);
    expect(aliceAck?.content).toMatch(/^🔒 Answer locked in/);
    expect(aliceAck?.content).not.toMatch(/correct|wrong|✅|❌/i);
    await click('bob', q1, p1.wrong);
    expect((await click('wei', q1, p1.right))?.content).toMatch(/已锁定你的答案/);
    // A second click by Alice changes nothing.
    expect((await click('alice', q1, p1.wrong))?.content).toBe('You have already answered this question: your first answer counts.');

    // Open until its deadline, closed at it; the reveal matches the store.
    await advance(10 * timing.msPerSecond - 1);
    expect(isRevealed(q1.id)).toBe(false);
    await advance(1);
    expect(isRevealed(q1.id)).toBe(true);
    const revealed = bot.emu.messages.get(q1.id)!;
    const stored = await bot.app.db.answer.findMany({ where: { source: 'round', sourceId: p1.rqId } });
    expect(stored).toHaveLength(3);
    const rq1 = await bot.app.db.roundQuestion.findUniqueOrThrow({ where: { id: p1.rqId } });
    expect(rq1.closedAt).toEqual(rq1.deadlineAt);
    const text = textOf(revealed);
    expect(text).toContain(p1.question.choices[p1.question.answer]!['en-US']);
    const letters = ['A', 'B', 'C', 'D', 'E'];
    const rightCount = stored.filter((a) => a.correct).length;
    expect(text).toMatch(new RegExp(`✅ \\*\\*${letters[p1.right]}\\*\\* [█░]+ ${rightCount}`));
    expect(text).toMatch(/Fastest correct: <@\d+>/);
    expect(buttonsOf(revealed)[p1.right]!.style).toBe(3);
    // A click on the closed question is refused and recorded nowhere.
    expect((await click('lina', revealed!, 0))?.content).toBe('这道题已经截止了，请等待下一题！');
    expect(await bot.app.db.answer.count({ where: { sourceId: p1.rqId } })).toBe(3);

    // Question 2 after the pause: everyone who played answers, so it closes with time left (the clock stands still).
    await advance(timing.pauseMs);
    const q2 = questionAt(ch, 2);
    const p2 = await positionsOf(q2);
    for (const u of ['alice', 'bob', 'wei']) await click(u, q2, p2.right);
    await bot.app.context.rounds.settled();
    expect(isRevealed(q2.id)).toBe(true);
    const rq2 = await bot.app.db.roundQuestion.findUniqueOrThrow({ where: { id: p2.rqId } });
    expect(rq2.closedAt!.getTime()).toBeLessThan(rq2.deadlineAt.getTime());

    await advance(timing.pauseMs);
    const q3 = questionAt(ch, 3);
    const p3 = await positionsOf(q3);
    await click('alice', q3, p3.right);
    await advance(10 * timing.msPerSecond);
    const standings = standingsIn(ch)[0]!;

    // Points: recomputed here from the stored answers with the published rule.
    const all = await bot.app.db.answer.findMany({ where: { source: 'round', sourceId: { in: [p1.rqId, p2.rqId, p3.rqId] } } });
    const T = 10 * timing.msPerSecond;
    const expectedAlice = [p1.rqId, p2.rqId, p3.rqId].reduce((sum, rq, i) => {
      const a = all.find((x) => x.sourceId === rq && x.userId === bot.emu.member('alice').id)!;
      const base = a.responseMs < 500 ? 1000 : Math.round(1000 * (1 - Math.min(1, a.responseMs / T) / 2));
      return sum + base + Math.min(500, 100 * i);
    }, 0);
    const results = await bot.app.db.roundResult.findMany({ orderBy: { rank: 'asc' } });
    expect(results.find((r) => r.userId === bot.emu.member('alice').id)).toMatchObject({ points: expectedAlice, correct: 3, bestStreak: 3, rank: 1 });
    expect(results.find((r) => r.userId === bot.emu.member('bob').id)).toMatchObject({ correct: 1, bestStreak: 1 });
    expect(all.reduce((s, a) => s + a.points, 0)).toBe(results.reduce((s, r) => s + r.points, 0));
    expect(embedOf(standings).description).toMatch(/^🥇 <@\d+>: \*\*\d+\*\* points/);
    expect(await bot.app.db.round.count({ where: { status: 'running' } })).toBe(0);
  });

  it('refuses a second round in the same channel and says where the running one is', async () => {
    const ch = channel('round-2');
    await bot.emu.waitForReply(start('alice', ch, { seconds: 60 }));
    await advance(timing.introMs);
    questionAt(ch, 1);
    const second = start('bob', ch);
    expect((await bot.emu.waitForReply(second))?.content).toMatch(new RegExp(`already running in this channel: https://discord.com/channels/${bot.emu.guild.id}/${ch}/\\d+`));
    expect(await bot.app.db.round.count({ where: { channelId: ch } })).toBe(1);

    // Bob (no Manage Server, not the starter) cannot stop it; Alice can, and the standings so far are posted.
    const refused = bot.emu.sendCommand({ user: 'bob', channelId: ch, name: 'quiz', options: [{ name: 'stop', type: 1, options: [] }] });
    expect((await bot.emu.waitForReply(refused))?.content).toMatch(/Only the member who started this round/);
    expect(await bot.app.db.round.count({ where: { channelId: ch, status: 'running' } })).toBe(1);
    const stop = bot.emu.sendCommand({ user: 'alice', channelId: ch, name: 'quiz', options: [{ name: 'stop', type: 1, options: [] }] });
    await bot.emu.waitForReply(stop);
    const standings = await bot.emu.waitFor(() => standingsIn(ch)[0], 60_000, 'standings');
    expect(embedOf(standings).title).toBe('Standings (the round was stopped early)');
    expect(isRevealed(questionAt(ch, 1).id)).toBe(true);
    // Nothing more is posted for it, however time moves on.
    await advance(60 * timing.msPerSecond + timing.pauseMs);
    expect(questionMessages(ch)).toHaveLength(1);
    expect(await bot.app.db.round.findFirst({ where: { channelId: ch } })).toMatchObject({ status: 'finished', endReason: 'stopped' });
  });

  it('refuses forged custom_ids: unknown question, another channel’s round, positions never shown', async () => {
    const ch = channel('round-3');
    await bot.emu.waitForReply(start('alice', ch, { seconds: 60 }));
    await advance(timing.introMs);
    const q1 = questionAt(ch, 1);
    const { rqId } = await positionsOf(q1);
    const other = bot.emu.createMessage(bot.channelId, { content: 'a message in another channel' });
    const forge = async (messageId: string, customId: string) => {
      const id = bot.emu.clickButton({ user: 'bob', messageId, customId });
      return (await bot.emu.waitForReply(id))?.content;
    };
    for (const [messageId, customId] of [[q1.id, 'ra:nope:0'], [q1.id, `ra:${rqId}:7`], [other.id, `ra:${rqId}:0`]] as const) {
      expect(await forge(messageId, customId)).toBe('This button no longer works. Run the command again.');
    }
    expect(await bot.app.db.answer.count({ where: { sourceId: rqId } })).toBe(0);
    await bot.app.context.rounds.stop(ch, bot.emu.member('alice').id, false);
  });

  it('will not start where it cannot post, and stops cleanly when the channel is deleted mid-round', async () => {
    const closed = channel('read-only');
    bot.emu.faults.deniedChannels.add(closed);
    const refused = start('alice', closed);
    expect((await bot.emu.waitForReply(refused))?.content).toMatch(/^I cannot post in this channel/);
    expect(await bot.app.db.round.count({ where: { channelId: closed } })).toBe(0);

    const doomed = channel('doomed');
    const started = start('wei', doomed, { seconds: 10 });
    await bot.emu.waitForReply(started);
    await advance(timing.introMs);
    const q1 = questionAt(doomed, 1);
    await click('wei', q1, 0);
    bot.emu.deleteChannel(doomed);
    // The next refresh of the question meets Unknown Channel: the round ends at once.
    await advance(timing.refreshMs);
    const notice = await bot.emu.waitFor(() => [...bot.emu.messages.values()].find((m) => m.interaction?.id === started && m.ephemeralTo && /竞答已停止/.test(m.content)), 60_000, 'abort notice');
    expect(notice.ephemeralTo).toBe(bot.emu.member('wei').id);
    expect(await bot.app.db.round.findFirst({ where: { channelId: doomed } })).toMatchObject({ status: 'aborted' });
    expect(await bot.app.db.channelRound.count({ where: { channelId: doomed } })).toBe(0);
    expect(await bot.app.db.roundResult.count({ where: { userId: bot.emu.member('wei').id } })).toBeGreaterThan(0);
    expect(bot.app.router.stats.failures).toBe(0);
  });
});

describe('a round that two processes both think they own', () => {
  it('still posts each question once and the standings once (the store decides every step)', async () => {
    // A second process on the same store, its own client and round runner, picking the round up
    // as a restarted owner would while the first is still running it.
    const second = await openStore(bot.config.DATABASE_URL);
    const rival = new RoundRunner({ db: second.db, catalog: bot.app.context.catalog, poster: createChannelPoster(bot.app.client), log: bot.app.context.log, clock: () => now, rng: seededRng(8), timing });
    // Both runners take every step at the same moments.
    const both = async (ms: number) => {
      now = new Date(now.getTime() + ms);
      await Promise.all([bot.app.context.rounds.tick(), rival.tick()]);
    };
    try {
      const channel = { id: `${BigInt(bot.channelId) + 777n}`, name: 'double', type: 0, guild_id: bot.emu.guild.id };
      bot.emu.guild.channels.push(channel);
      await bot.emu.waitForReply(start('alice', channel.id, { questions: 3 }));
      await both(timing.introMs);
      for (let n = 0; n < 3; n++) {
        await both(10 * timing.msPerSecond);
        await both(timing.pauseMs);
      }
      expect(standingsIn(channel.id)).toHaveLength(1);
      for (let n = 0; n < 3; n++) await both(timing.pauseMs); // anything either would still post
      expect(questionMessages(channel.id)).toHaveLength(3);
      expect(bot.emu.channelMessages(channel.id).filter((m) => /standings/i.test(embedOf(m).title ?? ''))).toHaveLength(1);
      expect(await second.db.roundQuestion.count({ where: { round: { channelId: channel.id } } })).toBe(3);
    } finally {
      rival.shutdown();
      await second.db.$disconnect();
    }
  });
});
