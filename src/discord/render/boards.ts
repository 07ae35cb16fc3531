import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import type { Period } from '../../domain/periods.js';
import type { Locale } from '../../domain/question.js';
import { t } from '../../i18n/index.js';
import type { BoardEntry, Standing, StreakEntry } from '../../store/boards.js';
import { PAGE_SIZE } from '../../store/boards.js';
import { encodeCustomId } from '../custom-id.js';
import type { Payload } from '../responder.js';
import { COLOR } from './practice.js';
import { fitEmbed, fitLines, LIMITS } from './fit.js';
import { plainName } from './names.js';

/** What a board message shows; its buttons carry all of it, so a page turn needs no memory. */
export interface BoardView {
  ownerId: string;
  kind: 'points' | 'streak';
  period: Period;
  /** a topic, or "any" */
  topic: string;
  page: number;
  /** when the board was made (ms), so an old board's buttons expire */
  issuedAt: number;
}

/** Names by user id; a member nobody has a name for renders as a mention (which never pings here). */
export type NameOf = (userId: string) => string | undefined;
const nameOf = (names: NameOf, userId: string) => {
  const name = names(userId);
  return name ? plainName(name) : `<@${userId}>`;
};

export const accuracy = (correct: number, answers: number) => (answers ? `${Math.round((100 * correct) / answers)}%` : '—');

export const encodeBoard = (v: BoardView) => encodeCustomId('lb', v.ownerId, v.kind[0]!, v.period, v.topic, v.page, v.issuedAt.toString(36));

function pager(v: BoardView, total: number, locale: Locale) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const button = (label: string, page: number, disabled: boolean) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    label,
    custom_id: encodeBoard({ ...v, page }),
    disabled,
  });
  return {
    pages,
    row: {
      type: ComponentType.ActionRow as const,
      // Two buttons of one board must differ in custom_id even when both are disabled.
      components: [button(`◀ ${t(locale, 'board.previous')}`, Math.max(0, v.page - 1), v.page === 0), button(`${t(locale, 'board.next')} ▶`, v.page + 1, v.page + 1 >= pages)],
    },
  };
}

export function renderPointsBoard(v: BoardView, page: { entries: BoardEntry[]; total: number }, own: Standing | undefined, names: NameOf, locale: Locale): Payload {
  const { pages, row } = pager(v, page.total, locale);
  const lines = page.entries.map((e) => t(locale, 'board.line', { rank: e.rank, name: nameOf(names, e.userId), points: e.points, correct: e.correct, accuracy: accuracy(e.correct, e.answers) }));
  const embed: APIEmbed = {
    title: t(locale, 'board.title', { period: t(locale, `period.${v.period}`), topic: t(locale, `topic.${v.topic as 'any'}`) }),
    description: fitLines(lines, LIMITS.description) || t(locale, 'board.empty'),
    color: COLOR.question,
    fields: [{ name: t(locale, 'board.you'), value: own ? t(locale, 'board.youLine', { rank: own.rank, points: own.points, correct: own.correct, accuracy: accuracy(own.correct, own.answers) }) : t(locale, 'board.youNone') }],
    footer: { text: t(locale, 'board.footer', { page: Math.min(v.page + 1, pages), pages, total: page.total }) },
  };
  return { embeds: [fitEmbed(embed)], components: [row], allowedMentions: { parse: [] } };
}

export function renderStreakBoard(v: BoardView, page: { entries: StreakEntry[]; total: number }, own: StreakEntry | undefined, names: NameOf, locale: Locale): Payload {
  const { pages, row } = pager(v, page.total, locale);
  const embed: APIEmbed = {
    title: t(locale, 'board.streakTitle'),
    description: fitLines(page.entries.map((e) => t(locale, 'board.streakLine', { rank: e.rank, name: nameOf(names, e.userId), days: e.run })), LIMITS.description) || t(locale, 'board.streakEmpty'),
    color: COLOR.question,
    fields: [{ name: t(locale, 'board.you'), value: own ? t(locale, 'board.youStreak', { rank: own.rank, days: own.run }) : t(locale, 'board.youNoStreak') }],
    footer: { text: t(locale, 'board.footer', { page: Math.min(v.page + 1, pages), pages, total: page.total }) },
  };
  return { embeds: [fitEmbed(embed)], components: [row], allowedMentions: { parse: [] } };
}
