import type { Prisma } from '../generated/prisma/client.js';
import { providerOf, type Db } from './client.js';
import { lockServers, lockWatermark } from './score-locks.js';
import { endRecount } from './score-watermark.js';

type Tx = Prisma.TransactionClient;

/** What a server's rows are found by: its id, its running rounds' ids and its pack questions' ids (for rows without a relation to them). */
interface GuildKeys {
  guildId: string;
  runningRoundIds: string[];
  questionIds: string[];
}

/** `in` lists stay well under SQLite's limit on query parameters whatever the number of pack questions. */
async function inChunks(ids: string[], erase: (chunk: string[]) => Promise<{ count: number }>): Promise<{ count: number }> {
  let count = 0;
  for (let i = 0; i < ids.length; i += 500) count += (await erase(ids.slice(i, i + 500))).count;
  return { count };
}

/**
 * Every table that holds rows of one server, in the order they are deleted (children before the
 * rows they reference). A new table with a guildId column is one more line here: the store test
 * fails when a model with a guildId column is missing. Rows of a server's rounds and pack
 * questions go with it (round questions, results, members' review cards of its pack questions).
 */
export const GUILD_TABLES: readonly { model: Prisma.ModelName; erase(tx: Tx, keys: GuildKeys): Promise<{ count: number }> }[] = [
  { model: 'Answer', erase: (tx, k) => tx.answer.deleteMany({ where: { OR: [{ guildId: k.guildId }, { question: { guildId: k.guildId } }] } }) },
  { model: 'PracticeShowing', erase: (tx, k) => tx.practiceShowing.deleteMany({ where: { OR: [{ guildId: k.guildId }, { question: { guildId: k.guildId } }] } }) },
  { model: 'ReviewCard', erase: (tx, k) => inChunks(k.questionIds, (ids) => tx.reviewCard.deleteMany({ where: { questionId: { in: ids } } })) },
  { model: 'RoundResult', erase: (tx, k) => tx.roundResult.deleteMany({ where: { round: { guildId: k.guildId } } }) },
  { model: 'RoundQuestion', erase: (tx, k) => tx.roundQuestion.deleteMany({ where: { round: { guildId: k.guildId } } }) },
  { model: 'ChannelRound', erase: (tx, k) => tx.channelRound.deleteMany({ where: { roundId: { in: k.runningRoundIds } } }) },
  { model: 'Round', erase: (tx, k) => tx.round.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'Score', erase: (tx, k) => tx.score.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'MemberStat', erase: (tx, k) => tx.memberStat.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'QuestionDay', erase: (tx, k) => tx.questionDay.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'DailyStreak', erase: (tx, k) => tx.dailyStreak.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'DailyChallenge', erase: (tx, k) => tx.dailyChallenge.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'DailySettings', erase: (tx, k) => tx.dailySettings.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'WeeklyRecap', erase: (tx, k) => tx.weeklyRecap.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'PlanWeek', erase: (tx, k) => tx.planWeek.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'StudyPlan', erase: (tx, k) => tx.studyPlan.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'ServerSetting', erase: (tx, k) => tx.serverSetting.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'AdminProblem', erase: (tx, k) => tx.adminProblem.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'Report', erase: async (tx, k) => ({ count: (await tx.report.deleteMany({ where: { guildId: k.guildId } })).count + (await inChunks(k.questionIds, (ids) => tx.report.deleteMany({ where: { questionId: { in: ids } } }))).count }) },
  { model: 'QuestionHide', erase: (tx, k) => tx.questionHide.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'Question', erase: (tx, k) => tx.question.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'Pack', erase: (tx, k) => tx.pack.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'Member', erase: (tx, k) => tx.member.deleteMany({ where: { guildId: k.guildId } }) },
  { model: 'Guild', erase: (tx, k) => tx.guild.deleteMany({ where: { id: k.guildId } }) },
];

/** The bot left a server (GUILD_DELETE without `unavailable`): the retention period starts now. */
export async function markGuildRemoved(db: Db, guildId: string, name: string | undefined, at: Date): Promise<void> {
  await db.guild.upsert({ where: { id: guildId }, create: { id: guildId, name: name ?? '', removedAt: at }, update: { removedAt: at, ...(name ? { name } : {}) } });
}

/** The bot is back in a server (GUILD_CREATE): nothing is deleted. True when it had been removed. */
export async function markGuildReturned(db: Db, guildId: string): Promise<boolean> {
  const { count } = await db.guild.updateMany({ where: { id: guildId, removedAt: { not: null } }, data: { removedAt: null } });
  return count > 0;
}

/** Servers the bot was removed from and not re-invited to. */
export async function removedGuilds(db: Db): Promise<string[]> {
  return (await db.guild.findMany({ where: { removedAt: { not: null } }, select: { id: true } })).map((g) => g.id);
}

/** Servers removed at or before `before`: their retention is over. */
export async function guildsRemovedBefore(db: Db, before: Date): Promise<string[]> {
  return (await db.guild.findMany({ where: { removedAt: { lte: before } }, select: { id: true }, orderBy: { removedAt: 'asc' } })).map((g) => g.id);
}

/**
 * Deletes every row of a server, in one transaction holding the leaderboards' lock (its answers
 * and its aggregate rows go together, as in member-data.ts), and only while it is still removed:
 * a re-invite that lands first keeps everything. Returns the rows removed per table, or undefined
 * when the server was back.
 */
export async function purgeGuild(db: Db, guildId: string, removedBefore: Date): Promise<Record<string, number> | undefined> {
  return db.$transaction(
    async (tx) => {
      await lockWatermark(tx, providerOf(db));
      await lockServers(tx, providerOf(db), [guildId]);
      const still = await tx.guild.findFirst({ where: { id: guildId, removedAt: { lte: removedBefore } }, select: { id: true } });
      if (!still) return undefined;
      await endRecount(tx, guildId); // a recount of its boards, if one was under way, has nothing left to count
      const keys: GuildKeys = {
        guildId,
        runningRoundIds: (await tx.round.findMany({ where: { guildId, status: 'running' }, select: { id: true } })).map((r) => r.id),
        questionIds: (await tx.question.findMany({ where: { guildId }, select: { id: true } })).map((q) => q.id),
      };
      const removed: Record<string, number> = {};
      for (const table of GUILD_TABLES) removed[table.model] = (await table.erase(tx, keys)).count;
      return removed;
    },
    { timeout: 120_000 },
  );
}
