import type { Prisma } from '../generated/prisma/client.js';
import { providerOf, type Db } from './client.js';
import { lockServers, lockWatermark } from './score-locks.js';
import { namesWritten } from './answers.js';
import { forgetNames } from './scores.js';

type Tx = Prisma.TransactionClient;

/**
 * Every table that holds rows about one member, in one place: `/privacy export` reads each and
 * `/privacy delete` empties each. A new per-member table is one more line here (the store test
 * fails when a model with a user column is in neither list).
 */
interface MemberTable {
  /** its name in the export */
  name: string;
  /** the Prisma model, as the schema names it */
  model: Prisma.ModelName;
  read(tx: Tx | Db, userId: string): Promise<unknown[]>;
  erase(tx: Tx, userId: string): Promise<{ count: number }>;
}

export const MEMBER_TABLES: readonly MemberTable[] = [
  { name: 'answers', model: 'Answer', read: (q, userId) => q.answer.findMany({ where: { userId }, orderBy: { id: 'asc' } }), erase: (tx, userId) => tx.answer.deleteMany({ where: { userId } }) },
  { name: 'practiceShowings', model: 'PracticeShowing', read: (q, userId) => q.practiceShowing.findMany({ where: { userId }, orderBy: { shownAt: 'asc' } }), erase: (tx, userId) => tx.practiceShowing.deleteMany({ where: { userId } }) },
  { name: 'reviewCards', model: 'ReviewCard', read: (q, userId) => q.reviewCard.findMany({ where: { userId } }), erase: (tx, userId) => tx.reviewCard.deleteMany({ where: { userId } }) },
  { name: 'reviewPreferences', model: 'ReviewPrefs', read: (q, userId) => q.reviewPrefs.findMany({ where: { userId } }), erase: (tx, userId) => tx.reviewPrefs.deleteMany({ where: { userId } }) },
  { name: 'scores', model: 'Score', read: (q, userId) => q.score.findMany({ where: { userId } }), erase: (tx, userId) => tx.score.deleteMany({ where: { userId } }) },
  { name: 'memberStats', model: 'MemberStat', read: (q, userId) => q.memberStat.findMany({ where: { userId } }), erase: (tx, userId) => tx.memberStat.deleteMany({ where: { userId } }) },
  { name: 'dailyStreaks', model: 'DailyStreak', read: (q, userId) => q.dailyStreak.findMany({ where: { userId } }), erase: (tx, userId) => tx.dailyStreak.deleteMany({ where: { userId } }) },
  { name: 'roundResults', model: 'RoundResult', read: (q, userId) => q.roundResult.findMany({ where: { userId } }), erase: (tx, userId) => tx.roundResult.deleteMany({ where: { userId } }) },
  { name: 'serverNames', model: 'Member', read: (q, userId) => q.member.findMany({ where: { userId } }), erase: (tx, userId) => tx.member.deleteMany({ where: { userId } }) },
  // A report's comment is the member's own words: it goes with them (the question's maintainers lose one report).
  { name: 'reports', model: 'Report', read: (q, userId) => q.report.findMany({ where: { userId }, orderBy: { id: 'asc' } }), erase: (tx, userId) => tx.report.deleteMany({ where: { userId } }) },
];

/** What a removed member is replaced with where a server keeps the row. */
export const DELETED = 'deleted';

