import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordSpec } from '../../src/sandbox/discord-spec.js';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import { newViolations, violationReport } from '../support/spec-guard.js';

const spec = new DiscordSpec();

describe("Discord's OpenAPI spec", () => {
  it('matches request paths to its templates, literal segments first', () => {
    expect(spec.templateOf(['webhooks', '1', 'tok', 'messages', '@original'])).toBe('/webhooks/{webhook_id}/{webhook_token}/messages/@original');
    expect(spec.templateOf(['channels', '1', 'messages', '2'])).toBe('/channels/{channel_id}/messages/{message_id}');
    expect(spec.templateOf(['interactions', '1', 'tok', 'callback'])).toBe('/interactions/{interaction_id}/{interaction_token}/callback');
    expect(spec.templateOf(['no', 'such', 'route'])).toBeUndefined();
  });

  it('names the field a body breaks, in the branch its type picks', () => {
    const callback = '/interactions/{interaction_id}/{interaction_token}/callback';
    // a colour past 0xFFFFFF and a button style that does not exist: only the spec knows these
    const errors = spec.validate('POST', callback, { type: 4, data: { embeds: [{ color: 0x1000000 }], components: [{ type: 1, components: [{ type: 2, style: 9, custom_id: 'x', label: 'x' }] }] } });
    expect(errors.map((e) => e.path.join('.')).sort()).toEqual(['data.components.0.components.0.style', 'data.embeds.0.color']);
    expect(spec.validate('POST', callback, { type: 4, data: { content: 'ok', components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'x', label: 'x' }] }] } })).toEqual([]);
    expect(spec.validate('POST', callback, { type: 42 }).map((e) => e.path)).toEqual([['type']]);
  });

  it('reads permission bits given as a string of digits, as Discord does', () => {
    const commands = '/applications/{application_id}/commands';
    expect(spec.validate('PUT', commands, [{ name: 'settings', description: 'd', default_member_permissions: '32' }])).toEqual([]);
    expect(spec.validate('PUT', commands, [{ name: 'settings', description: 'd', default_member_permissions: 'all' }])).toHaveLength(1);
  });
});

describe('the emulator refuses what Discord refuses', () => {
  let emu: DiscordEmulator;
  beforeAll(async () => {
    emu = await new DiscordEmulator().start();
  });
  afterAll(() => emu.stop());

  const post = (path: string, init: RequestInit) => fetch(`${emu.apiUrl}/v10${path}`, { method: 'POST', ...init });

  it('answers 400 50035 with the field nested as Discord nests it, records it, and sends nothing', async () => {
    const channel = emu.guild.channels[0]!.id;
    const before = emu.messages.size;
    const res = await post(`/channels/${channel}/messages`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ content: 'x'.repeat(2001), embeds: [{ title: 't'.repeat(257) }] }) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: number; message: string; errors: Record<string, unknown> };
    expect(body).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
    expect(body.errors).toMatchObject({ content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] }, embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }] } } } });
    expect(emu.messages.size).toBe(before);
    const found = newViolations();
    expect(found.map((v) => [v.route, v.field, v.value.split(':')[0]]).sort()).toEqual([
      ['POST /channels/{channel_id}/messages', 'content', 'length 2001'],
      ['POST /channels/{channel_id}/messages', 'embeds.0.title', 'length 257'],
    ]);
    expect(violationReport(found)).toContain('embeds.0.title');
  });

  it('checks the payload_json of a multipart upload, and refuses a file over the upload limit with 413', async () => {
    const channel = emu.guild.channels[0]!.id;
    const form = (payload: unknown, size: number) => {
      const data = new FormData();
      data.append('payload_json', JSON.stringify(payload));
      data.append('files[0]', new Blob([Buffer.alloc(size)]), 'export.yaml');
      return data;
    };
    expect((await post(`/channels/${channel}/messages`, { body: form({ content: 'x'.repeat(2001) }, 10) })).status).toBe(400);
    expect(newViolations().map((v) => v.field)).toEqual(['content']);

    emu.uploadLimitBytes = 10;
    expect((await post(`/channels/${channel}/messages`, { body: form({ content: 'fits' }, 10) })).status).toBe(200);
    const res = await post(`/channels/${channel}/messages`, { body: form({ content: 'too big' }, 11) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ code: 40005, message: 'Request entity too large' });
    expect(newViolations().map((v) => [v.field, v.value])).toEqual([['files[0]', '11 bytes']]);
  });

  it('lets a body that fits through untouched', async () => {
    const channel = emu.guild.channels[0]!.id;
    const res = await post(`/channels/${channel}/messages`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ content: '题'.repeat(2000) }) });
    expect(res.status).toBe(200);
    expect(newViolations()).toEqual([]);
  });
});
