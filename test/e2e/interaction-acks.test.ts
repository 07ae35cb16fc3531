import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { eventually } from '../support/eventually.js';
import { buttonsOf } from '../support/messages.js';

/**
 * Discord answering an acknowledgement with 10062 (it came after the 3 seconds) or 40060 (the
 * interaction was already acknowledged). The callback is a REST call on the gateway only (over HTTP
 * interactions the first answer is the HTTP response), so this file runs the gateway.
 */
let bot: SandboxBot;
beforeAll(async () => {
  bot = await startSandboxBot({ rng: seededRng(11), mode: 'gateway' });
});
afterAll(async () => bot?.stop());

async function practiceQuestion(user: string) {
  const id = bot.emu.sendCommand({ user, name: 'quiz', options: [{ name: 'practice', type: 1, options: [] }] });
  const message = (await bot.emu.waitForReply(id))!;
  return { message, showingId: buttonsOf(message)[0]!.custom_id.split(':')[1]! };
}
const linesFor = (interaction: string) => bot.logs.lines.filter((l) => l.interaction === interaction && (l.level as number) >= 40);
/** Resolves with the warnings and errors logged for the interaction once the one about `code` is there. */
const loggedFor = (interaction: string, code: number) => eventually(async () => (linesFor(interaction).some((l) => l.code === code) ? linesFor(interaction) : undefined), 60_000, `the ${code} line`);
const answers = (sourceId: string) => bot.app.db.answer.count({ where: { source: 'practice', sourceId } });

describe('late and duplicate acknowledgements', () => {
  it('10062 on an answer click: one log line with context, the answer recorded once, the bot carries on', async () => {
    const { message, showingId } = await practiceQuestion('alice');
    bot.emu.tokens.lateAcks = 1;
    const click = bot.emu.clickButton({ user: 'alice', messageId: message.id, customId: `pa:${showingId}:0` });
    const lines = await loggedFor(click, 10062);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'interaction expired before it was acknowledged (10062): nothing more is sent for it', guild: bot.emu.guild.id, user: bot.emu.member('alice').id, command: 'button:pa' });
    expect(bot.emu.tokens.counts.unknownInteraction).toBe(1);
    expect(await answers(showingId)).toBe(1);
    // "This interaction failed": the member clicks again; the store keeps the first answer only.
    const again = bot.emu.clickButton({ user: 'alice', messageId: message.id, customId: `pa:${showingId}:1` });
    await bot.emu.waitForAck(again);
    expect(await answers(showingId)).toBe(1);
    expect(linesFor(again)).toEqual([]);
  });

  it('40060 on a command: one log line, no apology attempted, the next command answered', async () => {
    bot.emu.tokens.alreadyAcknowledged = 1;
    const id = bot.emu.sendCommand({ user: 'bob', name: 'quiz', options: [{ name: 'practice', type: 1, options: [] }] });
    const lines = await loggedFor(id, 40060);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'interaction already acknowledged (40060): nothing more is sent for it', user: bot.emu.member('bob').id, command: 'quiz' });
    expect(bot.emu.tokens.counts.alreadyAcknowledged).toBe(1);
    expect(bot.emu.interactions.get(id)?.ack).toBeUndefined();
    const { message } = await practiceQuestion('bob');
    expect(buttonsOf(message).length).toBeGreaterThan(1);
  });
});
