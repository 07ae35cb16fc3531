import { describe, expect, it } from 'vitest';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import { openStore } from '../../src/store/client.js';
import { TEST_TOKEN } from '../support/bot.js';
import { freshDatabaseUrl } from '../support/db.js';
import { buttonsOf, embedOf } from '../support/messages.js';
import { freePort, stopAll } from '../support/multiprocess.js';
import { spawnBot, type BotProcess } from '../support/process.js';

/**
 * Three HTTP replicas on one PostgreSQL store (replica 0 runs the rounds; 1 and 2 only answer).
 * /quiz stop reaches replica 1, which never ran the round: the round ends everywhere, and the
 * scheduler, which keeps ticking (it refreshes another round meanwhile), posts and edits nothing
 * more for it.
 */
describe('three HTTP replicas: /quiz stop through a replica that does not run the round', () => {
  it('ends the round everywhere: standings once, no further question, no edit', async () => {
    const emu = await new DiscordEmulator().start();
    const signer = emu.deliverOverHttp('');
    const databaseUrl = await freshDatabaseUrl();
    const { db } = await openStore(databaseUrl);
    const ports = [await freePort(), await freePort(), await freePort()];
    const urls = ports.map((p) => `http://127.0.0.1:${p}/interactions`);
    const env = (k: number) => ({ DATABASE_URL: databaseUrl, DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: emu.apiUrl, INTERACTIONS_MODE: 'http', DISCORD_PUBLIC_KEY: signer.publicKeyHex, PORT: String(ports[k]), SCHEDULER: k === 0 ? 'on' : 'off' });
    const bots: BotProcess[] = [0, 1, 2].map((k) => spawnBot(env(k)));
    const [stopped, other] = [emu.guild.channels[0]!.id, emu.guild.channels[1]!.id];
    const questions = (ch: string) => emu.channelMessages(ch).filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('ra:')));
    const through = async (k: number, input: Parameters<DiscordEmulator['sendCommand']>[0]) => {
      signer.urls = [urls[k]!];
      return emu.waitForReply(emu.sendCommand(input), 60_000);
    };
    const start = (ch: string) => ({ user: 'alice', channelId: ch, name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 3 }, { name: 'seconds', type: 4, value: 60 }] }] });
    try {
      await Promise.all(bots.map((b) => b.waitForOutput(/"msg":"bot ready"/, 60_000)));
      expect((await through(2, start(stopped)))?.content).toMatch(/started a live round/);
      expect((await through(2, start(other)))?.content).toMatch(/started a live round/);
      const [q1] = await Promise.all([emu.waitFor(() => questions(stopped)[0], 60_000, 'question 1'), emu.waitFor(() => questions(other)[0], 60_000, 'the other round’s question 1')]);

      expect((await through(1, { user: 'alice', channelId: stopped, name: 'quiz', options: [{ name: 'stop', type: 1, options: [] }] }))?.content).toMatch(/stopped/i);
      expect((await db.round.findFirstOrThrow({ where: { channelId: stopped } })).status).not.toBe('running');
      const standings = () => emu.channelMessages(stopped).filter((m) => /standings/i.test(embedOf(m).title ?? ''));
      await emu.waitFor(() => standings()[0], 60_000, 'the standings');

      // From here on: the scheduler's next refresh of the other round shows it is still ticking.
      const mark = emu.requests.length;
      const otherQuestion = questions(other)[0]!.id;
      await emu.waitFor(() => (emu.requests.slice(mark).some((r) => r.method === 'PATCH' && r.path.endsWith(`/channels/${other}/messages/${otherQuestion}`)) ? true : undefined), 60_000, 'a refresh of the other round');
      expect(emu.requests.slice(mark).filter((r) => r.path.includes(`/channels/${stopped}/`))).toEqual([]);
      expect(questions(stopped)).toHaveLength(1);
      expect(standings()).toHaveLength(1);
      expect(buttonsOf(emu.messages.get(q1.id)).filter((b) => b.custom_id.startsWith('ra:')).every((b) => b.disabled)).toBe(true);
      expect([...signer.statuses.values()].every((s) => s === 200)).toBe(true);
    } finally {
      await stopAll(bots, db, emu);
    }
  }, 180_000);
});