/** Rows that name a member as who did something for a server (started a round, changed a setting, imported a pack): kept for the server, the name replaced. */
export const MEMBER_MENTIONS: readonly { name: string; model: Prisma.ModelName; column: string; read(q: Tx | Db, userId: string): Promise<unknown[]>; anonymise(tx: Tx, userId: string): Promise<{ count: number }> }[] = [
  { name: 'roundsStarted', model: 'Round', column: 'starterId', read: (q, userId) => q.round.findMany({ where: { starterId: userId }, select: { id: true, guildId: true, topic: true, startedAt: true } }), anonymise: (tx, userId) => tx.round.updateMany({ where: { starterId: userId }, data: { starterId: DELETED } }) },
  { name: 'settingsChanged', model: 'ServerSetting', column: 'updatedBy', read: (q, userId) => q.serverSetting.findMany({ where: { updatedBy: userId }, select: { guildId: true, key: true, updatedAt: true } }), anonymise: (tx, userId) => tx.serverSetting.updateMany({ where: { updatedBy: userId }, data: { updatedBy: DELETED } }) },
  { name: 'packsImported', model: 'Pack', column: 'importedBy', read: (q, userId) => q.pack.findMany({ where: { importedBy: userId }, select: { id: true, guildId: true, name: true, importedAt: true } }), anonymise: (tx, userId) => tx.pack.updateMany({ where: { importedBy: userId }, data: { importedBy: DELETED } }) },
  { name: 'reportsClosed', model: 'Report', column: 'closedBy', read: (q, userId) => q.report.findMany({ where: { closedBy: userId }, select: { id: true, guildId: true, questionId: true, status: true, closedAt: true } }), anonymise: (tx, userId) => tx.report.updateMany({ where: { closedBy: userId }, data: { closedBy: DELETED } }) },
  { name: 'questionsHidden', model: 'QuestionHide', column: 'hiddenBy', read: (q, userId) => q.questionHide.findMany({ where: { hiddenBy: userId }, select: { guildId: true, questionId: true, hiddenAt: true } }), anonymise: (tx, userId) => tx.questionHide.updateMany({ where: { hiddenBy: userId }, data: { hiddenBy: DELETED } }) },
  { name: 'studyPlansChanged', model: 'StudyPlan', column: 'updatedBy', read: (q, userId) => q.studyPlan.findMany({ where: { updatedBy: userId }, select: { guildId: true, template: true, updatedAt: true } }), anonymise: (tx, userId) => tx.studyPlan.updateMany({ where: { updatedBy: userId }, data: { updatedBy: DELETED } }) },
];

export interface MemberExport {
  format: 'cloud-native-quiz-bot/member-data@1';
  userId: string;
  exportedAt: string;
  tables: Record<string, unknown[]>;
}

/** Everything the store holds about a member, in every server, as one JSON-ready object. */
export async function exportMemberData(db: Db, userId: string, now: Date): Promise<MemberExport> {
  const tables: Record<string, unknown[]> = {};
  for (const table of [...MEMBER_TABLES, ...MEMBER_MENTIONS]) tables[table.name] = await table.read(db, userId);
  return { format: 'cloud-native-quiz-bot/member-data@1', userId, exportedAt: now.toISOString(), tables };
}

/**
 * Removes a member everywhere, in one transaction holding the leaderboards' locks: their answers
 * and their aggregate rows go together, so every board equals a recount of the answers left (the
 * aggregates are per member: no one else's rows change), and the score keeper's watermark stays
 * valid (it counts ids, and none is added). Returns the rows removed per table.
 */
export async function deleteMemberData(db: Db, userId: string): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  // A name still being written after the member's last answer would otherwise land after the delete.
  await namesWritten();
  await db.$transaction(
    async (tx) => {
      // The watermark held still and every server the member answered in locked: no pass or recount counts them meanwhile.
      await lockWatermark(tx, providerOf(db));
      const servers = await tx.answer.findMany({ where: { userId }, select: { guildId: true }, distinct: ['guildId'] });
      await lockServers(tx, providerOf(db), servers.flatMap((a) => (a.guildId ? [a.guildId] : [])));
      for (const table of MEMBER_TABLES) removed[table.name] = (await table.erase(tx, userId)).count;
      for (const mention of MEMBER_MENTIONS) removed[mention.name] = (await mention.anonymise(tx, userId)).count;
    },
    { timeout: 120_000 },
  );
  forgetNames(userId);
  return removed;
}
