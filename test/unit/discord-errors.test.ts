import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ChannelUnavailableError, classifyPostError, MessageGoneError, ThreadRefusedError } from '../../src/discord/poster.js';
import { ChannelRefusals, PERMISSION_BITS } from '../../src/sandbox/discord-errors.js';

const CH = '100000000000000001';
const send = ['channels', CH, 'messages'];
const edit = ['channels', CH, 'messages', '100000000000000002'];
const thread = ['channels', CH, 'messages', '100000000000000002', 'threads'];
const codeOf = (r: ReturnType<ChannelRefusals['check']>) => r && { status: r.status, code: (r.json as { code: number }).code };
const withButtons = () => ({ content: '', embeds: [{ title: 'Q' }], components: [{ type: 1, components: [] }] });

describe('the emulator answers permission and thread errors as Discord does', () => {
  it('View Channel denied: every request on the channel, reads included, is 403 50001', () => {
    const r = new ChannelRefusals().deny(CH, 'ViewChannel');
    for (const [method, path] of [['GET', send], ['POST', send], ['PATCH', edit], ['POST', thread]] as const) expect(codeOf(r.check(method, [...path], {}))).toEqual({ status: 403, code: 50001 });
  });

  it('Send Messages denied refuses a new message with 50013 but not an edit of an old one', () => {
    const r = new ChannelRefusals().deny(CH, 'SendMessages');
    expect(codeOf(r.check('POST', send, { content: 'hi' }))).toEqual({ status: 403, code: 50013 });
    expect(r.check('PATCH', edit, { content: 'hi' })).toBeUndefined();
    expect(r.refused.get(50013)).toBe(1);
  });

  it('Attach Files denied refuses only what carries files', () => {
    const r = new ChannelRefusals().deny(CH, 'AttachFiles');
    expect(codeOf(r.check('POST', send, { content: 'chart', __files: [{}] }))).toEqual({ status: 403, code: 50013 });
    expect(r.check('POST', send, { content: 'no chart' })).toBeUndefined();
  });

  it('Embed Links denied drops the embeds of a message with anything else, and refuses one that would be left empty', () => {
    const r = new ChannelRefusals().deny(CH, 'EmbedLinks');
    const body = withButtons();
    expect(r.check('POST', send, body)).toBeUndefined();
    expect(body.embeds).toEqual([]);
    expect(r.droppedEmbeds).toBe(1);
    expect(codeOf(r.check('POST', send, { embeds: [{ title: 'standings' }] }))).toEqual({ status: 403, code: 50013 });
  });

  it('thread switches: Create Public Threads denied is 50013; 160004 and 50024 are 400s; allow() undoes a denial', () => {
    const r = new ChannelRefusals().deny(CH, 'CreatePublicThreads');
    expect(codeOf(r.check('POST', thread, {}))).toEqual({ status: 403, code: 50013 });
    r.allow(CH).threadFault(CH, 160004);
    expect(codeOf(r.check('POST', thread, {}))).toEqual({ status: 400, code: 160004 });
    r.threadFault(CH, 50024);
    expect(codeOf(r.check('POST', thread, {}))).toEqual({ status: 400, code: 50024 });
    expect(r.check('POST', send, { content: 'hi' })).toBeUndefined();
    r.threadFault(CH, undefined);
    expect(r.check('POST', thread, {})).toBeUndefined();
  });

  it('the interaction app_permissions lose the denied bits', () => {
    const r = new ChannelRefusals().deny(CH, 'EmbedLinks').deny(CH, 'AttachFiles');
    expect(r.deniedBits(CH)).toBe(PERMISSION_BITS.EmbedLinks | PERMISSION_BITS.AttachFiles);
    expect(r.deniedBits('100000000000000009')).toBe(0n);
  });
});

const apiError = (status: number, code: number) => new DiscordAPIError({ code, message: 'x' }, code, status, 'POST', 'https://discord.test/api/v10/x', { body: undefined, files: undefined });

describe('the poster classifies Discord’s answers once', () => {
  const cannotTell = () => undefined;
  it('names the permission: 50001 View Channel; 50013 what the request needed, narrowed by cached permissions when they tell', () => {
    expect(classifyPostError(apiError(403, 50001), CH, ['SendMessages'], cannotTell)).toMatchObject({ missing: ['ViewChannel'] });
    expect(classifyPostError(apiError(403, 50013), CH, ['SendMessages', 'AttachFiles'], cannotTell)).toMatchObject({ missing: ['SendMessages', 'AttachFiles'] });
    const allButFiles = ~(1n << 15n) & ((1n << 40n) - 1n);
    expect(classifyPostError(apiError(403, 50013), CH, ['SendMessages', 'AttachFiles'], () => allButFiles)).toMatchObject({ missing: ['AttachFiles'] });
  });

  it('10003 is a channel gone (nothing to grant), 10008 a message gone, 160004/50024 a refused thread; anything else passes through', () => {
    const gone = classifyPostError(apiError(404, 10003), CH, ['SendMessages'], cannotTell);
    expect(gone).toBeInstanceOf(ChannelUnavailableError);
    expect((gone as ChannelUnavailableError).missing).toEqual([]);
    expect(classifyPostError(apiError(404, 10008), CH, ['SendMessages'], cannotTell, '5')).toBeInstanceOf(MessageGoneError);
    for (const code of [160004, 50024]) expect(classifyPostError(apiError(400, code), CH, ['CreatePublicThreads'], cannotTell, '5')).toBeInstanceOf(ThreadRefusedError);
    const other = apiError(500, 0);
    expect(classifyPostError(other, CH, ['SendMessages'], cannotTell)).toBe(other);
  });
});
