import { describe, expect, it } from 'vitest';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import { openStore, type Db } from '../../src/store/client.js';
import type { EmuMessage } from '../../src/sandbox/state.js';
import { TEST_TOKEN } from '../support/bot.js';
import { freshDatabaseUrl } from '../support/db.js';
import { buttonsOf, textOf, choiceButtonsOf } from '../support/messages.js';
import { spawnBot, type BotProcess } from '../support/process.js';

/**
 * The bot in its own process, SIGKILLed mid-round and started again on the same database and the
 * same emulator. Time passing while the bot is down is written into the store (a deadline moved
 * into the past, or far into the future), so no verdict depends on how fast a restart is.
 */
describe('a live round survives SIGKILL of the bot', () => {
  it('keeps every acknowledged answer, closes a question whose time ran out while down, and its buttons work after restart', async () => {
    const emu = await new DiscordEmulator().start();
    const databaseUrl = (await freshDatabaseUrl());
    const env = { DATABASE_URL: databaseUrl, DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: emu.apiUrl };
    const players = emu.addMembers(20);
    const channelId = emu.guild.channels[0]!.id;
    let bot: BotProcess = spawnBot(env);
    const questionMessages = () => emu.channelMessages(channelId).filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('ra:')));
    const clickAll = async (message: EmuMessage, who: typeof players) => {
      const ids = who.map((m, n) => emu.clickButton({ user: m.id, messageId: message.id, customId: buttonsOf(message)[n % 2]!.custom_id }));
      return Promise.all(ids.map((id) => emu.waitForReply(id, 60_000)));
    };
    try {
      await bot.waitForOutput(/"msg":"bot ready"/);
      await emu.waitForReply(emu.sendCommand({ user: 'alice', channelId, name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 3 }, { name: 'seconds', type: 4, value: 60 }] }] }));
      const q1 = await emu.waitFor(() => questionMessages()[0], 60_000, 'question 1');

      // Ten members answer and are acknowledged; then the process is killed without warning.
      const acks = await clickAll(q1, players.slice(0, 10));
      expect(acks.every((m) => m?.content.startsWith('🔒'))).toBe(true);
      bot.child.kill('SIGKILL');
      await bot.exited;

      // Down past question 1's deadline: on restart it is closed at once and the round carries on.
      await readStore(databaseUrl, (db) => db.roundQuestion.updateMany({ where: { index: 0 }, data: { deadlineAt: new Date(Date.now() - 1000) } }));
      bot = spawnBot(env);
      await bot.waitForOutput(/"msg":"live rounds recovered"/);
      await emu.waitFor(() => (choiceButtonsOf(emu.messages.get(q1.id)).every((b) => b.disabled) ? true : undefined), 60_000, 'question 1 revealed after restart');
      const revealCount = /(?:Closed|已截止) · (?:共 )?(\d+)/.exec(textOf(emu.messages.get(q1.id)))?.[1];
      expect(Number(revealCount)).toBe(10);

      // Question 2 opens; answers before and after a second kill (restarted at once) all count.
      const q2 = await emu.waitFor(() => questionMessages()[1], 60_000, 'question 2');
      await clickAll(q2, players.slice(0, 5));
      bot.child.kill('SIGKILL');
      await bot.exited;
      // However long the restart takes, question 2 is still open when the late members click.
      await readStore(databaseUrl, (db) => db.roundQuestion.updateMany({ where: { index: 1 }, data: { deadlineAt: new Date(Date.now() + 3_600_000) } }));
      bot = spawnBot(env);
      await bot.waitForOutput(/"msg":"bot ready"/);
      const afterRestart = await clickAll(q2, players.slice(5, 12));
      expect(afterRestart.every((m) => m?.content.startsWith('🔒'))).toBe(true);
      expect(questionMessages()).toHaveLength(2);

      const counts = await readStore(databaseUrl, async (db) => {
        const questions = await db.roundQuestion.findMany({ orderBy: { index: 'asc' } });
        return Promise.all(questions.map((q) => db.answer.count({ where: { source: 'round', sourceId: q.id } })));
      });
      expect(counts.slice(0, 2)).toEqual([10, 12]);
    } finally {
      bot.child.kill('SIGKILL');
      await bot.exited;
      await emu.stop();
    }
  }, 300_000);
});

/** Reads the bot's store from the test process, beside the bot (SQLite's WAL mode lets it). */
async function readStore<T>(databaseUrl: string, read: (db: Db) => Promise<T>): Promise<T> {
  const { db } = await openStore(databaseUrl);
  try {
    return await read(db);
  } finally {
    await db.$disconnect();
  }
}
