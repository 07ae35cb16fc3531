import type { APIEmbed } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderPracticeResult } from '../../src/discord/render/practice.js';
import { CHOICE_LETTERS } from '../../src/domain/practice.js';
import type { Locale, Question } from '../../src/domain/question.js';
import { t } from '../../src/i18n/index.js';
import type { CommandOption } from '../../src/sandbox/emulator.js';
import type { EmuMessage } from '../../src/sandbox/state.js';
import { DEFAULT_TIMING } from '../../src/scheduler/rounds.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf, embedOf, textOf } from '../support/messages.js';

/**
 * The longest question of the bank, chosen by how long it renders (not by id), driven through
 * every place a member sees a question: practice, a live round and the daily challenge, in both
 * languages. Every other question is hidden in the server, so the bot can only serve that one.
 */
let now = new Date('2026-12-01T00:00:00Z');
let bot: SandboxBot;
let seen = 0;

beforeAll(async () => {
  bot = await startSandboxBot({ clock: () => now, rng: seededRng(11), roundTicker: false, dailySweep: false });
});
afterAll(async () => bot?.stop());
// (a) Discord would have taken every request of the case: the emulator refused none.
afterEach(() => {
  expect(bot.emu.violations.slice(seen)).toEqual([]);
  seen = bot.emu.violations.length;
});

const embedLength = (e: APIEmbed) => [e.title, e.description, e.footer?.text, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])].reduce((n, s) => n + [...(s ?? '')].length, 0);
/** How long a question renders at its largest (the revealed practice answer: prompt, choices, answer, explanation, links). */
const renderedLength = (q: Question, locale: Locale) => embedLength((renderPracticeResult(q, 's', q.choices.map((_, i) => i), locale, { choiceIndex: (q.answer + 1) % q.choices.length, correct: false }).embeds as APIEmbed[])[0]!);

function longest(locale: Locale): Question {
  const all = bot.app.context.catalog.filter('any', 'any');
  return all.reduce((a, b) => (renderedLength(b, locale) > renderedLength(a, locale) ? b : a));
}

/** Only `q` (and `also`) is served in the server from now on: every other bank question hidden there. */
async function serveOnly(q: Question, also: readonly Question[] = []) {
  const keep = new Set([q.id, ...also.map((x) => x.id)]);
  const guildId = bot.emu.guild.id;
  const hidden = await bot.app.db.question.findMany({ where: { guildId: null, retiredAt: null, id: { notIn: [...keep] } }, select: { id: true, contentHash: true } });
  // In the store too: on PostgreSQL the router re-reads a server's hides from it (other processes may hide questions).
  await bot.app.db.questionHide.deleteMany({ where: { guildId } });
  await bot.app.db.questionHide.createMany({ data: hidden.map((h) => ({ guildId, questionId: h.id, contentHash: h.contentHash, hiddenBy: 'test', hiddenAt: now })) });
  bot.app.context.catalog.setServerHidden(guildId, hidden.map((h) => h.id));
}

const member = (locale: Locale) => (locale === 'zh-CN' ? 'wei' : 'alice');
const sub = (name: string, options: CommandOption[] = []): CommandOption[] => [{ name, type: 1, options }];

/** (b) What a question view must keep whole: every choice with its letter, and the prompt's start. */
function expectChoicesWhole(message: EmuMessage | undefined, q: Question, order: readonly number[], locale: Locale) {
  const description = embedOf(message).description ?? '';
  order.forEach((original, shown) => expect(description).toContain(`**${CHOICE_LETTERS[shown]}.** ${q.choices[original]![locale]}`));
  expect(description.startsWith([...q.prompt[locale]].slice(0, 40).join(''))).toBe(true);
  expect(buttonsOf(message).filter((b) => /^(pa|ra|da):/.test(b.custom_id)).map((b) => b.label)).toEqual(order.map((_, i) => CHOICE_LETTERS[i]));
}

/** (b) A revealed answer names the correct choice with its letter; a shortened explanation ends on a whole word and an ellipsis. */
function expectAnswerKept(message: EmuMessage | undefined, q: Question, order: readonly number[], locale: Locale, key: 'practice.rightAnswer' | 'round.answer') {
  const e = embedOf(message);
  const right = `${CHOICE_LETTERS[order.indexOf(q.answer)]}. ${q.choices[q.answer]![locale]}`;
  expect(e.description).toContain(t(locale, key, { choice: right }));
  const explanation = q.explanation[locale];
  if (!e.description!.includes(explanation)) {
    expect(e.description!.endsWith('…')).toBe(true);
    const kept = e.description!.slice(e.description!.lastIndexOf('\n') + 1, -1);
    expect(explanation.startsWith(kept)).toBe(true);
  }
  // whole links only: every link shown is one of the question's, in full
  const docs = e.fields?.find((f) => f.name === t(locale, 'practice.docs'))?.value ?? '';
  for (const line of docs.split('\n').filter((l) => l.startsWith('<'))) expect(q.links).toContain(line.slice(1, -1));
  expect(docs).toContain(q.links[0]);
}

const showingOrder = async (message: EmuMessage) => (await bot.app.db.practiceShowing.findUniqueOrThrow({ where: { id: buttonsOf(message)[0]!.custom_id.split(':')[1]! } })).choiceOrder.split(',').map(Number);

