import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { CHOICE_LETTERS } from '../../domain/practice.js';
import type { Locale, Question } from '../../domain/question.js';
import { t } from '../../i18n/index.js';
import { encodeCustomId } from '../custom-id.js';
import type { Payload } from '../responder.js';
import { fitDescription, promptBlock, reportButton, versionFooter } from './snippet.js';
import { fitEmbed, fitLinks, fitParts, LIMITS } from './fit.js';

export const COLOR = { question: 0x5865f2, correct: 0x57f287, wrong: 0xed4245 } as const;

type Row = APIActionRowComponent<APIButtonComponent>;

function header(q: Question, locale: Locale, title?: string) {
  return title ?? t(locale, 'practice.title', { topic: t(locale, `topic.${q.topic}`), difficulty: t(locale, `difficulty.${q.difficulty}`) });
}

function choiceList(q: Question, order: readonly number[], locale: Locale) {
  return order.map((original, shown) => `**${CHOICE_LETTERS[shown]}.** ${q.choices[original]![locale]}`).join('\n');
}

/** The question as first shown: lettered choices in the shuffled order, one button per letter. */
export function renderPracticeQuestion(q: Question, showingId: string, order: readonly number[], locale: Locale, title?: string, footer?: string): Payload {
  const embed: APIEmbed = {
    title: header(q, locale, title),
    // a prompt too long gives way; the choices never do
    description: fitParts([promptBlock(q, locale), '', choiceList(q, order, locale)], LIMITS.description, 0),
    color: COLOR.question,
    ...versionFooter(q, locale, footer ?? t(locale, 'practice.footer')),
  };
  const row: Row = {
    type: ComponentType.ActionRow,
    components: order.map((_, shown) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: CHOICE_LETTERS[shown]!,
      custom_id: encodeCustomId('pa', showingId, shown),
    })),
  };
  return { content: '', embeds: [fitEmbed(embed)], components: [row], allowedMentions: { parse: [] } };
}

/** After the answer is saved: right or wrong, the correct choice, why, where to read more, and "Next". */
export function renderPracticeResult(
  q: Question,
  showingId: string,
  order: readonly number[],
  locale: Locale,
  result: { choiceIndex: number; correct: boolean },
): Payload {
  const shownOf = (original: number) => order.indexOf(original);
  const label = (original: number) => `${CHOICE_LETTERS[shownOf(original)]}. ${q.choices[original]![locale]}`;
  const embed: APIEmbed = {
    title: header(q, locale),
    description: fitDescription(
      [
        promptBlock(q, locale),
        '',
        choiceList(q, order, locale),
        '',
        `**${t(locale, result.correct ? 'practice.correct' : 'practice.wrong')}**`,
        result.correct ? '' : t(locale, 'practice.yourAnswer', { choice: label(result.choiceIndex) }),
        t(locale, 'practice.rightAnswer', { choice: label(q.answer) }),
        '',
        `**${t(locale, 'practice.explanation')}**`,
      ].filter((line, i, all) => line !== '' || all[i - 1] !== ''),
      q.explanation[locale],
    ),
    color: result.correct ? COLOR.correct : COLOR.wrong,
    fields: [{ name: t(locale, 'practice.docs'), value: fitLinks(q.links) }],
    ...versionFooter(q, locale),
  };
  const answers: Row = {
    type: ComponentType.ActionRow,
    components: order.map((original, shown) => ({
      type: ComponentType.Button,
      style: original === q.answer ? ButtonStyle.Success : original === result.choiceIndex ? ButtonStyle.Danger : ButtonStyle.Secondary,
      label: CHOICE_LETTERS[shown]!,
      custom_id: encodeCustomId('pa', showingId, shown),
      disabled: true,
    })),
  };
  const next: Row = {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: t(locale, 'practice.next'), custom_id: encodeCustomId('pn', showingId) }, reportButton('p', showingId, locale)],
  };
  // over a limit, the explanation at the end is shortened first: the answer above it stays
  return { content: '', embeds: [fitEmbed(embed)], components: [answers, next], allowedMentions: { parse: [] } };
}
