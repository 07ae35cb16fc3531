import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import type { HeatGroup } from '../../charts/heatmap.js';
import { isMastered, masteryValue, type Mastery } from '../../domain/mastery.js';
import type { Locale, Topic } from '../../domain/question.js';
import { t } from '../../i18n/index.js';
import { encodeCustomId } from '../custom-id.js';
import type { Payload } from '../responder.js';
import { tagLabel } from './plan.js';
import { COLOR } from './practice.js';
import { plainName } from './names.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function masteryCaption(m: Mastery, locale: Locale): string {
  const v = masteryValue(m);
  if (v !== undefined) return pct(v);
  return t(locale, m.kind === 'noQuestions' ? 'progress.noQuestionsCell' : 'progress.notSeen');
}

/** The heatmap's cells: a member's mastery, or the group's mastered share. */
export function heatGroups(groups: readonly { topic: Topic; tags: string[] }[], value: (tag: string) => { value: number | null | undefined; caption: string }, locale: Locale): HeatGroup[] {
  return groups.map((g) => ({ title: t(locale, `topic.${g.topic}`), cells: g.tags.map((tag) => ({ label: tagLabel(tag, locale), ...value(tag) })) }));
}

export function memberCell(m: Mastery | undefined, locale: Locale) {
  const mastery = m ?? { kind: 'unseen' as const };
  return { value: mastery.kind === 'noQuestions' ? undefined : (masteryValue(mastery) ?? null), caption: masteryCaption(mastery, locale) };
}

const noQuestionsField = (tags: readonly string[], locale: Locale) =>
  tags.length ? [{ name: '⚠️', value: t(locale, 'progress.noQuestions', { tags: tags.map((x) => tagLabel(x, locale)).join(', ') }).slice(0, 1024) }] : [];

/** /progress: the summary, the five concepts to study next with a button to practise them, the map as an image. */
export function renderProgress(input: { name: string; subjectId: string; mastery: Map<string, Mastery>; next: string[]; png: Buffer }, locale: Locale): Payload {
  const all = [...input.mastery.entries()];
  const noQuestions = all.filter(([, m]) => m.kind === 'noQuestions').map(([tag]) => tag);
  const embed: APIEmbed = {
    title: t(locale, 'progress.title', { name: plainName(input.name) }),
    color: COLOR.question,
    description: `${t(locale, 'progress.summary', { mastered: all.filter(([, m]) => isMastered(m)).length, seen: all.filter(([, m]) => masteryValue(m) !== undefined).length, total: all.length })}\n${t(locale, 'progress.legend')}`,
    fields: [
      { name: t(locale, 'progress.studyNext'), value: input.next.map((tag, i) => `${i + 1}. ${tagLabel(tag, locale)} · ${masteryCaption(input.mastery.get(tag)!, locale)}`).join('\n') || t(locale, 'progress.studyNextNone') },
      ...noQuestionsField(noQuestions, locale),
    ],
    image: { url: 'attachment://progress.png' },
  };
  const button = { type: ComponentType.Button, style: ButtonStyle.Primary, label: t(locale, 'progress.practise'), custom_id: encodeCustomId('pp', input.subjectId) } as const;
  return {
    embeds: [embed],
    files: [{ attachment: input.png, name: 'progress.png' }],
    components: input.next.length ? [{ type: ComponentType.ActionRow, components: [button] }] : [],
    allowedMentions: { parse: [] },
  };
}

export function renderGroupProgress(members: number, noQuestions: readonly string[], png: Buffer, locale: Locale): Payload {
  const embed: APIEmbed = {
    title: t(locale, 'progress.groupTitle'),
    color: COLOR.question,
    description: t(locale, 'progress.groupSummary', { members }),
    fields: noQuestionsField(noQuestions, locale),
    image: { url: 'attachment://progress.png' },
  };
  return { embeds: [embed], files: [{ attachment: png, name: 'progress.png' }], allowedMentions: { parse: [] } };
}
