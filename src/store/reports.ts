import type { ReportGroup, ReportReason } from '../domain/report.js';
import { isUniqueViolation, type Db } from './client.js';

export interface NewReport {
  questionId: string;
  bankVersion: string;
  guildId: string | null;
  userId: string;
  reason: ReportReason;
  comment: string;
  createdAt: Date;
}

/** The question as the store holds it now: its version (contentHash), and whether it left the bank. */
export const questionVersion = (db: Db, questionId: string) =>
  db.question.findUnique({ where: { id: questionId }, select: { contentHash: true, retiredAt: true, guildId: true } });

/** Stores a report; 'duplicate' when the member already has an open one for the question (the unique index decides). */
export async function createReport(db: Db, report: NewReport): Promise<'created' | 'duplicate'> {
  try {
    await db.report.create({ data: { ...report, status: 'open', open: true } });
    return 'created';
  } catch (err) {
    if (isUniqueViolation(err)) return 'duplicate';
    throw err;
  }
}

export const hasOpenReport = async (db: Db, userId: string, questionId: string) =>
  (await db.report.count({ where: { userId, questionId, open: true } })) > 0;

/** The server's open reports, one group per question. */
export async function openReportGroups(db: Db, guildId: string): Promise<ReportGroup[]> {
  const rows = await db.report.findMany({ where: { guildId, open: true }, orderBy: { createdAt: 'desc' }, select: { questionId: true, reason: true, comment: true, createdAt: true } });
  const groups = new Map<string, ReportGroup>();
  for (const r of rows) {
    let g = groups.get(r.questionId);
    if (!g) groups.set(r.questionId, (g = { questionId: r.questionId, counts: {}, total: 0, comments: [], latestAt: r.createdAt }));
    const reason = r.reason as ReportReason;
    g.counts[reason] = (g.counts[reason] ?? 0) + 1;
    g.total++;
    if (r.comment) g.comments.push(r.comment);
  }
  return [...groups.values()];
}

/** Closes the server's open reports of a question as `status`; returns how many were open. */
export async function closeReports(db: Db, guildId: string, questionId: string, status: 'resolved' | 'hidden', by: string, now: Date): Promise<number> {
  const { count } = await db.report.updateMany({ where: { guildId, questionId, open: true }, data: { status, open: null, closedBy: by, closedAt: now } });
  return count;
}

/** Hides a question in a server at its current version, and closes its open reports there, in one transaction. */
export async function hideQuestion(db: Db, input: { guildId: string; questionId: string; contentHash: string; by: string; now: Date }): Promise<number> {
  const { guildId, questionId, contentHash, by, now } = input;
  const [, closed] = await db.$transaction([
    db.questionHide.upsert({
      where: { guildId_questionId: { guildId, questionId } },
      create: { guildId, questionId, contentHash, hiddenBy: by, hiddenAt: now },
      update: { contentHash, hiddenBy: by, hiddenAt: now },
    }),
    db.report.updateMany({ where: { guildId, questionId, open: true }, data: { status: 'hidden', open: null, closedBy: by, closedAt: now } }),
  ]);
  return closed.count;
}

/**
 * The hides that still apply, by server: a hide stops applying once the bank changed the question
 * (its contentHash is no longer the one hidden) or the question left the bank.
 */
export async function activeHides(db: Db, guildId?: string): Promise<Map<string, string[]>> {
  const hides = await db.questionHide.findMany({ where: guildId ? { guildId } : {} });
  const questions = await db.question.findMany({ where: { id: { in: [...new Set(hides.map((h) => h.questionId))] } }, select: { id: true, contentHash: true, retiredAt: true } });
  const current = new Map(questions.filter((q) => q.retiredAt === null).map((q) => [q.id, q.contentHash]));
  const byGuild = new Map<string, string[]>();
  if (guildId) byGuild.set(guildId, []);
  for (const h of hides) if (current.get(h.questionId) === h.contentHash) byGuild.set(h.guildId, [...(byGuild.get(h.guildId) ?? []), h.questionId]);
  return byGuild;
}
