import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../commands/index.js';
import { loadCommands } from '../../commands/index.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { UserError } from '../../src/i18n/user-error.js';
import { startSandboxBot, TEST_TOKEN, type SandboxBot } from '../support/bot.js';

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
    await bot.emu.waitForAck(id);
    const reply = bot.emu.responseTo(id)!;
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
    await bot.emu.waitForAck(id);
    expect(bot.emu.responseTo(id)?.content).toBe('This command works in a server channel only.');
    expect(bot.app.router.stats.failures).toBe(failures);
  });

  it('tells a member when a command no longer exists', async () => {
    const id = bot.emu.sendCommand({ user: 'bob', name: 'removed-long-ago' });
    await bot.emu.waitForAck(id);
    expect(bot.emu.responseTo(id)?.content).toBe('This command is not available any more.');
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
