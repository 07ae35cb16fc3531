import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import { TEST_TOKEN } from '../support/bot.js';
import { freshDatabaseUrl } from '../support/db.js';
import { TMP_DIR } from '../support/paths.js';
import { spawnBot } from '../support/process.js';

describe('npm start', () => {
  it('with no token starts the sandbox, says where to open it, and plays /quiz practice from the page', async () => {
    const bot = spawnBot({ DATABASE_URL: (await freshDatabaseUrl()), SANDBOX_PORT: '0' });
    try {
      const [, url] = await bot.waitForOutput(/open (http:\/\/127\.0\.0\.1:\d+) in a browser/);
      expect(bot.output()).toContain('set DISCORD_TOKEN');
      const page = await fetch(url!);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('<title>Quiz bot sandbox</title>');

      const state = (await (await fetch(`${url}/sandbox/state`)).json()) as { members: { id: string; username: string }[]; channels: { id: string }[] };
      const wei = state.members.find((m) => m.username === 'wei')!;
      const bad = await fetch(`${url}/sandbox/command`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: wei.id, text: '/quiz practice topic:rust' }) });
      expect(bad.status).toBe(400);
      const res = await fetch(`${url}/sandbox/command`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: wei.id, channelId: state.channels[0]!.id, text: '/quiz practice topic:go' }) });
      expect(res.status).toBe(200);
      let messages: { ephemeralTo?: string; embeds: { title?: string }[] }[] = [];
      for (let i = 0; i < 50 && messages.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        messages = ((await (await fetch(`${url}/sandbox/state`)).json()) as { messages: typeof messages }).messages;
      }
      expect(messages[0]?.ephemeralTo).toBe(wei.id);
      expect(messages[0]?.embeds[0]?.title).toContain('练习 · Go');
    } finally {
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    }
  });

  it('with a token connects to the configured API (here an emulator in another process) and registers its commands', async () => {
    const emu = await new DiscordEmulator().start();
    const bot = spawnBot({ DATABASE_URL: (await freshDatabaseUrl()), DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: emu.apiUrl, DEV_GUILD_ID: emu.guild.id });
    try {
      await bot.waitForOutput(/"msg":"bot ready"/);
      expect([...emu.commands.values()].map((c) => [c.name, c.guild_id])).toEqual(expect.arrayContaining([['quiz', emu.guild.id]]));
      const id = emu.sendCommand({ user: 'bob', name: 'ping' });
      expect((await emu.waitForReply(id))?.content).toMatch(/^Pong!/);
      expect(bot.output()).not.toContain(TEST_TOKEN);
      expect(bot.output()).not.toContain('Sandbox ready');
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
      await emu.stop();
    }
  });

  it('stops with one line naming a malformed variable, and never prints the token', async () => {
    const bot = spawnBot({ SANDBOX_PORT: 'eighty', DISCORD_TOKEN: TEST_TOKEN });
    expect(await bot.exited).toBe(1);
    expect(bot.output().trim()).toMatch(/^Invalid configuration: SANDBOX_PORT [^\n]+$/);
    expect(bot.output()).not.toContain(TEST_TOKEN);
  });

  it('stops, saying why, when the database file cannot be opened', async () => {
    const notADirectory = `${TMP_DIR}plain-file-${process.pid}`;
    writeFileSync(notADirectory, 'not a directory');
    const bot = spawnBot({ DATABASE_URL: `file:${notADirectory}/quiz.db`, SANDBOX_PORT: '0' });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/"msg":"start-up failed"/);
  });
});
