import { REPORT_REASONS } from '../domain/report.js';

export interface ReportRow {
  questionId: string;
  bankVersion: string;
  guildId: string | null;
  reason: string;
  comment: string;
  status: string;
  createdAt: Date;
}

export interface QuestionRow {
  id: string;
  topic: string;
  contentHash: string;
  retiredAt: Date | null;
  guildId: string | null;
}

const STATUSES = ['open', 'resolved', 'hidden'] as const;
const counted = (counts: Map<string, number>, order: readonly string[]) =>
  [...counts].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([k, n]) => `${k} ${n}`).join(', ');
const tally = (values: string[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>());

/**
 * The reports of a database as the bank's maintainers read them: grouped by question id (most
 * reported first), with counts per reason and status, the bank versions reported (marked when it is
 * still the current one), and every comment. Reports on servers' own pack questions are counted, not listed.
 */
export function formatReports(reports: ReportRow[], questions: QuestionRow[], label: string): string {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const onPacks = reports.filter((r) => byId.get(r.questionId)?.guildId);
  const bank = reports.filter((r) => !byId.get(r.questionId)?.guildId);
  const groups = new Map<string, ReportRow[]>();
  for (const r of bank) groups.set(r.questionId, [...(groups.get(r.questionId) ?? []), r]);
  const lines = [`Reports in ${label}: ${bank.length} on ${groups.size} bank question(s)${bank.length ? ` (${counted(tally(bank.map((r) => r.status)), STATUSES)})` : ''}`];
  const sorted = [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  for (const [id, rows] of sorted) {
    const q = byId.get(id);
    const state = !q ? 'not in this database' : q.retiredAt ? `${q.topic}, retired from the bank` : q.topic;
    lines.push('', `${id} (${state}): ${rows.length} report(s): ${counted(tally(rows.map((r) => r.status)), STATUSES)}`);
    lines.push(`  reasons: ${counted(tally(rows.map((r) => r.reason)), REPORT_REASONS)}`);
    const versions = [...new Set(rows.map((r) => r.bankVersion))].map((v) => `${v.slice(0, 12)}${q && v === q.contentHash ? ' (current)' : ''}`);
    lines.push(`  bank versions: ${versions.join(', ')}`);
    for (const r of rows) {
      const comment = r.comment ? ` ${JSON.stringify(r.comment)}` : '';
      lines.push(`  - ${r.createdAt.toISOString().slice(0, 10)} ${r.reason} (${r.status}, ${r.bankVersion.slice(0, 12)})${comment}`);
    }
  }
  if (onPacks.length) lines.push('', `${onPacks.length} report(s) on servers' own pack questions are not listed (see /pack reports in those servers).`);
  return lines.join('\n');
}
