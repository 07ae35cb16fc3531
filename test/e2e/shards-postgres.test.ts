import { describe, expect, it } from 'vitest';
import { shardOf } from '../../src/discord/shards.js';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import type { EmuGuild, EmuMessage } from '../../src/sandbox/state.js';
import { openStore, type Db } from '../../src/store/client.js';
import { TEST_TOKEN } from '../support/bot.js';
import { freshDatabaseUrl } from '../support/db.js';
import { eventually } from '../support/eventually.js';
import { buttonsOf } from '../support/messages.js';
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
    const guilds = [emu.guild, ...emu.addGuilds(5, 6)];
    for (const g of emu.state.guilds.slice(1)) g.members.forEach((m) => (m.locale = 'en-US'));
    const byShard = (k: number) => guilds.filter((g) => shardOf(g.id, SHARDS) === k);
    // every shard has servers (the emulator's ids fall on each shard in turn)
    expect([0, 1, 2].map((k) => byShard(k).length).every((n) => n > 0)).toBe(true);

    const databaseUrl = await freshDatabaseUrl();
    const { db } = await openStore(databaseUrl);
    // Every server's daily challenge is due this very minute: each process posts its own at start.
    const now = new Date();
    const time = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    await db.dailySettings.createMany({ data: guilds.map((g) => ({ guildId: g.id, channelId: g.channels[0]!.id, time, timezone: 'UTC', locale: 'en-US' })) });

    const env = (k: number) => ({ DATABASE_URL: databaseUrl, DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: emu.apiUrl, SHARD_COUNT: String(SHARDS), SHARD_IDS: String(k) });
    const bots: BotProcess[] = [0, 1, 2].map((k) => spawnBot(env(k)));
    const acked: { userId: string; roundQuestionId: string }[] = [];
    try {
      await Promise.all(bots.map((b) => b.waitForOutput(/"msg":"bot ready"/, 60_000)));
      // Each process serves exactly its shard's servers.
      for (const [k, b] of bots.entries()) expect(b.output()).toContain(`"timedWork":"shards ${k} of ${SHARDS}"`);

      const questionMessages = (g: EmuGuild) => emu.channelMessages(g.channels[0]!.id).filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('ra:')));
      const answerAll = async (g: EmuGuild, message: EmuMessage) => {
        const buttons = buttonsOf(message);
        const players = g.members.slice(0, 4);
        const ids = players.map((m, n) => emu.clickButton({ user: m.id, messageId: message.id, customId: buttons[n % buttons.length]!.custom_id }));
        const acks = await Promise.all(ids.map((id) => emu.waitForAck(id, 10_000).then(() => emu.responseTo(id))));
        acks.forEach((reply, n) => {
          if (reply?.content.startsWith('🔒')) acked.push({ userId: players[n]!.id, roundQuestionId: buttons[0]!.custom_id.split(':')[1]! });
        });
        return acks;
      };

      // A round in every server, started by its first member, and question 1 answered everywhere.
      const starts = guilds.map((g) =>
        emu.sendCommand({ user: g.members[0]!.id, channelId: g.channels[0]!.id, name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 3 }, { name: 'seconds', type: 4, value: 10 }] }] }),
      );
      await Promise.all(starts.map((id) => emu.waitForAck(id, 10_000)));
      for (const g of guilds) {
        const q1 = await emu.waitFor(() => questionMessages(g)[0], 15_000, `question 1 in ${g.name}`);
        expect((await answerAll(g, q1)).every((r) => r?.content.startsWith('🔒'))).toBe(true);
      }

      // The process of shard 0 dies without warning, mid-round.
      const victim = 0;
      bots[victim]!.child.kill('SIGKILL');
      await bots[victim]!.exited;
      // The others carry on: their servers get question 2 and answer it, while shard 0's wait.
      for (const g of guilds.filter((x) => shardOf(x.id, SHARDS) !== victim)) {
        const q2 = await emu.waitFor(() => questionMessages(g)[1], 30_000, `question 2 in ${g.name}`);
        expect((await answerAll(g, q2)).every((r) => r?.content.startsWith('🔒'))).toBe(true);
      }

      // Restarted, it picks its rounds up where the store says they are.
      bots[victim] = spawnBot(env(victim));
      await bots[victim]!.waitForOutput(/"msg":"bot ready"/, 60_000);
      for (const g of byShard(victim)) {
        const q2 = await emu.waitFor(() => questionMessages(g)[1], 30_000, `question 2 in ${g.name} after the restart`);
        await answerAll(g, q2);
      }
      // Every round finishes, in every server.
      await eventually(async () => ((await db.round.count({ where: { status: 'finished' } })) === guilds.length ? true : undefined), 90_000, 'every round to finish');

      // Every acknowledged answer is in the store, once.
      const answers = await db.answer.findMany({ where: { source: 'round' } });
      expect(acked.length).toBeGreaterThanOrEqual(guilds.length * 4 * 2 - byShard(victim).length * 4);
      for (const a of acked) expect(answers.filter((s) => s.sourceId === a.roundQuestionId && s.userId === a.userId)).toHaveLength(1);
      // One daily challenge per server, posted once, by the process that owns its shard.
      await expectOneDailyEach(db, emu, guilds);
      // Standings posted once per server; every question opened once.
      for (const g of guilds) {
        const standings = () => emu.channelMessages(g.channels[0]!.id).filter((m) => m.embeds.some((e) => (e as { title?: string }).title === 'Final standings'));
        // posted just after the round is marked finished
        await emu.waitFor(() => standings()[0], 10_000, `standings in ${g.name}`);
        expect(standings(), g.name).toHaveLength(1);
        expect(questionMessages(g), g.name).toHaveLength(3);
      }
    } finally {
      for (const b of bots) b.child.kill('SIGKILL');
      await Promise.all(bots.map((b) => b.exited));
      await db.$disconnect();
      await emu.stop();
    }
  }, 180_000);
});

async function expectOneDailyEach(db: Db, emu: DiscordEmulator, guilds: EmuGuild[]) {
  const challenges = await db.dailyChallenge.findMany();
  expect(challenges.map((c) => c.guildId).sort()).toEqual(guilds.map((g) => g.id).sort());
  expect(challenges.every((c) => c.messageId)).toBe(true);
  for (const g of guilds) {
    const posts = emu.channelMessages(g.channels[0]!.id).filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('da:')));
    expect(posts, g.name).toHaveLength(1);
  }
}
