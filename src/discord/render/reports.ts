import { ButtonStyle, ComponentType, escapeMarkdown, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { Locale, Question } from '../../domain/question.js';
import { pageOf, REPORT_REASONS, sortReportGroups, type ReportGroup } from '../../domain/report.js';
import { t } from '../../i18n/index.js';
import { encodeCustomId } from '../custom-id.js';
import type { Payload } from '../responder.js';
import { fitText } from './fit.js';
import { COLOR } from './practice.js';

/** Questions per page: each has its own row of buttons, and one row is left for paging. */
export const REPORTS_PAGE_SIZE = 4;

/** One line of plain text: member comments and prompts shown as they are, never as markdown. */
const plain = (s: string, max: number) => {
  const line = s.replace(/\s+/g, ' ').trim();
  // cut before a word (never inside one or inside an emoji), then escaped: the escapes add no visible characters
  return escapeMarkdown(fitText(line, max));
};

/** /pack reports: this server's open reports, grouped by question, most reported first. */
export function renderReports(groups: ReportGroup[], page: number, question: (id: string) => Question | undefined, locale: Locale, notice?: string): Payload {
  const sorted = sortReportGroups(groups);
  const view = pageOf(sorted, page, REPORTS_PAGE_SIZE);
  if (!sorted.length) return { content: notice ?? '', embeds: [{ description: t(locale, 'reports.empty'), color: COLOR.question }], components: [], allowedMentions: { parse: [] } };
  const entries = view.items.map((g, k) => {
    const n = view.page * REPORTS_PAGE_SIZE + k + 1;
    const q = question(g.questionId);
    const counts = REPORT_REASONS.filter((r) => g.counts[r]).map((r) => `${t(locale, `report.reason.${r}`)} ×${g.counts[r]}`).join(' · ');
    const comments = g.comments.slice(0, 3).map((c) => `> ${plain(c, 150)}`);
    return [`**#${n}** \`${g.questionId}\`${q ? ` · ${t(locale, `topic.${q.topic}`)}` : ''}`, q ? plain(q.prompt[locale], 200) : '', counts, ...(comments.length ? [`*${t(locale, 'reports.comments')}*`, ...comments] : [])].filter(Boolean).join('\n');
  });
  const embed: APIEmbed = {
    title: t(locale, 'reports.title', { questions: sorted.length, reports: sorted.reduce((n, g) => n + g.total, 0) }),
    description: entries.join('\n\n'),
    color: COLOR.wrong,
    footer: { text: t(locale, 'reports.page', { page: view.page + 1, pages: view.pages }) },
  };
  const rows: APIActionRowComponent<APIButtonComponent>[] = view.items.map((g, k) => {
    const n = view.page * REPORTS_PAGE_SIZE + k + 1;
    return {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Success, label: t(locale, 'reports.resolve', { n }), custom_id: encodeCustomId('rr', view.page, g.questionId) },
        { type: ComponentType.Button, style: ButtonStyle.Danger, label: t(locale, 'reports.hide', { n }), custom_id: encodeCustomId('rh', view.page, g.questionId) },
      ],
    };
  });
  if (view.pages > 1) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: t(locale, 'reports.previous'), custom_id: encodeCustomId('rg', view.page - 1), disabled: view.page === 0 },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: t(locale, 'reports.next'), custom_id: encodeCustomId('rg', view.page + 1), disabled: view.page >= view.pages - 1 },
      ],
    });
  }
  return { content: notice ?? '', embeds: [embed], components: rows, allowedMentions: { parse: [] } };
}
