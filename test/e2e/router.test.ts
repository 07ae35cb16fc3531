import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../commands/index.js';
import { loadCommands } from '../../commands/index.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { UserError } from '../../src/i18n/user-error.js';
import { wrapQueries } from '../../src/store/client.js';
import { startSandboxBot, TEST_TOKEN, type SandboxBot } from '../support/bot.js';
import { embedOf } from '../support/messages.js';

const command = (name: string, execute: Command['execute']): Command => ({ data: { name, description: `test command ${name}` }, execute });

/** Test-only commands that misbehave on purpose, handed in through the app's options. */
/** The slow command's work ends only when the test says so (after it saw the deferral). */
let finishSlow: () => void = () => undefined;
const misbehaving: Command[] = [
  command('slow', async (_i, ctx) => {
    await new Promise<void>((r) => (finishSlow = r));
    await ctx.respond.reply({ content: 'finally' });
  }),
  command('crash', async () => {
    throw new Error(`database exploded with ${TEST_TOKEN}`);
  }),
  command('refuse', async () => {
    throw new UserError('error.guildOnly');
  }),
];

let bot: SandboxBot;
beforeAll(async () => {
  bot = await startSandboxBot({ commands: [...(await loadCommands()), ...misbehaving] });
});
afterAll(async () => bot?.stop());

describe('the interaction router and its error boundary', () => {
  it('defers a slow handler inside the 3-second limit, then edits in the real reply', async () => {
    const id = bot.emu.sendCommand({ user: 'alice', name: 'slow' });
    const interaction = await bot.emu.waitForAck(id, 60_000);
    expect(interaction.ack).toBe('defer');
    finishSlow();
    await bot.emu.waitFor(() => (bot.emu.responseTo(id)?.content === 'finally' ? true : undefined), 60_000);
  });

  it('answers an unexpected error with an apology and an incident id, and logs it with context', async () => {
    const id = bot.emu.sendCommand({ user: 'wei', name: 'crash' });
    const reply = (await bot.emu.waitForReply(id))!;
    const incident = /事件编号 ([0-9a-f]{8})/.exec(reply.content)?.[1];
    expect(incident).toBeDefined();
    expect(reply.ephemeralTo).toBe(bot.emu.member('wei').id);
    expect(reply.content).not.toContain('exploded');
    const line = bot.logs.lines.find((l) => l.incident === incident && l.msg === 'interaction failed');
    expect(line).toMatchObject({ command: 'crash', user: bot.emu.member('wei').id, guild: bot.emu.guild.id, channel: bot.channelId });
    expect(bot.logs.raw.join('')).not.toContain(TEST_TOKEN);
  });

  it('shows a UserError to the member in their language without logging it as a failure', async () => {
    const failures = bot.app.router.stats.failures;
    const id = bot.emu.sendCommand({ user: 'bob', name: 'refuse' });
    expect((await bot.emu.waitForReply(id))?.content).toBe('This command works in a server channel only.');
    expect(bot.app.router.stats.failures).toBe(failures);
  });

  it('tells a member when a command no longer exists', async () => {
    const id = bot.emu.sendCommand({ user: 'bob', name: 'removed-long-ago' });
    expect((await bot.emu.waitForReply(id))?.content).toBe('This command is not available any more.');
  });

  it('deploys commands only when their definitions changed', async () => {
    const puts = () => bot.emu.requests.filter((r) => r.method === 'PUT').length;
    const before = puts();
    const commands = await loadCommands();
    const opts = { log: bot.app.context.log };
    expect(await deployCommands(bot.app.client, bot.app.db, commands, opts)).toBe('deployed');
    expect(await deployCommands(bot.app.client, bot.app.db, commands, opts)).toBe('unchanged');
    expect(puts()).toBe(before + 1);
    expect(await deployCommands(bot.app.client, bot.app.db, commands, { ...opts, force: true })).toBe('deployed');
    expect(await deployCommands(bot.app.client, bot.app.db, commands, { ...opts, guildId: bot.emu.guild.id })).toBe('deployed');
    expect([...bot.emu.commands.values()].filter((c) => c.guild_id === bot.emu.guild.id).map((c) => c.name).sort()).toEqual(commands.map((c) => c.data.name).sort());
  });
});

describe('the 3-second deadline when the store is slow', () => {
  it('acknowledges every interaction while each store query is held, then answers when the store is back', async () => {
    // Every query waits on a latch the test opens: the store is "slow" for as long as the test says.
    let open: () => void = () => undefined;
    let gate: Promise<void> | undefined;
    const slowBot = await startSandboxBot({ wrapStore: (db) => wrapQueries(db, async (run) => ((await gate), run())) });
    try {
      gate = new Promise<void>((r) => (open = r));
      const ids = [
        slowBot.emu.sendCommand({ user: 'alice', name: 'quiz', options: [{ name: 'practice', type: 1, options: [] }] }),
        slowBot.emu.sendCommand({ user: 'wei', name: 'leaderboard' }),
        slowBot.emu.sendCommand({ user: 'bob', name: 'stats' }),
      ];
      const acks = await Promise.all(ids.map((id) => slowBot.emu.waitForAck(id)));
      expect(acks.map((a) => a.ack)).toEqual(['defer', 'defer', 'defer']);
      open();
      gate = undefined;
      const answered = (id: string) => {
        const m = slowBot.emu.responseTo(id);
        return m && (m.content || m.embeds.length) ? m : undefined;
      };
      const replies = await Promise.all(ids.map((id) => slowBot.emu.waitFor(() => answered(id), 60_000, `the reply to ${id}`)));
      expect(embedOf(replies[0]).title).toMatch(/^Practice/);
      expect(embedOf(replies[1]).title).toMatch(/^排行榜/);
      expect(replies[2]!.content).toMatch(/has not answered any question/);
      expect(slowBot.app.router.stats.failures).toBe(0);
    } finally {
      open();
      await slowBot.stop();
    }
  });
});
