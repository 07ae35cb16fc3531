import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankFromFiles } from '../support/bank.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { eventually } from '../support/eventually.js';
import { embedOf, runCommand } from '../support/messages.js';

const topicOf = new Map(bankFromFiles().map((q) => [q.id, q.topic]));
let bot: SandboxBot;
beforeAll(async () => {
  bot = await startSandboxBot({ rng: seededRng(3), dailySweep: false, roundTiming: { msPerSecond: 20, introMs: 10, pauseMs: 10, refreshMs: 100 } });
});
afterAll(async () => bot?.stop());

type Option = { name: string; type: number; value?: string | number | boolean; options?: Option[] };
const run = (user: string, name: string, options: Option[] = [], locale?: string) => runCommand(bot.emu, { user, name, options, locale });
const settings = (user: string, sub: string, options: Option[] = [], locale?: string) => run(user, 'settings', [{ name: sub, type: 1, options }], locale);
const practice = (user: string, options: Option[] = [], locale?: string) => run(user, 'quiz', [{ name: 'practice', type: 1, options }], locale);
const shownQuestion = async (messageId: string) => {
  const showing = await bot.app.db.practiceShowing.findFirstOrThrow({ where: { id: (bot.emu.messages.get(messageId)!.components as { components: { custom_id: string }[] }[])[0]!.components[0]!.custom_id.split(':')[1]! } });
  return showing.questionId;
};

describe('/settings on the real bot', () => {
  it('refuses every change from a member without Manage Server, and changes nothing', async () => {
    const attempts: [string, Option[]][] = [
      ['show', []],
      ['language', [{ name: 'value', type: 3, value: 'zh-CN' }]],
      ['topic', [{ name: 'topic', type: 3, value: 'go' }, { name: 'enabled', type: 5, value: false }]],
      ['builtin', [{ name: 'topic', type: 3, value: 'go' }, { name: 'enabled', type: 5, value: false }]],
      ['rounds', [{ name: 'questions', type: 4, value: 5 }]],
      ['round-role', [{ name: 'role', type: 8, value: '123456789012345678' }]],
      ['leaderboard', [{ name: 'visibility', type: 3, value: 'private' }]],
    ];
    for (const [sub, options] of attempts) {
      const reply = await settings('bob', sub, options);
      expect(reply.content, sub).toBe("Only members with Manage Server can change this server's settings. Nothing was changed.");
    }
    expect(await bot.app.db.serverSetting.count()).toBe(0);
  });

  it('pins the server language, acknowledging in it what changed; then every member is answered in it', async () => {
    const reply = await settings('alice', 'language', [{ name: 'value', type: 3, value: 'zh-CN' }]);
    expect(reply.content).toBe("**语言** 已修改：跟随每位成员的语言 → 中文");
    expect(embedOf(await practice('bob')).title).toMatch(/^练习 · /);
    await settings('alice', 'language', [{ name: 'value', type: 3, value: 'member' }]);
    expect(embedOf(await practice('bob')).title).toMatch(/^Practice · /);
  });

  it('says so when a value is already set, and refuses a forged out-of-range value', async () => {
    expect((await settings('alice', 'leaderboard', [{ name: 'visibility', type: 3, value: 'public' }])).content).toBe('**Leaderboard replies** was already: Public, in the channel. Nothing changed.');
    expect((await settings('alice', 'rounds', [{ name: 'questions', type: 4, value: 99 }])).content).toBe('That value is not allowed for this setting. Nothing was changed.');
    expect((await settings('alice', 'rounds', [])).content).toBe('Give questions (3-20), seconds (10-60), or both. Nothing was changed.');
    expect(await bot.app.db.serverSetting.findUnique({ where: { guildId_key: { guildId: bot.emu.guild.id, key: 'roundDefaults' } } })).toBeNull();
  });

  it('switches a topic off for practice (refused by name, never picked for "any") and keeps one topic on', async () => {
    await settings('alice', 'topic', [{ name: 'topic', type: 3, value: 'istio' }, { name: 'enabled', type: 5, value: false }]);
    expect((await practice('bob', [{ name: 'topic', type: 3, value: 'istio' }])).content).toBe('This server has switched that topic off. Pick another topic, or "any".');
    for (let n = 0; n < 15; n++) expect(topicOf.get(await shownQuestion((await practice('wei')).id))).not.toBe('istio');
    for (const topic of ['go', 'containers', 'kubernetes']) await settings('alice', 'topic', [{ name: 'topic', type: 3, value: topic }, { name: 'enabled', type: 5, value: false }]);
    expect((await settings('alice', 'topic', [{ name: 'topic', type: 3, value: 'cloud-native' }, { name: 'enabled', type: 5, value: false }])).content).toBe('At least one topic must stay on. Nothing was changed.');
    const show = embedOf(await settings('alice', 'show'));
    expect(show.fields?.find((f) => f.name === 'Topics served')?.value).toBe('Cloud native');
    for (const topic of ['go', 'containers', 'kubernetes', 'istio']) await settings('alice', 'topic', [{ name: 'topic', type: 3, value: topic }, { name: 'enabled', type: 5, value: true }]);
    expect(embedOf(await settings('alice', 'show')).fields?.find((f) => f.name === 'Topics served')?.value).toBe('Go, Containers, Kubernetes, Istio, Cloud native');
  });

  it('sets round defaults, and a round role that gates who starts and stops rounds', async () => {
    await settings('alice', 'rounds', [{ name: 'questions', type: 4, value: 5 }, { name: 'seconds', type: 4, value: 30 }]);
    const role = '222222222222222222';
    expect((await settings('alice', 'round-role', [{ name: 'role', type: 8, value: role }])).content).toBe(`**Who starts rounds** changed: Everyone (starter or Manage Server stops) → <@&${role}>`);
    const channelId = bot.emu.guild.channels[2]!.id;
    const inChannel = (user: string, sub: string) => runCommand(bot.emu, { user, channelId, name: 'quiz', options: [{ name: sub, type: 1, options: [] }] });
    expect((await inChannel('bob', 'start')).content).toBe('In this server only members with the round role (or Manage Server) can start and stop rounds.');
    expect(await bot.app.db.round.count()).toBe(0);
    bot.emu.member('bob').roles = [role];
    await inChannel('bob', 'start');
    const round = await bot.app.db.round.findFirstOrThrow();
    expect({ questions: round.questionCount, seconds: round.secondsPerQuestion, starter: round.starterId }).toEqual({ questions: 5, seconds: 30, starter: bot.emu.member('bob').id });
    // Without the role a member who did not start it cannot stop it; with the role they can.
    expect((await inChannel('wei', 'stop')).content).toBe('只有发起本轮竞答的成员或拥有“管理服务器”权限的成员才能结束它。');
    bot.emu.member('wei').roles = [role];
    await inChannel('wei', 'stop');
    expect((await eventually(() => bot.app.db.round.findFirst({ where: { status: { not: 'running' } } }).then((r) => r ?? undefined), 60_000, 'the round stopped')).id).toBe(round.id);
  });

  it('makes /leaderboard private when asked', async () => {
    await settings('alice', 'leaderboard', [{ name: 'visibility', type: 3, value: 'private' }]);
    expect((await run('bob', 'leaderboard')).ephemeralTo).toBe(bot.emu.member('bob').id);
  });
});
