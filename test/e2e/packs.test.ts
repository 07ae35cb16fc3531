import { packQuestion as question } from '../support/packs.js';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePack } from '../../src/packs/parse.js';
import { scoreKeeper } from '../../src/store/score-keeper.js';
import { ALL_PERMISSIONS, type EmuMessage } from '../../src/sandbox/state.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf, clickAndSettle, embedOf, runCommand } from '../support/messages.js';

let bot: SandboxBot;
beforeAll(async () => {
  bot = await startSandboxBot({ rng: seededRng(8), dailySweep: false });
});
afterAll(async () => bot?.stop());

type Option = { name: string; type: number; value?: string | number | boolean; options?: Option[] };
const run = (user: string, name: string, options: Option[] = [], channelId?: string) => runCommand(bot.emu, { user, name, options, channelId });
const pack = (user: string, sub: string, options: Option[] = [], channelId?: string) => run(user, 'pack', [{ name: sub, type: 1, options }], channelId);
const upload = (user: string, name: string, data: Buffer | string) => pack(user, 'import', [{ name: 'file', type: 11, value: bot.emu.uploadAttachment(name, Buffer.from(data)) }]);
const fileOf = (m: EmuMessage) => {
  const [a] = m.attachments as { id: string; filename: string }[];
  return { name: a!.filename, data: Buffer.from(bot.emu.files.get(a!.id)!.data, 'base64') };
};

const file = (name: string, questions: unknown[]) => stringify({ pack: name, topic: 'kubernetes', questions });
const packCount = () => bot.app.db.pack.count();

