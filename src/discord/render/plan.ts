import { ButtonStyle, ComponentType, escapeMarkdown, type APIEmbed } from 'discord.js';
import { DateTime } from 'luxon';
import { TAGS, type Tag } from '../../bank/tags.js';
import { nextWeekAfter, weekOn, type Plan, type PlanWeek } from '../../domain/plan.js';
import type { Locale, Question } from '../../domain/question.js';
import type { RecapSchedule } from '../../domain/recap.js';
import { t } from '../../i18n/index.js';
import type { RecapSummary } from '../../store/recap.js';
import { encodeCustomId } from '../custom-id.js';
import type { Payload } from '../responder.js';
import { accuracy } from './boards.js';
import { fitLines, fitText } from './fit.js';
import { COLOR } from './practice.js';
import type { ChannelMessage } from './round.js';

export const tagLabel = (tag: string, locale: Locale) => (tag in TAGS ? TAGS[tag as Tag][locale === 'zh-CN' ? 'zh' : 'en'] : tag);

export const recapScheduleText = (s: RecapSchedule, locale: Locale) =>
  s.enabled ? t(locale, 'plan.recapScheduleValue', { weekday: t(locale, `weekday.${s.weekday as 7}`), time: s.time }) : t(locale, 'plan.recapOff');

const MAX_FIELD = 1024;
/** Within `max` characters, cut before a word with an ellipsis (fit.ts), never inside a word or an emoji. */
const clip = (s: string, max = MAX_FIELD) => fitText(s, max);

export const weekLine = (w: PlanWeek, locale: Locale, max = 300) =>
  t(locale, 'plan.weekLine', { n: w.number, start: w.startDate, end: w.endDate, concepts: clip(w.tags.map((x) => tagLabel(x, locale)).join(', '), max) });

/** /plan show: this week, next week, every week, and when the next recap is. */
export function renderPlan(plan: Plan, today: string, zone: string, nextRecapAt: Date | undefined, locale: Locale): Payload {
  const current = weekOn(plan.weeks, today);
  const next = nextWeekAfter(plan.weeks, today);
  const whole = plan.weeks.map((w) => weekLine(w, locale, 60));
  const embed: APIEmbed = {
    title: t(locale, 'plan.title'),
    color: COLOR.question,
    description: plan.pausedAt ? t(locale, 'plan.pausedNote', { since: DateTime.fromJSDate(plan.pausedAt, { zone }).toISODate()! }) : undefined,
    fields: [
      { name: t(locale, 'plan.thisWeek'), value: clip(current ? weekLine(current, locale, 900) : t(locale, 'plan.noWeekNow')) },
      { name: t(locale, 'plan.nextWeek'), value: clip(next ? weekLine(next, locale, 900) : t(locale, 'plan.noNextWeek')) },
      // whole weeks only: a long plan lists the weeks that fit and counts the others
      { name: t(locale, 'plan.whole'), value: fitLines(whole, MAX_FIELD, (count) => t(locale, 'plan.moreWeeks', { count })) },
      { name: t(locale, 'plan.nextRecap'), value: nextRecapAt ? `<t:${Math.floor(nextRecapAt.getTime() / 1000)}:F>` : t(locale, 'plan.recapNone') },
    ],
    footer: { text: t(locale, 'plan.footer', { zone }) },
  };
  return { embeds: [embed], allowedMentions: { parse: [] } };
}

const percent = (x: { answers: number; correct: number }) => accuracy(x.correct, x.answers);
const pct = (x: number) => `${Math.round(x * 100)}%`;
/** Members are named as mentions, which render as their names; allowed_mentions parse [] keeps them from pinging. */
const who = (userId: string) => `<@${userId}>`;

/** The recap's embed; the chart (if any) is attached as recap.png. */
export function recapEmbed(s: RecapSummary, zone: string, question: Question | undefined, locale: Locale, chart: boolean): APIEmbed {
  const day = (iso: string) => DateTime.fromISO(iso, { zone }).toISODate()!;
  const from = day(s.from);
  const to = DateTime.fromISO(s.to, { zone }).minus({ milliseconds: 1 }).toISODate()!;
  const title = s.planWeek ? t(locale, 'recap.titlePlan', { n: s.planWeek, from, to }) : t(locale, 'recap.title', { from, to });
  if (!s.participants) return { title, color: COLOR.question, description: t(locale, 'recap.nobody') };
  const more = s.participants - s.active.length;
  const names = s.active.map(who).join(', ') + (more > 0 ? `, ${t(locale, 'recap.more', { n: more })}` : '');
  const missed = s.missed && question
    ? clip(t(locale, 'recap.missedValue', { prompt: escapeMarkdown(clip(question.prompt[locale], 300)), missed: s.missed.missed, answers: s.missed.answers, explanation: clip(question.explanation[locale], 500) }))
    : t(locale, 'recap.noMissed');
  return {
    title,
    color: COLOR.question,
    fields: [
      { name: t(locale, 'recap.participants'), value: clip(t(locale, 'recap.participantsValue', { count: s.participants, names })) },
      {
        name: t(locale, s.planWeek ? 'recap.accuracy' : 'recap.accuracyAll'),
        value: t(locale, 'recap.accuracyValue', { now: percent(s.accuracy.now), before: percent(s.accuracy.before), answers: s.accuracy.now.answers }),
      },
      { name: t(locale, 'recap.improved'), value: s.improved.map((m) => t(locale, 'recap.improvedLine', { name: who(m.userId), from: pct(m.from), to: pct(m.to) })).join('\n') || t(locale, 'recap.nobodyImproved') },
      { name: t(locale, 'recap.missed'), value: missed },
      { name: t(locale, 'recap.streaks'), value: s.streaks.map((x) => t(locale, 'recap.streakLine', { name: who(x.userId), days: x.run })).join('\n') || t(locale, 'recap.noStreaks') },
    ],
    ...(chart ? { image: { url: 'attachment://recap.png' } } : {}),
  };
}

/** The recap as posted, with a button that shows each member their own map (pm:<recap>: also how a crashed post is found again). */
export const renderRecapPost = (embed: APIEmbed, recapId: string, locale: Locale): ChannelMessage => ({
  embeds: [embed],
  components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: t(locale, 'progress.myMap'), custom_id: encodeCustomId('pm', recapId) }] }],
  allowed_mentions: { parse: [] },
});

export const renderRecapReply = (embed: APIEmbed, chart: Buffer | undefined): Payload => ({
  embeds: [embed],
  files: chart ? [{ attachment: chart, name: 'recap.png' }] : [],
  allowedMentions: { parse: [] },
});
