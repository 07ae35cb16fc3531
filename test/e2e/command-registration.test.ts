import { describe, expect, it } from 'vitest';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import { startSandboxBot } from '../support/bot.js';
import { runCommand } from '../support/messages.js';

describe('start-up while Discord’s command endpoint is failing', () => {
  it('serves with the definitions Discord already has, says so, and registers the commands when the endpoint is back', async () => {
    const emu = await new DiscordEmulator().start();
    emu.faults.commandsDown = true;
    const bot = await startSandboxBot({ emulator: emu, deployRetryMs: [20, 40] });
    try {
      expect(emu.commands.size).toBe(0);
      const warned = bot.logs.lines.filter((l) => l.msg === 'slash commands not registered: serving with the definitions Discord already has, retrying');
      expect(warned.length).toBeGreaterThanOrEqual(1);
      expect(warned[0]).toMatchObject({ level: 40, attempt: 1, retryInMs: 20 });

      // Interactions are answered all the while.
      expect((await runCommand(emu, { user: 'bob', name: 'ping' })).content).toMatch(/^Pong!/);

      emu.faults.commandsDown = false;
      await bot.app.commandsDeployed;
      expect([...emu.commands.values()].map((c) => c.name)).toEqual(expect.arrayContaining(['quiz', 'daily', 'leaderboard']));
      expect(bot.logs.lines.some((l) => l.msg === 'slash commands deployed')).toBe(true);
    } finally {
      await bot.stop();
    }
  });
});
