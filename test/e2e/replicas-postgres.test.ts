import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import type { EmuGuild, EmuMessage } from '../../src/sandbox/state.js';
import { openStore } from '../../src/store/client.js';
import { TEST_TOKEN } from '../support/bot.js';
import { freshDatabaseUrl } from '../support/db.js';
import { eventually } from '../support/eventually.js';
import { buttonsOf } from '../support/messages.js';
import { spawnBot, type BotProcess } from '../support/process.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * HTTP interactions with three stateless replicas on one PostgreSQL store, the emulator POSTing
 * each interaction, signed, round-robin across them as a load balancer would. Replica 0 runs the
 * timed work (SCHEDULER=on); 1 and 2 only answer (SCHEDULER=off), so rounds they start are adopted
 * by 0. The scheduler is SIGKILLed mid-round: the others keep acknowledging answers; restarted, it
 * closes what fell due and carries every round on.
 */
describe('three HTTP replicas on one PostgreSQL store', () => {
  it('keep every acknowledged answer once and post one daily per server, through a SIGKILL of the scheduler', async () => {
    const emu = await new DiscordEmulator().start();
    const signer = emu.deliverOverHttp('');
    const guilds = [emu.guild, ...emu.addGuilds(3, 6)];
    for (const g of emu.state.guilds.slice(1)) g.members.forEach((m) => (m.locale = 'en-US'));
    const databaseUrl = await freshDatabaseUrl();
    const { db } = await openStore(databaseUrl);
    const now = new Date();
    const time = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    await db.dailySettings.createMany({ data: guilds.map((g) => ({ guildId: g.id, channelId: g.channels[0]!.id, time, timezone: 'UTC', locale: 'en-US' })) });

    const ports = [await freePort(), await freePort(), await freePort()];
    const env = (k: number) => ({
      DATABASE_URL: databaseUrl,
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: emu.apiUrl,
      INTERACTIONS_MODE: 'http',
      DISCORD_PUBLIC_KEY: signer.publicKeyHex,
      PORT: String(ports[k]),
      SCHEDULER: k === 0 ? 'on' : 'off',
    });
    const bots: BotProcess[] = [0, 1, 2].map((k) => spawnBot(env(k)));
    signer.urls = ports.map((p) => `http://127.0.0.1:${p}/interactions`);
    const acked: { userId: string; roundQuestionId: string }[] = [];
    try {
      await Promise.all(bots.map((b) => b.waitForOutput(/"msg":"bot ready"/, 60_000)));
      expect(bots[1]!.output()).toContain('"timedWork":"no timed work (SCHEDULER=off)"');

      const questionMessages = (g: EmuGuild) => emu.channelMessages(g.channels[0]!.id).filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('ra:')));
      const answerAll = async (g: EmuGuild, message: EmuMessage) => {
        const buttons = buttonsOf(message);
        const players = g.members.slice(0, 4);
        const ids = players.map((m, n) => emu.clickButton({ user: m.id, messageId: message.id, customId: buttons[n % buttons.length]!.custom_id }));
        const replies = await Promise.all(ids.map((id) => emu.waitForAck(id, 10_000).then(() => emu.responseTo(id))));
        replies.forEach((reply, n) => {
          if (reply?.content.startsWith('🔒')) acked.push({ userId: players[n]!.id, roundQuestionId: buttons[0]!.custom_id.split(':')[1]! });
        });
        return replies;
      };

      // Rounds started through whichever replica the balancer picks; the scheduler runs them all.
      const starts = guilds.map((g) =>
        emu.sendCommand({ user: g.members[0]!.id, channelId: g.channels[0]!.id, name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 3 }, { name: 'seconds', type: 4, value: 15 }] }] }),
      );
      await Promise.all(starts.map((id) => emu.waitForAck(id, 10_000)));
      const q1 = await Promise.all(guilds.map((g) => emu.waitFor(() => questionMessages(g)[0], 15_000, `question 1 in ${g.name}`)));

      // The scheduler dies; answers to the open questions still reach the other two and count.
      bots[0]!.child.kill('SIGKILL');
      await bots[0]!.exited;
      for (const [n, g] of guilds.entries()) expect((await answerAll(g, q1[n]!)).every((r) => r?.content.startsWith('🔒'))).toBe(true);

      bots[0] = spawnBot(env(0));
      await bots[0]!.waitForOutput(/"msg":"bot ready"/, 60_000);
      for (const g of guilds) {
        const q2 = await emu.waitFor(() => questionMessages(g)[1], 40_000, `question 2 in ${g.name}`);
        const r2 = await answerAll(g, q2);
        expect(r2.map((r) => r?.content ?? 'none')).toEqual(r2.map(() => expect.stringMatching(/^🔒/)));
      }
      await eventually(async () => ((await db.round.count({ where: { status: 'finished' } })) === guilds.length ? true : undefined), 90_000, 'every round to finish');

      const answers = await db.answer.findMany({ where: { source: 'round' } });
      expect(acked).toHaveLength(guilds.length * 4 * 2);
      for (const a of acked) expect(answers.filter((s) => s.sourceId === a.roundQuestionId && s.userId === a.userId)).toHaveLength(1);
      const challenges = await db.dailyChallenge.findMany();
      expect(challenges.map((c) => c.guildId).sort()).toEqual(guilds.map((g) => g.id).sort());
      for (const g of guilds) {
        expect(emu.channelMessages(g.channels[0]!.id).filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('da:'))), g.name).toHaveLength(1);
        const standings = () => emu.channelMessages(g.channels[0]!.id).filter((m) => m.embeds.some((e) => (e as { title?: string }).title === 'Final standings'));
        await emu.waitFor(() => standings()[0], 10_000, `standings in ${g.name}`);
        expect(standings(), g.name).toHaveLength(1);
        expect(questionMessages(g), g.name).toHaveLength(3);
      }
      // Every interaction got a 200 from some replica.
      expect([...signer.statuses.values()].every((status) => status === 200)).toBe(true);
    } finally {
      for (const b of bots) b.child.kill('SIGKILL');
      await Promise.all(bots.map((b) => b.exited));
      await db.$disconnect();
      await emu.stop();
    }
  }, 180_000);
});
