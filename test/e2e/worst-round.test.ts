import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STANDINGS_SHOWN } from '../../src/discord/render/round.js';
import { t } from '../../src/i18n/index.js';
import type { EmuUser } from '../../src/sandbox/state.js';
import { DEFAULT_TIMING } from '../../src/scheduler/rounds.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf, clickAndSettle, embedOf } from '../support/messages.js';

/**
 * A live round's final standings with 500 players: the list names the top and counts the rest,
 * and every player can still see their own place (the "My place" button answers privately).
 * The 500 answers are written straight into the store; the round itself runs on the real bot.
 */
let now = new Date('2026-12-02T12:00:00Z');
let bot: SandboxBot;
let crowd: EmuUser[];
let seen = 0;

beforeAll(async () => {
  bot = await startSandboxBot({ clock: () => now, rng: seededRng(17), roundTicker: false, dailySweep: false });
  crowd = bot.emu.addMembers(500);
});
afterAll(async () => bot?.stop());
afterEach(() => {
  expect(bot.emu.violations.slice(seen)).toEqual([]);
  seen = bot.emu.violations.length;
});

async function advance(ms: number) {
  now = new Date(now.getTime() + ms);
  await bot.app.context.rounds.tick();
}
const roundButtons = () => bot.emu.channelMessages(bot.channelId).filter((m) => !m.interaction && buttonsOf(m).some((b) => b.custom_id.startsWith('ra:')));

describe.each(['en-US', 'zh-CN'] as const)('a round of 500 players in %s', (locale) => {
  it('ends with standings that list the top, count the rest, and let each player see their own place', async () => {
    const starter = locale === 'zh-CN' ? 'wei' : 'alice';
    const start = bot.emu.sendCommand({ user: starter, name: 'quiz', locale, options: [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 3 }, { name: 'seconds', type: 4, value: 10 }] }] });
    await bot.emu.waitForReply(start);
    const before = roundButtons().length;
    await advance(DEFAULT_TIMING.introMs);
    const first = roundButtons()[before]!;
    const rq = await bot.app.db.roundQuestion.findUniqueOrThrow({ where: { id: buttonsOf(first)[0]!.custom_id.split(':')[1]! } });
    const q = bot.app.context.catalog.get(rq.questionId)!;
    // every player answers the first question: two of three right, each a little slower than the last
    await bot.app.db.answer.createMany({
      data: crowd.map((m, k) => ({ source: 'round', sourceId: rq.id, userId: m.id, guildId: bot.emu.guild.id, questionId: q.id, choiceIndex: k % 3 ? q.answer : (q.answer + 1) % q.choices.length, correct: k % 3 !== 0, points: 0, responseMs: 500 + k * 15, answeredAt: new Date(now.getTime() + 500 + k * 15) })),
    });
    for (let n = 0; n < 3; n++) {
      await advance(10_000);
      await advance(DEFAULT_TIMING.pauseMs);
    }
    const round = await bot.app.db.round.findUniqueOrThrow({ where: { id: rq.roundId } });
    expect(round.status).toBe('finished');
    const standings = bot.emu.channelMessages(bot.channelId).filter((m) => embedOf(m).title === t(locale, 'round.standingsTitle')).at(-1)!;
    expect(standings.allowed_mentions).toEqual({ parse: [] });
    const lines = embedOf(standings).description!.split('\n');
    expect(lines).toHaveLength(STANDINGS_SHOWN + 1);
    expect(lines.at(-1)).toBe(t(locale, 'round.standingsMore', { count: 500 - STANDINGS_SHOWN }));
    const results = await bot.app.db.roundResult.findMany({ where: { roundId: round.id }, orderBy: [{ rank: 'asc' }] });
    expect(results).toHaveLength(500);
    // the listed players are the top of the saved standings, in order
    results.slice(0, STANDINGS_SHOWN).forEach((r, k) => expect(lines[k]).toContain(`<@${r.userId}>`));

    // a player far down the list, and one who did not play, press "My place"
    const button = buttonsOf(standings).find((b) => b.custom_id.startsWith('rs:'))!;
    expect(button.custom_id).toBe(`rs:${round.id}`);
    expect(button.label).toBe(t(locale, 'round.myPlace'));
    const far = results[437]!;
    const user = crowd.find((m) => m.id === far.userId)!;
    const mine = await clickAndSettle(bot.emu, { user: user.id, messageId: standings.id, customId: button.custom_id, locale });
    expect(mine.followUp?.ephemeralTo).toBe(user.id);
    expect(mine.followUp?.content).toBe(t(locale, 'round.myPlaceLine', { rank: far.rank, players: 500, points: far.points, correct: far.correct, streak: far.bestStreak }));
    const none = await clickAndSettle(bot.emu, { user: 'bob', messageId: standings.id, customId: button.custom_id, locale });
    expect(none.followUp?.content).toBe(t(locale, 'round.myPlaceNone'));
  });

  it('refuses a forged "My place" for a round that does not exist', async () => {
    const standings = bot.emu.channelMessages(bot.channelId).filter((m) => embedOf(m).title === t(locale, 'round.standingsTitle')).at(-1)!;
    const forged = await clickAndSettle(bot.emu, { user: 'bob', messageId: standings.id, customId: 'rs:no-such-round', locale });
    expect(forged.followUp?.content).toBe(t(locale, 'error.unknownButton'));
  });
});
