import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { keepServingOnUnhandledRejections } from '../../src/process-guards.js';
import { DEFAULT_TIMING } from '../../src/scheduler/rounds.js';
import { wrapQueries } from '../../src/store/client.js';
import { bankFromFiles } from '../support/bank.js';
import { LogCapture, seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { eventually } from '../support/eventually.js';
import { buttonsOf, choiceButtonsOf } from '../support/messages.js';

/**
 * A real store whose chosen operations fail while the test says so ("Model.operation"): the
 * background steps that once had no handler (a round's early close, the daily post's count
 * refresh) meet a database blip. An unhandled rejection would fail this file (vitest reports it).
 */
const failing = new Set<string>();
const bank = new Map(bankFromFiles().map((q) => [q.id, q]));
let now = new Date('2026-12-01T12:00:00Z');
let bot: SandboxBot;

beforeAll(async () => {
  bot = await startSandboxBot({
    clock: () => now,
    rng: seededRng(4),
    dailySweep: false,
    roundTicker: false,
    dailyRefreshMs: 1,
    wrapStore: (db) =>
      wrapQueries(db, async (run, { model, operation }) => {
        if (failing.has(`${model}.${operation}`)) throw new Error(`injected failure of ${model}.${operation}`);
        return run();
      }),
  });
});
afterAll(async () => bot?.stop());

const advance = async (ms: number) => {
  now = new Date(now.getTime() + ms);
  await bot.app.context.rounds.tick();
};
const logged = (msg: string) => eventually(async () => bot.logs.lines.find((l) => l.msg === msg), 60_000, `the log line "${msg}"`);
const click = async (user: string, messageId: string, customId: string) => bot.emu.waitForAck(bot.emu.clickButton({ user, messageId, customId }));

describe('background steps meeting a store failure', () => {
  it('an early close that fails is retried at the next tick and the round goes on', async () => {
    const ch = bot.channelId;
    await bot.emu.waitForReply(bot.emu.sendCommand({ user: 'alice', channelId: ch, name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 3 }, { name: 'seconds', type: 4, value: 10 }] }] }));
    await advance(DEFAULT_TIMING.introMs);
    const questions = () => bot.emu.channelMessages(ch).filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('ra:')));
    await click('alice', questions()[0]!.id, buttonsOf(questions()[0])[0]!.custom_id);
    await advance(10_000);
    await advance(DEFAULT_TIMING.pauseMs);
    const q2 = questions()[1]!;
    // Alice, the only player, answers question 2: it would close early, but closing fails.
    failing.add('RoundQuestion.updateMany');
    await click('alice', q2.id, buttonsOf(q2)[0]!.custom_id);
    await bot.app.context.rounds.settled();
    expect(await logged('round step failed: retrying at the next tick')).toMatchObject({ kind: 'transient', failures: 1 });
    expect(choiceButtonsOf(bot.emu.messages.get(q2.id)).every((b) => b.disabled)).toBe(false);
    failing.delete('RoundQuestion.updateMany');
    await advance(DEFAULT_TIMING.tickMs);
    expect(choiceButtonsOf(bot.emu.messages.get(q2.id)).every((b) => b.disabled)).toBe(true);
    expect(await bot.app.db.round.count({ where: { status: 'running' } })).toBe(1);
    await bot.app.context.rounds.stop(ch, bot.emu.member('alice').id, false);
  });

  it('a daily count refresh that fails is logged and the bot keeps answering', async () => {
    const channel = bot.emu.guild.channels.find((c) => c.name === 'daily-challenge')!.id;
    const setup = bot.emu.sendCommand({ user: 'alice', name: 'daily', options: [{ name: 'setup', type: 1, options: [{ name: 'channel', type: 7, value: channel }, { name: 'time', type: 3, value: '09:00' }, { name: 'timezone', type: 3, value: 'UTC' }] }] });
    await bot.emu.waitForReply(setup);
    expect((await bot.app.context.daily.postToday(bot.emu.guild.id)).status).toBe('posted');
    const post = bot.emu.channelMessages(channel).find((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('da:')))!;
    const challenge = await bot.app.db.dailyChallenge.findFirstOrThrow();
    const right = challenge.choiceOrder.split(',').map(Number).indexOf(bank.get(challenge.questionId)!.answer);
    failing.add('Answer.count');
    await click('bob', post.id, buttonsOf(post)[right]!.custom_id);
    expect(await logged('daily count not refreshed')).toMatchObject({ guild: bot.emu.guild.id });
    failing.delete('Answer.count');
    const ping = bot.emu.sendCommand({ user: 'bob', name: 'ping' });
    expect((await bot.emu.waitForReply(ping))?.content).toMatch(/Pong/i);
  });
});

describe('the process-level policy for unhandled rejections', () => {
  it('logs one with its reason and keeps the process running', () => {
    const logs = new LogCapture();
    const proc = new EventEmitter();
    const remove = keepServingOnUnhandledRejections(createLogger('info', [], logs), proc);
    proc.emit('unhandledRejection', new Error('the store went away'), Promise.resolve());
    expect(logs.lines).toMatchObject([{ level: 50, msg: 'unhandled promise rejection: logged, still serving', err: { message: 'the store went away' } }]);
    remove();
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
  });
});
