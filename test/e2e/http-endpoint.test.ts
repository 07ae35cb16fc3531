import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SKEW_SECONDS } from '../../src/discord/http-interactions.js';
import { startSandboxBot, type SandboxBot } from '../support/bot.js';

/**
 * The interactions endpoint itself (INTERACTIONS_MODE=http), hit the way an attacker or a broken
 * proxy would: every refusal is checked to have done nothing (no answer recorded, no message).
 */
let bot: SandboxBot;
let url: string;
beforeAll(async () => {
  bot = await startSandboxBot({ mode: 'http', dailySweep: false });
  url = `http://127.0.0.1:${bot.app.endpoint!.port}/interactions`;
});
afterAll(async () => bot?.stop());

/** A real /ping interaction payload, as the emulator would send it. */
function pingPayload(id = `9${Date.now()}`) {
  const alice = bot.emu.member('alice');
  return { id, application_id: bot.emu.state.applicationId, type: 2, token: `tok-${id}`, version: 1, guild_id: bot.emu.guild.id, channel_id: bot.channelId, member: { user: { id: alice.id, username: 'alice', discriminator: '0' }, roles: [], permissions: '0' }, locale: 'en-US', entitlements: [], authorizing_integration_owners: {}, data: { id: '1', name: 'ping', type: 1 } };
}

const post = (body: string, headers: Record<string, string>) => fetch(url, { method: 'POST', headers, body });

describe('the HTTP interactions endpoint', () => {
  it('answers a signed PING with PONG, and a signed command with the bot’s answer in the response body', async () => {
    const ping = JSON.stringify({ id: '1', type: 1, application_id: bot.emu.state.applicationId, token: 't', version: 1 });
    const pong = await post(ping, bot.emu.http!.sign(ping));
    expect(pong.status).toBe(200);
    expect(await pong.json()).toEqual({ type: 1 });

    const body = JSON.stringify(pingPayload());
    const res = await post(body, bot.emu.http!.sign(body));
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { type: number; data: { content: string } };
    expect(answer.type).toBe(4);
    expect(answer.data.content).toMatch(/^Pong! Answering over HTTP interactions/);
  });

  it.each([
    ['no signature headers', () => ({ 'Content-Type': 'application/json' })],
    ['a signature by another key', (body: string) => ({ ...bot.emu.http!.sign(body), 'X-Signature-Ed25519': 'ab'.repeat(64) })],
    ['a signature that is not hex', (body: string) => ({ ...bot.emu.http!.sign(body), 'X-Signature-Ed25519': 'not-a-signature' })],
    ['a stale timestamp (a replay)', (body: string) => bot.emu.http!.sign(body, Math.floor(Date.now() / 1000) - MAX_SKEW_SECONDS - 5)],
    ['a body changed after signing', (body: string) => bot.emu.http!.sign(body.replace('ping', 'pong'))],
  ])('refuses %s with 401 and does nothing', async (_what, headersFor) => {
    const before = bot.emu.messages.size;
    const body = JSON.stringify(pingPayload());
    const res = await post(body, headersFor(body) as Record<string, string>);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('invalid request signature');
    await new Promise((r) => setTimeout(r, 100));
    expect(bot.emu.messages.size).toBe(before);
    expect(bot.logs.lines.some((l) => l.msg === 'interaction request refused')).toBe(true);
  });

  it('refuses a body over 1 MiB with 413 before reading it all, and does nothing', async () => {
    const before = bot.emu.messages.size;
    const huge = JSON.stringify({ ...pingPayload(), padding: 'x'.repeat(1024 * 1024) });
    const res = await post(huge, bot.emu.http!.sign(huge));
    expect(res.status).toBe(413);
    expect(bot.emu.messages.size).toBe(before);
  });

  it('says whether it is ready on /healthz, for a readiness probe', async () => {
    const res = await fetch(`http://127.0.0.1:${bot.app.endpoint!.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });
});

describe('a gateway process with PORT set', () => {
  it('serves /healthz only: 200 while connected, and no interactions endpoint', async () => {
    const gateway = await startSandboxBot({ mode: 'gateway', health: true, dailySweep: false });
    try {
      const base = `http://127.0.0.1:${gateway.app.endpoint!.port}`;
      const health = await fetch(`${base}/healthz`);
      expect([health.status, await health.text()]).toEqual([200, 'ok']);
      const body = JSON.stringify(pingPayload());
      expect((await fetch(`${base}/interactions`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } })).status).toBe(404);
    } finally {
      await gateway.stop();
    }
  });
});
