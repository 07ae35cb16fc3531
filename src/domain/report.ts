import { hostileFindings } from '../packs/text-rules.js';

/** Why a member reports a question: the modal's choices, in this order. */
export const REPORT_REASONS = ['wrong-answer', 'unclear', 'outdated', 'typo', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_COMMENT_MAX = 500;

export const isReportReason = (value: unknown): value is ReportReason => (REPORT_REASONS as readonly unknown[]).includes(value);

/** Why a report is refused (a catalog key's last part); nothing is stored. */
export type ReportRefusal = 'badReason' | 'commentNeeded' | 'commentTooLong' | 'commentMentions' | 'commentControl';

/**
 * Checks what a member typed into the report modal. Discord enforces the modal's own limits, but a
 * forged submit can carry anything, so every rule is checked here: a known reason, a comment of at
 * most 500 characters without mentions or invisible characters, and a comment when the reason is
 * "other" (it says nothing by itself).
 */
export function checkReport(input: { reason: unknown; comment: unknown }): { reason: ReportReason; comment: string } | { refused: ReportRefusal } {
  if (!isReportReason(input.reason)) return { refused: 'badReason' };
  if (input.comment !== undefined && input.comment !== null && typeof input.comment !== 'string') return { refused: 'badReason' };
  const comment = (input.comment ?? '').trim();
  if (comment.length > REPORT_COMMENT_MAX) return { refused: 'commentTooLong' };
  if (input.reason === 'other' && comment === '') return { refused: 'commentNeeded' };
  const findings = hostileFindings(comment);
  if (findings.some((f) => f.code === 'mention')) return { refused: 'commentMentions' };
  if (findings.length) return { refused: 'commentControl' };
  return { reason: input.reason, comment };
}

/** Open reports of one question, as /pack reports lists them. */
export interface ReportGroup {
  questionId: string;
  counts: Partial<Record<ReportReason, number>>;
  total: number;
  /** the latest comments, newest first */
  comments: string[];
  latestAt: Date;
}

/** Most reported first, then the most recent: what needs a look first. */
export const sortReportGroups = (groups: ReportGroup[]): ReportGroup[] =>
  [...groups].sort((a, b) => b.total - a.total || b.latestAt.getTime() - a.latestAt.getTime() || a.questionId.localeCompare(b.questionId));

/** One page of `size` groups (pages count from 0; a page past the end shows the last). */
export function pageOf<T>(items: readonly T[], page: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, Math.trunc(Number.isFinite(page) ? page : 0)), pages - 1);
  return { items: items.slice(p * size, p * size + size), page: p, pages };
}
