import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TAG_NAMES, TAGS, TOPICS } from '../../src/bank/tags.js';
import type { Question } from '../../src/domain/question.js';
import { t } from '../../src/i18n/index.js';
import type { EmuMessage, EmuUser } from '../../src/sandbox/state.js';
import { recordAnswer } from '../../src/store/answers.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { embedOf } from '../support/messages.js';

/**
 * The boards at their widest: ten members whose display names are 32 characters (Discord's most)
 * and full of markdown and mention-like text, /stats of a member who answered in every topic and
 * every tag, /group-stats of a server that played every topic.
 */
let now = new Date('2026-12-02T12:00:00Z');
let bot: SandboxBot;
let seen = 0;
let players: EmuUser[];
let everything: EmuUser;

/** Ten 32-character names that would bold, strike, quote, spoil, link or ping if they were not escaped and muted. */
const NASTY = [
  '**bold**__under__~~strike~~||sp||',
  '@everyone @here look at me now!!',
  '<@123456789012345678> <@&1234567>',
  '`code` ```fence``` > quote # head',
  '[link](https://example.com/x) ok',
  '<#123456789012345678> channel 42',
  '\\*escaped\\* _italic_ *also* \\\\ ',
  '-# subtext line with **markdown**',
  '王伟的超长名字王伟的超长名字王伟的超长名字王伟的超长名字王伟',
  '1. list 2) list - dash + plus ok',
].map((n) => [...n].slice(0, 32).join('').padEnd(32, '.'));

beforeAll(async () => {
  bot = await startSandboxBot({ clock: () => new Date(now), rng: seededRng(21), dailySweep: false });
  players = bot.emu.addMembers(10);
  players.forEach((p, k) => (p.global_name = NASTY[k]!));
  everything = bot.emu.addMembers(1)[0]!;
  everything.global_name = NASTY[0]!;
  const guildId = bot.emu.guild.id;
  const questions = bot.app.context.catalog.filter('any', 'any');
  let n = 0;
  const give = (user: EmuUser, q: Question, correct: boolean, points: number) =>
    recordAnswer(bot.app.db, { source: 'round', sourceId: `seed-${n++}`, userId: user.id, guildId, questionId: q.id, choiceIndex: correct ? q.answer : (q.answer + 1) % q.choices.length, correct, points, responseMs: 900, answeredAt: new Date(now.getTime() - 3600_000), displayName: user.global_name });
  for (const [k, p] of players.entries()) await give(p, questions[k]!, true, 1000 - 10 * k);
  // one member answered in every topic and every tag, once right and once wrong each
  for (const tag of TAG_NAMES) {
    const q = questions.find((x) => x.tags.includes(tag));
    if (!q) continue;
    await give(everything, q, true, 0);
    await give(everything, q, false, 0);
  }
  for (const topic of TOPICS) for (const q of questions.filter((x) => x.topic === topic).slice(0, 3)) await give(everything, q, false, 0);
});
afterAll(async () => bot?.stop());
afterEach(() => {
  expect(bot.emu.violations.slice(seen)).toEqual([]);
  seen = bot.emu.violations.length;
});

