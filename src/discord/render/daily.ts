import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { CHOICE_LETTERS } from '../../domain/practice.js';
import type { Locale, Question } from '../../domain/question.js';
import { t } from '../../i18n/index.js';
import { encodeCustomId } from '../custom-id.js';
import type { Payload } from '../responder.js';
import { COLOR, renderPracticeResult } from './practice.js';
import type { ChannelMessage } from './round.js';
import { fitDescription, promptBlock, reportButton, versionFooter } from './snippet.js';
import { fitEmbed, fitLinks, fitParts, LIMITS } from './fit.js';

export interface DailyView {
  id: string;
  number: number;
  order: readonly number[];
}

const heading = (q: Question, v: DailyView, locale: Locale) =>
  t(locale, 'daily.title', { n: v.number, topic: t(locale, `topic.${q.topic}`), difficulty: t(locale, `difficulty.${q.difficulty}`) });
const choiceList = (q: Question, order: readonly number[], locale: Locale) =>
  order.map((original, shown) => `**${CHOICE_LETTERS[shown]}.** ${q.choices[original]![locale]}`).join('\n');

function buttons(v: DailyView, q: Question | undefined, disabled: boolean): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: v.order.map((original, shown) => ({
      type: ComponentType.Button,
      style: q && original === q.answer ? ButtonStyle.Success : ButtonStyle.Secondary,
      label: CHOICE_LETTERS[shown]!,
      custom_id: encodeCustomId('da', v.id, shown),
      disabled,
    })),
  };
}

/** The public post: the question and how many have answered, never who got it right. */
export function renderDailyPost(q: Question, v: DailyView, answered: number, locale: Locale): ChannelMessage {
  const embed: APIEmbed = {
    title: heading(q, v, locale),
    description: fitParts([promptBlock(q, locale), '', choiceList(q, v.order, locale)], LIMITS.description, 0),
    color: COLOR.question,
    ...versionFooter(q, locale, t(locale, 'daily.footer', { answered })),
  };
  return { embeds: [fitEmbed(embed)], components: [buttons(v, undefined, false)], allowed_mentions: { parse: [] } };
}

/** The closed post: the answer, why, the share who got it right and the fastest correct members. */
export function renderDailyReveal(q: Question, v: DailyView, stats: { answered: number; correct: number; fastest: string[] }, locale: Locale): ChannelMessage {
  const right = `${CHOICE_LETTERS[v.order.indexOf(q.answer)]}. ${q.choices[q.answer]![locale]}`;
  const embed: APIEmbed = {
    title: t(locale, 'daily.revealTitle', { n: v.number }),
    description: fitDescription([promptBlock(q, locale), '', choiceList(q, v.order, locale), '', `**${t(locale, 'round.answer', { choice: right })}**`, ''], q.explanation[locale]),
    color: COLOR.correct,
    fields: [
      {
        name: t(locale, 'daily.revealStats', { answered: stats.answered, percent: stats.answered ? Math.round((100 * stats.correct) / stats.answered) : 0 }),
        value: stats.fastest.length ? t(locale, 'daily.fastest', { names: stats.fastest.map((id) => `<@${id}>`).join(', ') }) : t(locale, 'round.nobodyRight'),
      },
      { name: t(locale, 'practice.docs'), value: fitLinks(q.links) },
    ],
    ...versionFooter(q, locale),
  };
  return { embeds: [fitEmbed(embed)], components: [buttons(v, q, true), { type: ComponentType.ActionRow, components: [reportButton('d', v.id, locale)] }], allowed_mentions: { parse: [] } };
}

/** The member's private answer: right or wrong with the explanation at once (the daily is for learning). */
export function renderDailyResult(q: Question, v: DailyView, locale: Locale, result: { choiceIndex: number; correct: boolean }): Payload {
  const { embeds } = renderPracticeResult(q, v.id, v.order, locale, result);
  return {
    embeds: (embeds as APIEmbed[]).map((e) => ({ ...e, title: heading(q, v, locale) })),
    components: [{ type: ComponentType.ActionRow, components: [reportButton('d', v.id, locale)] }],
    allowedMentions: { parse: [] },
  };
}
