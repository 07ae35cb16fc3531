import { randomBytes } from 'node:crypto';
import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import { memberName } from '../../src/discord/names.js';
import { renderPracticeQuestion, renderPracticeResult } from '../../src/discord/render/practice.js';
import { pickQuestion, shuffledOrder } from '../../src/domain/picking.js';
import { focusPool } from '../../src/domain/plan.js';
import { planFocus } from '../../src/store/plan.js';
import { judgeChoice } from '../../src/domain/practice.js';
import type { DifficultyFilter, Question, TopicFilter } from '../../src/domain/question.js';
import { nextReview } from '../review.js';
import { UserError } from '../../src/i18n/user-error.js';
import { recordAnswer } from '../../src/store/answers.js';
import { scopeOf } from '../../src/store/settings.js';
import { createShowing, findShowing, practiceHistory, type Showing } from '../../src/store/practice.js';
import type { ButtonHandler, InteractionContext } from '../index.js';

/** Picks the member's next question for the filter, records the showing, renders it. */
export async function showNextQuestion(i: ChatInputCommandInteraction | ButtonInteraction, ctx: InteractionContext, topic: TopicFilter, difficulty: DifficultyFilter) {
  const all = ctx.catalog.filter(topic, difficulty, i.guildId ? scopeOf(i.guildId, ctx.settings) : undefined);
  const [{ counts, lastShownId }, focus] = await Promise.all([
    practiceHistory(ctx.db, i.user.id),
    // Without a topic, a running study plan's week comes first (domain/plan.ts).
    topic === 'any' && i.guildId ? planFocus(ctx.db, i.guildId, ctx.clock(), i.user.id) : [],
  ]);
  const pool = focusPool(all, focus, (id) => counts.get(id) ?? 0);
  const id = pickQuestion(pool.map((q) => ({ id: q.id, timesShown: counts.get(q.id) ?? 0 })), ctx.rng, lastShownId);
  const question = id ? ctx.catalog.get(id) : undefined;
  if (!question) throw new UserError('practice.poolEmpty');
  return show(i, ctx, question, { mode: 'practice', topic, difficulty });
}

/** Records that `question` is shown to the member (with its shuffle) and renders it. */
export async function show(
  i: ChatInputCommandInteraction | ButtonInteraction,
  ctx: InteractionContext,
  question: Question,
  filter: { mode: Showing['mode']; topic: string; difficulty: string },
  title?: string,
  footer?: string,
) {
  const { topic, difficulty, mode } = filter;
  const showing: Showing = {
    mode,
    id: randomBytes(9).toString('base64url'),
    userId: i.user.id,
    guildId: i.guildId,
    questionId: question.id,
    choiceOrder: shuffledOrder(question.choices.length, ctx.rng),
    topic,
    difficulty,
    locale: ctx.locale,
    shownAt: ctx.clock(),
  };
  await createShowing(ctx.db, showing, i.guildId ? { guildId: i.guildId, displayName: memberName(i) } : undefined);
  return renderPracticeQuestion(question, showing.id, showing.choiceOrder, ctx.locale, title, footer);
}

/** The showing behind a button, checked: it exists and belongs to the member who clicked. */
async function ownShowing(i: ButtonInteraction, ctx: InteractionContext, showingId: string | undefined) {
  const showing = showingId ? await findShowing(ctx.db, showingId) : undefined;
  const question = showing && ctx.catalog.get(showing.questionId);
  if (!showing || !question) throw new UserError('error.unknownButton');
  if (showing.userId !== i.user.id) throw new UserError('error.notYourQuestion');
  return { showing, question };
}

/** A topic the server switched off is refused by name (not just "no questions"). */
export function requireServedTopic(topic: string, ctx: InteractionContext) {
  if (topic !== 'any' && !(ctx.settings.topics as readonly string[]).includes(topic)) throw new UserError('settings.topicOff');
}

/** /quiz practice [topic] [difficulty]: a private question, the member's own. */
export async function startPractice(i: ChatInputCommandInteraction, ctx: InteractionContext) {
  const topic = (i.options.getString('topic') ?? 'any') as TopicFilter;
  requireServedTopic(topic, ctx);
  const difficulty = (i.options.getString('difficulty') ?? 'any') as DifficultyFilter;
  await ctx.respond.reply(await showNextQuestion(i, ctx, topic, difficulty));
}

/** pa:<showing>:<shown position>: an answer. Saved first; only then is right or wrong shown. */
export const answerPractice: ButtonHandler = async (i, [showingId, position], ctx) => {
  const { showing, question } = await ownShowing(i, ctx, showingId);
  const result = judgeChoice(question, showing.choiceOrder, Number(position));
  if (!result) throw new UserError('error.unknownButton');
  const now = ctx.clock();
  const saved = await recordAnswer(ctx.db, {
    source: 'practice',
    sourceId: showing.id,
    userId: i.user.id,
    guildId: i.guildId,
    questionId: question.id,
    choiceIndex: result.choiceIndex,
    correct: result.correct,
    points: 0,
    responseMs: Math.max(0, now.getTime() - showing.shownAt.getTime()),
    answeredAt: now,
    displayName: memberName(i),
  });
  if (saved === 'duplicate') throw new UserError('error.alreadyAnswered');
  await ctx.respond.update(renderPracticeResult(question, showing.id, showing.choiceOrder, ctx.locale, result));
  ctx.reviews.note(i.user.id, question.id);
};

/** pn:<showing>: the next question with the same filter, in place of the answered one. */
export const nextPractice: ButtonHandler = async (i, [showingId], ctx) => {
  const { showing } = await ownShowing(i, ctx, showingId);
  const next = showing.mode === 'review' ? await nextReview(i, ctx) : await showNextQuestion(i, ctx, showing.topic as TopicFilter, showing.difficulty as DifficultyFilter);
  await ctx.respond.update(next);
};