const command = async (user: string, name: string, options: { name: string; type: number; value: string | number }[] = [], locale?: string) => {
  const id = bot.emu.sendCommand({ user, name, options, locale });
  return (await bot.emu.waitForReply(id))!;
};
/** What Discord shows once markdown escapes are read: a backslash before punctuation disappears. */
const shown = (s: string) => s.replace(/\\([\\*_~`|>#\-[\]()<@:.!+])/g, '$1');
const WORD = /[\p{Script=Latin}\p{N}_'’-]/u;
/** `full` cut at `at` keeps whole words: the characters either side are not both inside one word. */
const cutBetweenWords = (full: string, at: number) => !(WORD.test(full[at - 1] ?? '') && WORD.test(full[at] ?? ''));
/** (c) the message may name members but pings nobody */
const expectNoPing = (m: EmuMessage) => expect(m.allowed_mentions).toEqual({ parse: [] });

describe.each(['en-US', 'zh-CN'] as const)('the widest boards in %s', (locale) => {
  it('a leaderboard page of ten 32-character names full of markdown and mentions: every name as written, nobody pinged', async () => {
    const board = await command('alice', 'leaderboard', [], locale);
    expectNoPing(board);
    const e = embedOf(board);
    expect(e.title).toBe(t(locale, 'board.title', { period: t(locale, 'period.all'), topic: t(locale, 'topic.any') }));
    const lines = e.description!.split('\n');
    expect(lines).toHaveLength(10);
    lines.forEach((line, k) => {
      expect(shown(line)).toContain(NASTY[k]);
      expect(line.startsWith(`**${k + 1}.** `)).toBe(true);
      // nothing of the name turns into markup: bold, a mention of someone else, a masked link
      expect(line).not.toContain('**bold**');
      expect(line).not.toMatch(/(?<!\\)<[@#]/);
      expect(line).not.toMatch(/(?<!\\)\[[^\]]*\]\(/);
    });
    expect(e.footer?.text).toBe(t(locale, 'board.footer', { page: 1, pages: 2, total: 11 }));
  });

  it('/stats of a member who answered in every topic and every tag: every topic listed, the weakest tags named', async () => {
    const reply = await command('alice', 'stats', [{ name: 'member', type: 6, value: everything.id }], locale);
    expectNoPing(reply);
    const e = embedOf(reply);
    expect(e.title).not.toContain('**bold**');
    expect(shown(e.title!)).toBe(t(locale, 'stats.title', { name: NASTY[0]! }));
    const field = (key: 'stats.byTopic' | 'stats.studyNext' | 'stats.answers') => e.fields!.find((f) => f.name === t(locale, key))!.value;
    for (const topic of TOPICS) expect(field('stats.byTopic')).toContain(t(locale, `topic.${topic}`));
    const answered = await bot.app.db.answer.count({ where: { userId: everything.id } });
    // every tag of the catalog was answered (the bank has a question for each)
    const tagged = new Set((await bot.app.db.answer.findMany({ where: { userId: everything.id }, select: { questionId: true } })).flatMap((a) => bot.app.context.catalog.get(a.questionId)!.tags));
    expect(TAG_NAMES.filter((tag) => !tagged.has(tag))).toEqual([]);
    expect(field('stats.answers')).toBe(String(answered));
    const tagNames = Object.values(TAGS).map((x) => (locale === 'zh-CN' ? x.zh : x.en));
    const weakest = field('stats.studyNext').split('\n');
    expect(weakest).toHaveLength(3);
    for (const line of weakest) expect(tagNames.some((name) => line.startsWith(name))).toBe(true);
  });

  it('/group-stats of a server that played every topic: every topic, the most missed questions on whole words', async () => {
    const reply = await command('alice', 'group-stats', [], locale);
    const e = embedOf(reply);
    const [byTopic, missed] = e.fields!;
    for (const topic of TOPICS) expect(byTopic!.value).toContain(t(locale, `topic.${topic}`));
    const lines = missed!.value.split('\n');
    expect(lines.length).toBeGreaterThan(0);
    const prompts = bot.app.context.catalog.filter('any', 'any').map((q) => q.prompt[locale].replace(/\s+/g, ' '));
    for (const line of lines) {
      const prompt = shown(line.replace(/^\d+\. /, '').replace(/ — .*$/, ''));
      // a shortened prompt is the start of a real one, cut before a word, with an ellipsis
      if (prompt.endsWith('…')) expect(prompts.some((p) => p.startsWith(prompt.slice(0, -1)) && cutBetweenWords(p, prompt.length - 1))).toBe(true);
      else expect(prompts).toContain(prompt);
    }
  });
});
