import { describe, expect, it } from 'vitest';
import { shardOf } from '../../src/discord/shards.js';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import { openStore } from '../../src/store/client.js';
import { TEST_TOKEN } from '../support/bot.js';
import { freshDatabaseUrl } from '../support/db.js';
import { eventually } from '../support/eventually.js';
import { LOCKED, Servers, stopAll } from '../support/multiprocess.js';
import { spawnBot, type BotProcess } from '../support/process.js';

/**
 * The proof for running beyond one process: PostgreSQL, the emulator with three gateway shards,
 * and three bot processes, one per shard, each a real `node` process. Rounds run in every server
 * and every server's daily challenge falls due at the same minute; one process is SIGKILLed in the
 * middle of its rounds; the other two carry on; the killed one restarts and picks its servers up.
 */
const SHARDS = 3;

describe('three bot processes, one shard each, on one PostgreSQL store', () => {
  it('keep every acknowledged answer once and post one daily per server, through a SIGKILL of one of them', async () => {
    const emu = await new DiscordEmulator().start();
    emu.recommendedShards = SHARDS;
    const servers = new Servers(emu, [emu.guild, ...emu.addGuilds(5, 6)]);
    const onShard = (k: number) => servers.guilds.filter((g) => shardOf(g.id, SHARDS) === k);
    // every shard has servers (the emulator's ids fall on each shard in turn)
    expect([0, 1, 2].map((k) => onShard(k).length).every((n) => n > 0)).toBe(true);

    const databaseUrl = await freshDatabaseUrl();
    const { db } = await openStore(databaseUrl);
    await servers.dailyDueNow(db);
    const env = (k: number) => ({ DATABASE_URL: databaseUrl, DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: emu.apiUrl, SHARD_COUNT: String(SHARDS), SHARD_IDS: String(k) });
    const bots: BotProcess[] = [0, 1, 2].map((k) => spawnBot(env(k)));
    try {
      await Promise.all(bots.map((b) => b.waitForOutput(/"msg":"bot ready"/, 60_000)));
      // Each process serves exactly its shard's servers.
      for (const [k, b] of bots.entries()) expect(b.output()).toContain(`"timedWork":"shards ${k} of ${SHARDS}"`);

      await servers.startRounds(10);
      for (const g of servers.guilds) expect(await servers.answerAll(g, await servers.question(g, 1, 15_000))).toEqual(Array(4).fill(expect.stringMatching(LOCKED)));

      // The process of shard 0 dies without warning, mid-round.
      const victim = 0;
      bots[victim]!.child.kill('SIGKILL');
      await bots[victim]!.exited;
      // The others carry on: their servers get question 2 and answer it, while shard 0's wait.
      for (const g of servers.guilds.filter((x) => shardOf(x.id, SHARDS) !== victim)) {
        expect(await servers.answerAll(g, await servers.question(g, 2, 30_000))).toEqual(Array(4).fill(expect.stringMatching(LOCKED)));
      }

      // Restarted, it picks its rounds up where the store says they are.
      bots[victim] = spawnBot(env(victim));
      await bots[victim]!.waitForOutput(/"msg":"bot ready"/, 60_000);
      for (const g of onShard(victim)) await servers.answerAll(g, await servers.question(g, 2, 30_000));
      await eventually(async () => ((await db.round.count({ where: { status: 'finished' } })) === servers.guilds.length ? true : undefined), 90_000, 'every round to finish');

      expect(servers.acked.length).toBeGreaterThanOrEqual(servers.guilds.length * 4 * 2 - onShard(victim).length * 4);
      await servers.expectAllKept(db);
    } finally {
      await stopAll(bots, db, emu);
    }
  }, 180_000);
});
