import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMING } from '../../src/scheduler/rounds.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { eventually } from '../support/eventually.js';
import { buttonsOf, embedOf } from '../support/messages.js';

/**
 * The bot removed from a server (GUILD_DELETE), and invited back (GUILD_CREATE), on the gateway:
 * HTTP-interactions mode receives no gateway events, so this file always runs the gateway.
 */
const DAY = 86_400_000;
let now = new Date('2026-11-29T00:00:00Z');
let bot: SandboxBot;

beforeAll(async () => {
  bot = await startSandboxBot({ clock: () => now, rng: seededRng(5), mode: 'gateway', roundTicker: false, dailySweep: false, retentionSweep: false });
});
afterAll(async () => bot?.stop());

const guildId = () => bot.emu.guild.id;
const dailyChannel = () => bot.emu.guild.channels.find((c) => c.name === 'daily-challenge')!.id;
const roundChannel = () => bot.emu.guild.channels[0]!.id;
const dailyPosts = () => bot.emu.channelMessages(dailyChannel()).filter((m) => !m.interaction && buttonsOf(m).some((b) => b.custom_id.startsWith('da:')));
const questionPosts = () => bot.emu.channelMessages(roundChannel()).filter((m) => !m.interaction && buttonsOf(m).some((b) => b.custom_id.startsWith('ra:')));
const standings = () => bot.emu.channelMessages(roundChannel()).filter((m) => /standings/i.test(embedOf(m).title ?? ''));
/** Resolves once the bot has logged `msg` (for `guild`) at least `times` times: the event was handled. */
const logged = (msg: string, times = 1) => eventually(async () => (bot.logs.lines.filter((l) => l.msg === msg && l.guild === guildId()).length >= times ? true : undefined), 60_000, msg);
const at = (day: number, hhmm: string) => new Date(new Date(`2026-11-29T${hhmm}:00Z`).getTime() + day * DAY);

async function advance(ms: number) {
  now = new Date(now.getTime() + ms);
  await bot.app.context.rounds.tick();
}

describe('the bot removed from a server and invited back', () => {
  it('a running round and the daily are set up', async () => {
    const setup = bot.emu.sendCommand({ user: 'alice', name: 'daily', options: [{ name: 'setup', type: 1, options: [{ name: 'channel', type: 7, value: dailyChannel() }, { name: 'time', type: 3, value: '09:00' }, { name: 'timezone', type: 3, value: 'UTC' }] }] });
    expect((await bot.emu.waitForReply(setup))?.content).toMatch(/^Daily challenge set/);
    const start = bot.emu.sendCommand({ user: 'alice', channelId: roundChannel(), name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 5 }, { name: 'seconds', type: 4, value: 20 }] }] });
    expect((await bot.emu.waitForReply(start))?.content).toMatch(/started a live round/);
    await advance(DEFAULT_TIMING.introMs);
    expect(questionPosts()).toHaveLength(1);
    const answer = bot.emu.clickButton({ user: 'bob', messageId: questionPosts()[0]!.id, customId: buttonsOf(questionPosts()[0])[0]!.custom_id });
    await bot.emu.waitForReply(answer);
  });

  it('an outage (GUILD_DELETE with unavailable: true) stops nothing', async () => {
    bot.emu.guildOutage(guildId());
    await logged('server unavailable (a Discord outage): nothing stops');
    expect(bot.app.guilds.isRemoved(guildId())).toBe(false);
    expect(await bot.app.db.round.count({ where: { status: 'running' } })).toBe(1);
    expect(await bot.app.db.guild.count()).toBe(0);
  });

  it('a removal ends the running round at once (standings kept) and stops the daily', async () => {
    bot.emu.removeBotFrom(guildId());
    await logged('rounds ended: the bot left the server');
    const round = await bot.app.db.round.findFirstOrThrow({ where: { guildId: guildId() } });
    expect(round).toMatchObject({ status: 'aborted', endReason: 'removed' });
    expect(await bot.app.db.roundResult.count({ where: { roundId: round.id } })).toBe(1);
    // The open question was closed and scored: Bob's answer counts like any other.
    expect(await bot.app.db.roundQuestion.count({ where: { roundId: round.id, closedAt: null } })).toBe(0);
    const scored = await bot.app.db.answer.findFirstOrThrow({ where: { source: 'round', userId: bot.emu.member('bob').id } });
    expect((await bot.app.db.roundResult.findFirstOrThrow({ where: { roundId: round.id } })).points).toBe(scored.points);
    expect((await bot.app.db.guild.findUniqueOrThrow({ where: { id: guildId() } })).removedAt).toEqual(now);
    // Time passes: no question, no standings, no daily post in a server the bot is not in.
    await advance(60_000);
    expect(questionPosts()).toHaveLength(1);
    expect(standings()).toHaveLength(0);
    now = at(0, '09:00');
    expect(await bot.app.context.daily.tick()).toBe(0);
    expect(dailyPosts()).toHaveLength(0);
    // Sunday 20:00, when the weekly recap is due: none is even considered.
    now = at(0, '20:00');
    expect(await bot.app.context.recaps.tick()).toBe(0);
    expect(await bot.app.db.weeklyRecap.count({ where: { guildId: guildId() } })).toBe(0);
    // The store is kept meanwhile.
    now = at(9, '12:00');
    expect(await bot.app.guilds.sweep()).toEqual([]);
    expect(await bot.app.db.dailySettings.count({ where: { guildId: guildId() } })).toBe(1);
  });

  it('a re-invite on day 10 resumes the daily and cancels the deletion', async () => {
    now = at(10, '08:00');
    bot.emu.inviteBotTo(guildId());
    await logged('back in a server: its timed work resumes and its data is kept');
    expect(bot.app.guilds.isRemoved(guildId())).toBe(false);
    now = at(10, '09:00');
    expect(await bot.app.context.daily.tick()).toBe(1);
    expect(dailyPosts()).toHaveLength(1);
    // and the recap of the next Sunday is considered again
    now = at(14, '20:00');
    await bot.app.context.recaps.tick();
    expect(await bot.app.db.weeklyRecap.count({ where: { guildId: guildId() } })).toBe(1);
    now = at(31, '12:00');
    expect(await bot.app.guilds.sweep()).toEqual([]);
    expect(await bot.app.db.answer.count({ where: { guildId: guildId() } })).toBe(1);
  });

  it('removed again: kept on day 29, gone on day 31', async () => {
    const removedOn = at(40, '12:00');
    now = removedOn;
    bot.emu.removeBotFrom(guildId());
    await logged('removed from a server: its timed work stops; its data is deleted after the retention period unless the bot is invited back', 2);
    now = new Date(removedOn.getTime() + 29 * DAY);
    expect(await bot.app.guilds.sweep()).toEqual([]);
    expect(await bot.app.db.dailyChallenge.count({ where: { guildId: guildId() } })).toBe(1);
    now = new Date(removedOn.getTime() + 31 * DAY);
    expect(await bot.app.guilds.sweep()).toEqual([guildId()]);
    for (const count of [bot.app.db.answer.count({ where: { guildId: guildId() } }), bot.app.db.round.count({ where: { guildId: guildId() } }), bot.app.db.dailySettings.count({ where: { guildId: guildId() } }), bot.app.db.dailyChallenge.count({ where: { guildId: guildId() } }), bot.app.db.score.count({ where: { guildId: guildId() } }), bot.app.db.guild.count()]) expect(await count).toBe(0);
  });
});
