import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmuMessage } from '../../src/sandbox/state.js';
import { DEFAULT_TIMING } from '../../src/scheduler/rounds.js';
import { MAX_STEP_FAILURES } from '../../src/scheduler/round-failures.js';
import { bankFromFiles } from '../support/bank.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf } from '../support/messages.js';
import { newChannel, roundQuestions, startRound } from '../support/rounds.js';

/**
 * A round meeting Discord's 5xx mid-way, on the test's clock (one tick per step): answers that do
 * not pass end the round, scored, instead of leaving it "running" and the channel taken. (A deleted
 * message or channel: test/e2e/discord-gone.test.ts.)
 */
const bank = new Map(bankFromFiles().map((q) => [q.id, q]));
const timing = DEFAULT_TIMING;
let now = new Date('2026-12-01T12:00:00Z');
let bot: SandboxBot;
beforeAll(async () => {
  bot = await startSandboxBot({ clock: () => now, rng: seededRng(21), roundTicker: false, dailySweep: false });
});
afterAll(async () => bot?.stop());

async function advance(ms: number) {
  now = new Date(now.getTime() + ms);
  await bot.app.context.rounds.tick();
}
const questions = (channelId: string) => roundQuestions(bot.emu, channelId);
const start = (channelId: string) =>
  bot.emu.waitForReply(startRound(bot.emu, 'alice', channelId, { questions: 3, seconds: 30 }));
async function answerRight(user: string, message: EmuMessage) {
  const rq = await bot.app.db.roundQuestion.findUniqueOrThrow({ where: { id: buttonsOf(message)[0]!.custom_id.split(':')[1]! } });
  const position = rq.choiceOrder.split(',').map(Number).indexOf(bank.get(rq.questionId)!.answer);
  return bot.emu.waitForReply(bot.emu.clickButton({ user, messageId: message.id, customId: buttonsOf(message)[position]!.custom_id }));
}
const roundIn = (channelId: string) => bot.app.db.round.findFirstOrThrow({ where: { channelId }, orderBy: { startedAt: 'desc' } });

describe('a round meeting Discord failures', () => {
  it('ends the round, scored, after 5xx answers that do not pass, and frees the channel', async () => {
    const ch = newChannel(bot.emu, 'server-errors');
    await start(ch);
    await advance(timing.introMs);
    const [first] = questions(ch);
    await answerRight('wei', first!);
    bot.emu.faults.serverErrorRate = 1; // every message send and edit answers 500
    try {
      // Each tick's step fails and is retried after a growing wait (0.25 s, 0.5 s, 1 s, 2 s).
      for (let n = 0; n < 20 && (await roundIn(ch)).status === 'running'; n++) await advance(timing.refreshMs);
    } finally {
      bot.emu.faults.serverErrorRate = 0;
    }
    const round = await roundIn(ch);
    expect(round.status).toBe('aborted');
    const failures = bot.logs.lines.filter((l) => l.round === round.id && typeof l.msg === 'string' && l.msg.startsWith('round step failed'));
    expect(failures.map((l) => l.msg)).toEqual([...Array(MAX_STEP_FAILURES - 1).fill('round step failed: retrying at the next tick'), 'round step failed: ending the round']);
    // The question open at the end was closed and scored: Wei's answer counts on the boards.
    const answer = await bot.app.db.answer.findFirstOrThrow({ where: { userId: bot.emu.member('wei').id, source: 'round', sourceId: buttonsOf(first)[0]!.custom_id.split(':')[1]! } });
    expect(answer.points).toBeGreaterThan(0);
    expect(await bot.app.db.roundResult.count({ where: { roundId: round.id } })).toBe(1);
    // The channel is free: a new round starts at once.
    expect(await bot.app.db.channelRound.count({ where: { channelId: ch } })).toBe(0);
    expect((await start(ch))?.content).toMatch(/started a live round/);
  });
});
