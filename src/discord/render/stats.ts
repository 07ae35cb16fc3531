import { escapeMarkdown, type APIEmbed } from 'discord.js';
import { TAGS } from '../../bank/tags.js';
import { DIFFICULTIES } from '../../bank/schema.js';
import type { Locale } from '../../domain/question.js';
import { t } from '../../i18n/index.js';
import type { MemberStats, MissedQuestion, Tally } from '../../store/boards.js';
import type { Payload } from '../responder.js';
import { accuracy } from './boards.js';
import { COLOR } from './practice.js';
import { fitEmbed, fitText } from './fit.js';
import { plainName } from './names.js';

/** A subtopic needs this many answers before it can be called weak (one wrong guess is not a pattern). */
export const MIN_TAG_ANSWERS = 2;

const tagName = (key: string, locale: Locale) => {
  const tag = TAGS[key as keyof typeof TAGS];
  return tag ? (locale === 'zh-CN' ? tag.zh : tag.en) : key;
};

/** The three subtopics with the lowest accuracy; more answers first among equals. */
export function weakestTags(tags: readonly Tally[]): Tally[] {
  return tags
    .filter((tag) => tag.answers >= MIN_TAG_ANSWERS)
    .sort((a, b) => a.correct / a.answers - b.correct / b.answers || b.answers - a.answers || a.key.localeCompare(b.key))
    .slice(0, 3);
}

const tallyLines = (tallies: readonly Tally[], name: (key: string) => string, locale: Locale) =>
  tallies.map((x) => t(locale, 'stats.tally', { name: name(x.key), accuracy: accuracy(x.correct, x.answers), correct: x.correct, answers: x.answers })).join('\n') || '—';

export function renderStats(name: string, s: MemberStats, chart: Buffer | undefined, locale: Locale): Payload {
  if (!s.answers) return { content: t(locale, 'stats.none', { name: plainName(name) }), allowedMentions: { parse: [] } };
  const byDifficulty = DIFFICULTIES.flatMap((d) => s.difficulties.filter((x) => x.key === d));
  const weakest = weakestTags(s.tags);
  const embed: APIEmbed = {
    title: t(locale, 'stats.title', { name: plainName(name) }),
    color: COLOR.question,
    fields: [
      { name: t(locale, 'stats.points'), value: String(s.points), inline: true },
      { name: t(locale, 'stats.answers'), value: String(s.answers), inline: true },
      { name: t(locale, 'stats.accuracy'), value: accuracy(s.correct, s.answers), inline: true },
      { name: t(locale, 'stats.rank'), value: s.rank ? `#${s.rank}` : '—', inline: true },
      { name: t(locale, 'stats.streak'), value: t(locale, 'stats.streakValue', s.streak), inline: true },
      { name: t(locale, 'stats.byTopic'), value: tallyLines(s.topics, (k) => t(locale, `topic.${k as 'go'}`), locale) },
      { name: t(locale, 'stats.byDifficulty'), value: tallyLines(byDifficulty, (k) => t(locale, `difficulty.${k as 'easy'}`), locale) },
      { name: t(locale, 'stats.studyNext'), value: weakest.length ? tallyLines(weakest, (k) => tagName(k, locale), locale) : t(locale, 'stats.studyNextNone') },
    ],
    ...(chart ? { image: { url: 'attachment://stats.png' } } : {}),
  };
  return { embeds: [fitEmbed(embed)], files: chart ? [{ attachment: chart, name: 'stats.png' }] : [], allowedMentions: { parse: [] } };
}

/** Prompts are cut to fit a line; the full question is one /quiz away. */
const shorten = (s: string, max = 90) => fitText(s.replace(/\s+/g, ' '), max);

export function renderGroupStats(topics: readonly Tally[], missed: readonly (MissedQuestion & { prompt: string })[], locale: Locale): Payload {
  if (!topics.length) return { content: t(locale, 'group.none') };
  const embed: APIEmbed = {
    title: t(locale, 'group.title'),
    color: COLOR.question,
    fields: [
      { name: t(locale, 'group.byTopic'), value: tallyLines(topics, (k) => t(locale, `topic.${k as 'go'}`), locale) },
      {
        name: t(locale, 'group.missed'),
        value: missed.map((m, i) => t(locale, 'group.missedLine', { n: i + 1, prompt: escapeMarkdown(shorten(m.prompt)), missed: m.missed, answers: m.answers })).join('\n') || t(locale, 'group.noMissed'),
      },
    ],
  };
  return { embeds: [fitEmbed(embed)], allowedMentions: { parse: [] } };
}
