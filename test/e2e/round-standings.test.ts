import { afterEach, describe, expect, it } from 'vitest';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import type { EmuMessage } from '../../src/sandbox/state.js';
import { DEFAULT_TIMING } from '../../src/scheduler/rounds.js';
import { wrapQueries } from '../../src/store/client.js';
import { bankFromFiles } from '../support/bank.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { freshDatabaseUrl } from '../support/db.js';
import { buttonsOf, textOf } from '../support/messages.js';
import { roundQuestions, startRound } from '../support/rounds.js';

/**
 * A round's standings are owed from the write that ends it until they are posted: a post that
 * meets Discord's 5xx, or a process that stops between the end and the post (or between the post
 * and recording it), is made good by a later tick, in this process or the next, and posted once.
 * Everything runs on the test's clock, one tick per call.
 */
const bank = new Map(bankFromFiles().map((q) => [q.id, q]));
let now = new Date('2026-12-01T12:00:00Z');
const bots: SandboxBot[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.app.stop().catch(() => undefined);
});

async function boot(opts: Parameters<typeof startSandboxBot>[0] = {}) {
  const bot = await startSandboxBot({ clock: () => now, rng: seededRng(33), roundTicker: false, dailySweep: false, ...opts });
  bots.push(bot);
  return bot;
}
async function advance(bot: SandboxBot, ms: number) {
  now = new Date(now.getTime() + ms);
  await bot.app.context.rounds.tick();
}
const standingsIn = (emu: DiscordEmulator, channelId: string) => emu.channelMessages(channelId).filter((m) => /Standings \(the round was stopped early\)|Final standings/.test(textOf(m)));
const roundIn = (bot: SandboxBot) => bot.app.db.round.findFirstOrThrow({ where: { channelId: bot.channelId }, orderBy: { startedAt: 'desc' } });

/** Starts a round, lets Wei answer question 1 right, and returns that question's message. */
async function roundWithAnAnswer(bot: SandboxBot): Promise<EmuMessage> {
  await bot.emu.waitForReply(startRound(bot.emu, 'alice', bot.channelId, { questions: 3, seconds: 30 }));
  await advance(bot, DEFAULT_TIMING.introMs);
  const [first] = roundQuestions(bot.emu, bot.channelId);
  const rq = await bot.app.db.roundQuestion.findUniqueOrThrow({ where: { id: buttonsOf(first)[0]!.custom_id.split(':')[1]! } });
  const position = rq.choiceOrder.split(',').map(Number).indexOf(bank.get(rq.questionId)!.answer);
  await bot.emu.waitForReply(bot.emu.clickButton({ user: 'wei', messageId: first!.id, customId: buttonsOf(first)[position]!.custom_id }));
  return first!;
}
const stop = (bot: SandboxBot) => bot.emu.waitForReply(bot.emu.sendCommand({ user: 'alice', channelId: bot.channelId, name: 'quiz', options: [{ name: 'stop', type: 1, options: [] }] }));

describe("a round's standings, owed until posted", () => {
  it('are posted once Discord answers again after 5xx on the stop, and the member is told the round stopped', async () => {
    const bot = await boot();
    await roundWithAnAnswer(bot);
    bot.emu.faults.serverErrorRate = 1; // every message send and edit answers 500, past discord.js's own retries
    let reply: EmuMessage | undefined;
    try {
      reply = await stop(bot);
    } finally {
      bot.emu.faults.serverErrorRate = 0;
    }
    expect(reply?.content).toMatch(/stopped/i);
    const round = await roundIn(bot);
    expect(round).toMatchObject({ status: 'finished', endReason: 'stopped', owed: 'standings' });
    expect(standingsIn(bot.emu, bot.channelId)).toHaveLength(0);
    // Saved for the boards already, posted at the next tick after the grace period.
    expect(await bot.app.db.roundResult.count({ where: { roundId: round.id } })).toBe(1);

    await advance(bot, DEFAULT_TIMING.refreshMs);
    await advance(bot, DEFAULT_TIMING.refreshMs);
    const posted = standingsIn(bot.emu, bot.channelId);
    expect(posted).toHaveLength(1);
    expect(textOf(posted[0])).toContain(`<@${bot.emu.member('wei').id}>`);
    expect((await roundIn(bot)).owed).toBeNull();
  });

  it('sent but not recorded when the process stopped, are not sent again by the next process (the nonce)', async () => {
    const emu = await new DiscordEmulator().start();
    const databaseUrl = await freshDatabaseUrl();
    // Recording the round settled fails in the first process: it stops right after its post went out.
    const first = await boot({
      emulator: emu,
      databaseUrl,
      wrapStore: (db) =>
        wrapQueries(db, async (run, { model, operation, args }) => {
          if (model === 'Round' && operation === 'updateMany' && (args as { data?: { owed?: unknown } }).data?.owed === null) throw new Error('injected: the process died here');
          return run();
        }),
    });
    try {
      await roundWithAnAnswer(first);
      await stop(first);
      expect(standingsIn(emu, first.channelId)).toHaveLength(1);
      expect((await roundIn(first)).owed).toBe('standings');
      await first.app.stop();

      const next = await boot({ emulator: emu, databaseUrl });
      await advance(next, DEFAULT_TIMING.refreshMs);
      expect((await roundIn(next)).owed).toBeNull();
      expect(next.logs.lines.some((l) => l.msg === 'round finished')).toBe(true);
      expect(standingsIn(emu, next.channelId)).toHaveLength(1);
    } finally {
      await emu.stop();
    }
  });

  it('not posted before the process stopped, are posted by the next process, once', async () => {
    const emu = await new DiscordEmulator().start();
    const databaseUrl = await freshDatabaseUrl();
    const first = await boot({ emulator: emu, databaseUrl });
    try {
      await roundWithAnAnswer(first);
      emu.faults.serverErrorRate = 1;
      try {
        await stop(first);
      } finally {
        emu.faults.serverErrorRate = 0;
      }
      await first.app.stop();
      expect(standingsIn(emu, first.channelId)).toHaveLength(0);

      const next = await boot({ emulator: emu, databaseUrl });
      await advance(next, DEFAULT_TIMING.refreshMs);
      await advance(next, DEFAULT_TIMING.refreshMs);
      expect(standingsIn(emu, next.channelId)).toHaveLength(1);
      expect((await roundIn(next)).owed).toBeNull();
    } finally {
      await emu.stop();
    }
  });
});
