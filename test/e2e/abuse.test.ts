import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { storeTarget } from '../../src/store/database-url.js';
import { seededRng, startSandboxBot, TEST_TOKEN, type SandboxBot } from '../support/bot.js';
import { replyTo as replyToInteraction } from '../support/messages.js';

let bot: SandboxBot;
beforeAll(async () => {
  bot = await startSandboxBot({ rng: seededRng(4), dailySweep: false });
});
afterAll(async () => bot?.stop());

const replyTo = (id: string) => replyToInteraction(bot.emu, id);

describe('hostile members and secrets', () => {
  it('slows a member sending 100 interactions at once with a polite wait, answers all of them, and does not slow anyone else', async () => {
    const started = performance.now();
    const flood = Array.from({ length: 100 }, () => bot.emu.sendCommand({ user: 'bob', name: 'ping' }));
    const other = Array.from({ length: 5 }, () => bot.emu.sendCommand({ user: 'wei', name: 'ping' }));
    const floodReplies = await Promise.all(flood.map(replyTo));
    const otherReplies = await Promise.all(other.map(replyTo));
    const pongs = floodReplies.filter((m) => m.content.startsWith('Pong'));
    const waits = floodReplies.filter((m) => /^You are going faster than I can follow\. Wait \d+ s, then try again\.$/.test(m.content));
    expect(pongs.length + waits.length).toBe(100);
    // The bucket: a burst of 20, then 5 a second for as long as the flood took to serve.
    const seconds = (performance.now() - started) / 1000;
    expect(pongs.length).toBeGreaterThanOrEqual(20);
    expect(pongs.length).toBeLessThanOrEqual(20 + Math.ceil(5 * seconds));
    expect(waits.every((m) => m.ephemeralTo === bot.emu.member('bob').id)).toBe(true);
    expect(otherReplies.every((m) => m.content.startsWith('Pong'))).toBe(true);
  });

  it('refuses option values beyond their limits with a clear answer, and never pings', async () => {
    const id = bot.emu.sendCommand({ user: 'lina', name: 'daily', options: [{ name: 'setup', type: 1, options: [{ name: 'channel', type: 7, value: bot.channelId }, { name: 'time', type: 3, value: '@everyone' }, { name: 'timezone', type: 3, value: 'UTC' }] }] });
    expect((await replyTo(id)).content).toBe('只有拥有“管理服务器”权限的成员才能修改每日挑战。');
    const forged = bot.emu.sendCommand({ user: 'alice', name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 1000 }] }] });
    expect((await replyTo(forged)).content).toBe('A round has 3-20 questions of 10-60 seconds each.');
    const mention = bot.emu.sendCommand({ user: 'alice', name: 'pack', options: [{ name: 'export', type: 1, options: [{ name: 'name', type: 3, value: '@everyone **bold**' }] }] });
    expect((await replyTo(mention)).content).toBe('A pack name is lower-case words joined by "-", for example week-12-networking. /pack list shows the packs.');
    expect([...bot.emu.messages.values()].some((m) => m.content.includes('@everyone'))).toBe(false);
  });

  it('never shows the token or a database password in logs, replies or the sandbox page', async () => {
    const secretUrl = 'mysql://quiz:Sup3rSecretPassw0rd@db.internal:3306/quiz';
    expect(() => loadConfig({ DATABASE_URL: secretUrl, DISCORD_TOKEN: TEST_TOKEN }, '/nonexistent')).toThrow(/^Invalid configuration: DATABASE_URL /);
    try {
      loadConfig({ DATABASE_URL: secretUrl, DISCORD_TOKEN: TEST_TOKEN }, '/nonexistent');
    } catch (err) {
      expect(String(err)).not.toContain('Sup3rSecretPassw0rd');
    }
    // a valid PostgreSQL URL is logged as host, port and database only
    const target = storeTarget('postgresql://quiz:Sup3rSecretPassw0rd@db.internal:5432/quiz?sslmode=require');
    expect(target.provider === 'postgresql' && target.label).toBe('postgresql://db.internal:5432/quiz');
    const page = await (await fetch(`http://127.0.0.1:${bot.emu.port}/sandbox/state`)).text();
    const everything = [bot.logs.raw.join(''), page, ...[...bot.emu.messages.values()].map((m) => JSON.stringify(m))].join('\n');
    expect(everything).not.toContain(TEST_TOKEN);
    expect(everything).not.toContain(TEST_TOKEN.split('.')[2]);
    for (const i of bot.emu.interactions.values()) expect(bot.logs.raw.join('')).not.toContain(i.token);
  });
});
