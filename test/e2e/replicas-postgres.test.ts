import { describe, expect, it } from 'vitest';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import { openStore } from '../../src/store/client.js';
import { TEST_TOKEN } from '../support/bot.js';
import { freshDatabaseUrl } from '../support/db.js';
import { eventually } from '../support/eventually.js';
import { freePort, LOCKED, Servers, stopAll } from '../support/multiprocess.js';
import { spawnBot, type BotProcess } from '../support/process.js';

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
    const servers = new Servers(emu, [emu.guild, ...emu.addGuilds(3, 6)]);
    const databaseUrl = await freshDatabaseUrl();
    const { db } = await openStore(databaseUrl);
    await servers.dailyDueNow(db);

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
    try {
      await Promise.all(bots.map((b) => b.waitForOutput(/"msg":"bot ready"/, 60_000)));
      expect(bots[1]!.output()).toContain('"timedWork":"no timed work (SCHEDULER=off)"');

      // Rounds started through whichever replica the balancer picks; the scheduler runs them all.
      await servers.startRounds(15);
      const q1 = await Promise.all(servers.guilds.map((g) => servers.question(g, 1, 15_000)));

      // The scheduler dies; answers to the open questions still reach the other two and count.
      bots[0]!.child.kill('SIGKILL');
      await bots[0]!.exited;
      for (const [n, g] of servers.guilds.entries()) expect(await servers.answerAll(g, q1[n]!)).toEqual(Array(4).fill(expect.stringMatching(LOCKED)));

      bots[0] = spawnBot(env(0));
      await bots[0]!.waitForOutput(/"msg":"bot ready"/, 60_000);
      for (const g of servers.guilds) expect(await servers.answerAll(g, await servers.question(g, 2, 40_000))).toEqual(Array(4).fill(expect.stringMatching(LOCKED)));
      await eventually(async () => ((await db.round.count({ where: { status: 'finished' } })) === servers.guilds.length ? true : undefined), 90_000, 'every round to finish');

      expect(servers.acked).toHaveLength(servers.guilds.length * 4 * 2);
      await servers.expectAllKept(db);
      // Every interaction got a 200 from some replica.
      expect([...signer.statuses.values()].every((status) => status === 200)).toBe(true);
    } finally {
      await stopAll(bots, db, emu);
    }
  }, 180_000);
});