describe('/pack on the real bot', () => {
  it('refuses members without Manage Server, for every subcommand', async () => {
    for (const [sub, options] of [['list', []], ['template', []], ['export', [{ name: 'name', type: 3, value: 'x' }]], ['remove', [{ name: 'name', type: 3, value: 'x' }]]] as [string, Option[]][]) {
      expect((await pack('bob', sub, options)).content, sub).toBe('Only members with Manage Server can manage question packs. Nothing was changed.');
    }
    expect((await upload('bob', 'week.yaml', file('week-1', [question('a')]))).content).toBe('Only members with Manage Server can manage question packs. Nothing was changed.');
    expect(await packCount()).toBe(0);
  });

  it('hands out a template in the member’s language that imports as it is', async () => {
    const reply = await pack('alice', 'template');
    const template = fileOf(reply);
    expect(template.name).toBe('pack-template.yaml');
    expect(template.data.toString()).toMatch(/^# A custom question pack/);
    expect((await upload('alice', 'pack-template.yaml', template.data)).content).toBe('Imported pack **example-pack**: 2 questions (Kubernetes: 2). They are served in this server only.');
  });

  it('imports a valid pack in one go, serves it in this server, and refuses the same name twice', async () => {
    const text = file('week-1', [question('svc-default'), question('svc-two', { prompt: { 'en-US': 'Second?', 'zh-CN': '第二题？' }, choices: [{ 'en-US': 'a', 'zh-CN': '甲' }, { 'en-US': 'b', 'zh-CN': '乙' }], explanation: { 'en-US': 'b.', 'zh-CN': '乙。' } })]);
    expect((await upload('alice', 'week-1.yaml', text)).content).toBe('Imported pack **week-1**: 2 questions (Kubernetes: 2). They are served in this server only.');
    const rows = await bot.app.db.question.findMany({ where: { packId: { not: null }, content: { contains: 'svc-' } } });
    expect(rows.map((r) => r.guildId)).toEqual([bot.emu.guild.id, bot.emu.guild.id]);
    expect((await upload('alice', 'week-1.yaml', text)).content).toMatch(/^This server already has a pack named \*\*week-1\*\*/);
    expect(await packCount()).toBe(2);

    // With the built-in Kubernetes questions off, Kubernetes practice serves only the server's packs.
    await run('alice', 'settings', [{ name: 'builtin', type: 1, options: [{ name: 'topic', type: 3, value: 'kubernetes' }, { name: 'enabled', type: 5, value: false }] }]);
    const served = new Set<string>();
    for (let n = 0; n < 8; n++) {
      const m = await run('bob', 'quiz', [{ name: 'practice', type: 1, options: [{ name: 'topic', type: 3, value: 'kubernetes' }] }]);
      served.add((await bot.app.db.practiceShowing.findUniqueOrThrow({ where: { id: buttonsOf(m)[0]!.custom_id.split(':')[1]! } })).questionId);
    }
    expect([...served].every((id) => rows.some((r) => r.id === id) || id.endsWith(':service-default-type') || id.endsWith(':liveness-probe-failure'))).toBe(true);
  });

  it('lists every problem of a broken pack (the first 20 and a count), and imports nothing', async () => {
    const broken = Array.from({ length: 25 }, (_, n) => question(`q-${n}`, { answer: 7 }));
    const reply = await upload('alice', 'broken.yaml', file('broken', broken));
    expect(reply.content).toBe('The pack was not imported: 25 problem(s) to fix. Nothing was changed.');
    const lines = embedOf(reply).description!.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/^• q-0 > answer: .*0 to 2/);
    expect(lines[20]).toBe('…and 5 more.');
    expect(await packCount()).toBe(2);
  });

  it.each([
    ['a file that is not text', 'pack.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /^• file: /],
    ['YAML that does not parse', 'bad.yaml', 'pack: [unclosed', /^• file: /],
    ['a billion-laughs alias bomb', 'bomb.yaml', 'a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]', /alias/i],
    ['@everyone in a prompt', 'ping.yaml', file('ping', [question('p', { prompt: { 'en-US': 'Hello @everyone?' } })]), /^• p > prompt\.en-US: /],
    ['a heading that breaks the layout', 'md.yaml', file('md', [question('m', { explanation: { 'en-US': '# Huge heading' } })]), /^• m > explanation\.en-US: /],
  ])('refuses %s cleanly and imports nothing', async (_what, name, data, first) => {
    const reply = await upload('alice', name, data);
    expect(reply.content).toMatch(/^The pack was not imported: \d+ problem\(s\) to fix\. Nothing was changed\.$/);
    expect(embedOf(reply).description!.split('\n')[0]).toMatch(first);
    expect(await packCount()).toBe(2);
  });

  it('refuses a file over 1 MiB and a failed download without writing anything', async () => {
    expect((await upload('alice', 'big.yaml', 'x'.repeat(1_048_577))).content).toBe('That file is larger than 1 MiB, the most a pack can be. Split it into smaller packs. Nothing was imported.');
    const missing = await pack('alice', 'import', [{ name: 'file', type: 11, value: '123456789012345678' }]);
    expect(missing.content).toBe('I could not download the file from Discord. Attach it again in a moment. Nothing was imported.');
    expect(await packCount()).toBe(2);
  });

  it('exports a pack as a file that re-imports identically', async () => {
    const exported = fileOf(await pack('alice', 'export', [{ name: 'name', type: 3, value: 'week-1' }]));
    expect(exported.name).toBe('week-1.yaml');
    const original = parsePack(Buffer.from(file('week-1', [question('svc-default'), question('svc-two', { prompt: { 'en-US': 'Second?', 'zh-CN': '第二题？' }, choices: [{ 'en-US': 'a', 'zh-CN': '甲' }, { 'en-US': 'b', 'zh-CN': '乙' }], explanation: { 'en-US': 'b.', 'zh-CN': '乙。' } })])));
    expect(parsePack(exported.data)).toEqual(original);
    expect(embedOf(await pack('alice', 'list')).description).toMatch(/^\*\*example-pack\*\* · Kubernetes · 2 questions · imported <t:\d+:d>\n\*\*week-1\*\* · Kubernetes · 2 questions/);
  });

  it('removes a pack only after the confirmation of a manager of its own server; answers stay', async () => {
    // Bob answers one of the pack's questions first (only pack questions serve Kubernetes here).
    const card = await run('bob', 'quiz', [{ name: 'practice', type: 1, options: [{ name: 'topic', type: 3, value: 'kubernetes' }] }]);
    await clickAndSettle(bot.emu, { user: 'bob', messageId: card.id, customId: buttonsOf(card)[0]!.custom_id });
    const answered = await bot.app.db.answer.findFirstOrThrow({ where: { userId: bot.emu.member('bob').id, source: 'practice' }, orderBy: { id: 'desc' } });
    const packId = (await bot.app.db.question.findUniqueOrThrow({ where: { id: answered.questionId } })).packId!;
    const { name } = await bot.app.db.pack.findUniqueOrThrow({ where: { id: packId } });
    const confirm = await pack('alice', 'remove', [{ name: 'name', type: 3, value: name }]);
    const button = buttonsOf(confirm)[0]!.custom_id;
    // The button copied by a member without Manage Server, and by a manager of another server.
    expect((await clickAndSettle(bot.emu, { user: 'bob', messageId: confirm.id, customId: button })).followUp?.content).toBe('Only members with Manage Server can manage question packs. Nothing was changed.');
    const [other] = bot.emu.addGuilds(1, 1);
    other!.members[0]!.permissions = ALL_PERMISSIONS;
    const foreign = bot.emu.createMessage(other!.channels[0]!.id, { content: 'copied', components: confirm.components });
    expect((await clickAndSettle(bot.emu, { user: other!.members[0]!.id, messageId: foreign.id, customId: button })).followUp?.content).toBe('This button no longer works. Run the command again.');
    expect(await packCount()).toBe(2);

    await clickAndSettle(bot.emu, { user: 'alice', messageId: confirm.id, customId: button });
    expect(bot.emu.messages.get(confirm.id)!.content).toBe(`Pack **${name}** removed. Its questions are no longer served; answers and points stay.`);
    expect(await packCount()).toBe(1);
    const retired = await bot.app.db.question.findMany({ where: { packId } });
    expect(retired.length).toBeGreaterThan(0);
    expect(retired.every((q) => q.retiredAt !== null)).toBe(true);
    expect(await bot.app.db.answer.findUnique({ where: { id: answered.id } })).not.toBeNull();
    await scoreKeeper(bot.app.db).catchUp();
    expect(await bot.app.db.score.findUnique({ where: { guildId_period_topic_userId: { guildId: bot.emu.guild.id, period: 'all', topic: 'kubernetes', userId: answered.userId } } })).toMatchObject({ answers: 1 });
    expect((await clickAndSettle(bot.emu, { user: 'alice', messageId: confirm.id, customId: button })).followUp?.content).toBe('That pack was already removed.');
  });
});
