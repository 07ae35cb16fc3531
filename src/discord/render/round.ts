import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { CHOICE_LETTERS } from '../../domain/practice.js';
import type { Locale, Question } from '../../domain/question.js';
import type { Standing } from '../../domain/scoring.js';
import { t } from '../../i18n/index.js';
import { encodeCustomId } from '../custom-id.js';
import { COLOR } from './practice.js';
import { fitDescription, promptBlock, reportButton, versionFooter } from './snippet.js';
import { fitEmbed, fitLines, fitLinks, fitParts, length, LIMITS } from './fit.js';

/** A channel message as Discord's REST API takes it. Mentions render names but never ping. */
export interface ChannelMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: [] };
  /** with enforce_nonce, Discord returns the message already sent with this nonce (in the last few minutes) instead of sending it again */
  nonce?: string;
  enforce_nonce?: boolean;
}

export interface RoundView {
  questionId: string;
  roundQuestionId: string;
  index: number;
  count: number;
  order: readonly number[];
  deadlineAt: Date;
}

const title = (q: Question, v: RoundView, locale: Locale) => t(locale, 'round.questionTitle', { n: v.index + 1, count: v.count, topic: t(locale, `topic.${q.topic}`) });
const choiceList = (q: Question, order: readonly number[], locale: Locale) =>
  order.map((original, shown) => `**${CHOICE_LETTERS[shown]}.** ${q.choices[original]![locale]}`).join('\n');

type ChoiceStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;

function buttons(v: RoundView, style: (original: number) => ChoiceStyle, disabled: boolean): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: v.order.map((original, shown) => ({
      type: ComponentType.Button,
      style: style(original),
      label: CHOICE_LETTERS[shown]!,
      custom_id: encodeCustomId('ra', v.roundQuestionId, shown),
      disabled,
    })),
  };
}

/** The open question: Discord renders `<t:…:R>` as a live countdown, so edits can be coarse. */
export function renderRoundQuestion(q: Question, v: RoundView, answered: number, locale: Locale): ChannelMessage {
  const time = `<t:${Math.ceil(v.deadlineAt.getTime() / 1000)}:R>`;
  return {
    embeds: [fitEmbed({ title: title(q, v, locale), description: fitParts([promptBlock(q, locale), '', choiceList(q, v.order, locale)], LIMITS.description, 0), color: COLOR.question, fields: [{ name: '⏱', value: t(locale, 'round.status', { time, answered }) }], ...versionFooter(q, locale) })],
    components: [buttons(v, () => ButtonStyle.Primary, false)],
    allowed_mentions: { parse: [] },
  };
}

export interface Reveal {
  /** answers per original choice index */
  counts: number[];
  fastest?: { userId: string; responseMs: number };
  last: boolean;
}

/** The closed question: the answer, why, how the channel answered, and the fastest correct member. */
export function renderRoundReveal(q: Question, v: RoundView, reveal: Reveal, locale: Locale): ChannelMessage {
  const total = reveal.counts.reduce((a, b) => a + b, 0);
  const bar = (n: number) => '█'.repeat(total ? Math.round((n / total) * 10) : 0).padEnd(10, '░');
  const counts = v.order
    .map((original, shown) => `${original === q.answer ? '✅' : '▫️'} **${CHOICE_LETTERS[shown]}** ${bar(reveal.counts[original] ?? 0)} ${reveal.counts[original] ?? 0}`)
    .join('\n');
  const fastest = reveal.fastest
    ? t(locale, 'round.fastest', { name: `<@${reveal.fastest.userId}>`, seconds: (reveal.fastest.responseMs / 1000).toFixed(1) })
    : t(locale, 'round.nobodyRight');
  return {
    embeds: [
      fitEmbed({
        title: title(q, v, locale),
        description: fitDescription(
          [promptBlock(q, locale), '', choiceList(q, v.order, locale), '', `**${t(locale, 'round.answer', { choice: `${CHOICE_LETTERS[v.order.indexOf(q.answer)]}. ${q.choices[q.answer]![locale]}` })}**`, ''],
          q.explanation[locale],
        ),
        color: COLOR.correct,
        fields: [
          { name: t(locale, 'round.counts'), value: `${counts}\n${fastest}` },
          { name: t(locale, 'practice.docs'), value: fitLinks(q.links) },
          { name: '⏱', value: t(locale, 'round.closedStatus', { answered: total }) + (reveal.last ? '' : `\n${t(locale, 'round.nextSoon')}`) },
        ],
        ...versionFooter(q, locale),
      }),
    ],
    components: [buttons(v, (original) => (original === q.answer ? ButtonStyle.Success : ButtonStyle.Secondary), true), { type: ComponentType.ActionRow, components: [reportButton('r', v.roundQuestionId, locale)] }],
    allowed_mentions: { parse: [] },
  };
}

const MEDALS = ['🥇', '🥈', '🥉'];

/** How many players the standings list by name; the rest are counted, and see their place with "My place". */
export const STANDINGS_SHOWN = 25;

/** The top of the standings, then "…and N more" when players were left out (by the limit or for room). */
export function standingsText(lines: readonly string[], more: (left: number) => string): { text: string; listed: number } {
  const top = lines.slice(0, STANDINGS_SHOWN);
  const rest = lines.length - top.length;
  if (!rest) {
    const text = fitLines(top, LIMITS.description, more);
    return { text, listed: text.split('\n').length - (text === top.join('\n') ? 0 : 1) };
  }
  const tail = more(rest);
  const text = fitLines(top, LIMITS.description - length(tail) - 1, (left) => more(left + rest));
  if (text !== top.join('\n')) return { text, listed: text.split('\n').length - 1 };
  return { text: `${text}\n${tail}`, listed: top.length };
}

export function renderStandings(standings: readonly Standing[], stopped: boolean, locale: Locale, roundId?: string): ChannelMessage {
  const lines = standings.map((s) => t(locale, 'round.standingsLine', { rank: MEDALS[s.rank - 1] ?? `#${s.rank}`, name: `<@${s.userId}>`, points: s.points, correct: s.correct, streak: s.bestStreak }));
  const { text, listed } = standingsText(lines, (count) => t(locale, 'round.standingsMore', { count }));
  // Players left out of the list look themselves up: the button carries the round's id only.
  const myPlace: APIActionRowComponent<APIButtonComponent>[] =
    roundId && listed < standings.length ? [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: t(locale, 'round.myPlace'), custom_id: encodeCustomId('rs', roundId) }] }] : [];
  return {
    embeds: [fitEmbed({ title: t(locale, stopped ? 'round.standingsStopped' : 'round.standingsTitle'), description: text || t(locale, 'round.nobodyPlayed'), color: 0xfee75c })],
    components: myPlace,
    allowed_mentions: { parse: [] },
  };
}