describe.each(['en-US', 'zh-CN'] as const)('the longest question of the bank in %s', (locale) => {
  it('is picked by its rendered length and is long enough to matter', () => {
    const q = longest(locale);
    const lengths = bot.app.context.catalog.filter('any', 'any').map((x) => renderedLength(x, locale));
    expect(renderedLength(q, locale)).toBe(Math.max(...lengths));
    expect(q.choices.length).toBeGreaterThanOrEqual(4);
  });

  it('as practice question and practice result: every choice whole, the answer key and its letter, whole links', async () => {
    const q = longest(locale);
    await serveOnly(q);
    const id = bot.emu.sendCommand({ user: member(locale), name: 'quiz', locale, options: sub('practice') });
    const question = (await bot.emu.waitForReply(id))!;
    const order = await showingOrder(question);
    expect(embedOf(question).title).toBe(t(locale, 'practice.title', { topic: t(locale, `topic.${q.topic}`), difficulty: t(locale, `difficulty.${q.difficulty}`) }));
    expectChoicesWhole(question, q, order, locale);

    const wrong = order.findIndex((o) => o !== q.answer);
    const click = bot.emu.clickButton({ user: member(locale), messageId: question.id, customId: buttonsOf(question)[wrong]!.custom_id, locale });
    await bot.emu.waitForAck(click);
    const result = bot.emu.messages.get(question.id)!;
    expect(textOf(result)).toContain(t(locale, 'practice.wrong'));
    expectAnswerKept(result, q, order, locale, 'practice.rightAnswer');
  });

  it('as round question and round reveal: the choices, then the answer key with its letter', async () => {
    const q = longest(locale);
    // a round takes at least 3 questions: the longest and two others, in whatever order the bot picks
    const others = bot.app.context.catalog.filter('any', 'any').filter((x) => x.id !== q.id).slice(0, 2);
    await serveOnly(q, others);
    const start = bot.emu.sendCommand({ user: member(locale), name: 'quiz', locale, options: sub('start', [{ name: 'questions', type: 4, value: 3 }, { name: 'seconds', type: 4, value: 10 }]) });
    await bot.emu.waitForReply(start);
    const advance = async (ms: number) => {
      now = new Date(now.getTime() + ms);
      await bot.app.context.rounds.tick();
    };
    const questions = () => bot.emu.channelMessages(bot.channelId).filter((m) => !m.interaction && buttonsOf(m).some((b) => b.custom_id.startsWith('ra:')));
    const before = questions().length;
    await advance(DEFAULT_TIMING.introMs);
    let open: { message: EmuMessage; order: number[] } | undefined;
    for (let n = 0; n < 3; n++) {
      const message = questions()[before + n]!;
      const rq = await bot.app.db.roundQuestion.findUniqueOrThrow({ where: { id: buttonsOf(message)[0]!.custom_id.split(':')[1]! } });
      if (rq.questionId === q.id) {
        open = { message, order: rq.choiceOrder.split(',').map(Number) };
        expectChoicesWhole(message, q, open.order, locale);
      }
      await advance(10_000);
      await advance(DEFAULT_TIMING.pauseMs);
    }
    expect(open).toBeDefined();
    const reveal = bot.emu.messages.get(open!.message.id)!;
    expect(buttonsOf(reveal).filter((b) => b.custom_id.startsWith('ra:')).every((b) => b.disabled)).toBe(true);
    expectAnswerKept(reveal, q, open!.order, locale, 'round.answer');
    expect(await bot.app.db.round.count({ where: { status: 'running' } })).toBe(0);
  });

  it('as daily post, daily result and daily reveal: the choices, then the answer key with its letter', async () => {
    const q = longest(locale);
    await serveOnly(q);
    const channel = bot.emu.guild.channels.find((c) => c.name === 'daily-challenge')!.id;
    const setup = bot.emu.sendCommand({ user: 'alice', name: 'daily', locale, options: sub('setup', [{ name: 'channel', type: 7, value: channel }, { name: 'time', type: 3, value: '09:00' }, { name: 'timezone', type: 3, value: 'UTC' }]) });
    await bot.emu.waitForReply(setup);
    // the next 09:00 UTC: the post; a day later: its reveal (and the next post)
    now = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 9, 0, 30));
    expect(await bot.app.context.daily.tick()).toBe(1);
    const post = bot.emu.channelMessages(channel).filter((m) => !m.interaction && buttonsOf(m).some((b) => b.custom_id.startsWith('da:'))).at(-1)!;
    const challenge = await bot.app.db.dailyChallenge.findUniqueOrThrow({ where: { id: buttonsOf(post)[0]!.custom_id.split(':')[1]! } });
    expect(challenge.questionId).toBe(q.id);
    expect(challenge.locale).toBe(locale);
    const order = challenge.choiceOrder.split(',').map(Number);
    expectChoicesWhole(post, q, order, locale);

    // the daily result: a member's private answer, with the answer key and the explanation at once
    const wrong = order.findIndex((o) => o !== q.answer);
    const answer = bot.emu.clickButton({ user: member(locale), messageId: post.id, customId: buttonsOf(post)[wrong]!.custom_id, locale });
    const result = (await bot.emu.waitForReply(answer))!;
    expect(result.ephemeralTo).toBe(bot.emu.member(member(locale)).id);
    expect(embedOf(result).title).toBe(t(locale, 'daily.title', { n: challenge.number, topic: t(locale, `topic.${q.topic}`), difficulty: t(locale, `difficulty.${q.difficulty}`) }));
    expectAnswerKept(result, q, order, locale, 'practice.rightAnswer');

    now = new Date(now.getTime() + 24 * 3600_000);
    await bot.app.context.daily.tick();
    const reveal = bot.emu.messages.get(post.id)!;
    expect(embedOf(reveal).title).toBe(t(locale, 'daily.revealTitle', { n: challenge.number }));
    expectAnswerKept(reveal, q, order, locale, 'round.answer');
  });
});
