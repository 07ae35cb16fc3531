import type { Db } from './client.js';
import { isUniqueViolation } from './client.js';

export interface DailySettingsRow {
  guildId: string;
  channelId: string;
  time: string;
  timezone: string;
  topic: string;
  difficulty: string;
  paused: boolean;
  locale: string;
  problem: string | null;
}

export interface ChallengeRow {
  id: string;
  guildId: string;
  localDate: string;
  number: number;
  questionId: string;
  choiceOrder: number[];
  channelId: string;
  locale: string;
  createdAt: Date;
  messageId: string | null;
  threadId: string | null;
  closedAt: Date | null;
  failedAt: Date | null;
}

type Raw = Omit<ChallengeRow, 'choiceOrder'> & { choiceOrder: string };
const toChallenge = (r: Raw): ChallengeRow => ({ ...r, choiceOrder: r.choiceOrder.split(',').map(Number) });

export const getSettings = (db: Db, guildId: string) => db.dailySettings.findUnique({ where: { guildId } }) as Promise<DailySettingsRow | null>;

/** Saving the setup also forgets the problems the admins were told about: one that persists is told again. */
export async function saveSettings(db: Db, s: Omit<DailySettingsRow, 'paused' | 'problem'>): Promise<DailySettingsRow> {
  const [saved] = await db.$transaction([db.dailySettings.upsert({ where: { guildId: s.guildId }, create: s, update: { ...s, problem: null } }), db.adminProblem.deleteMany({ where: { guildId: s.guildId } })]);
  return saved as DailySettingsRow;
}

/** A post went out again: /daily status stops warning. */
export const clearProblemNote = (db: Db, guildId: string) => db.dailySettings.updateMany({ where: { guildId, problem: { not: null } }, data: { problem: null } });

export const setPaused = (db: Db, guildId: string, paused: boolean) => db.dailySettings.updateMany({ where: { guildId }, data: { paused } });

export const activeSettings = (db: Db) => db.dailySettings.findMany({ where: { paused: false } }) as Promise<DailySettingsRow[]>;

/** Records a problem; true only the first time this problem is recorded (so admins are told once). */
export async function recordProblem(db: Db, guildId: string, problem: string): Promise<boolean> {
  const { count } = await db.dailySettings.updateMany({ where: { guildId, OR: [{ problem: null }, { problem: { not: problem } }] }, data: { problem } });
  return count === 1;
}

export async function challengeFor(db: Db, guildId: string, localDate: string): Promise<ChallengeRow | undefined> {
  const row = await db.dailyChallenge.findUnique({ where: { guildId_localDate: { guildId, localDate } } });
  return row ? toChallenge(row) : undefined;
}

export async function findChallenge(db: Db, id: string): Promise<ChallengeRow | undefined> {
  const row = await db.dailyChallenge.findUnique({ where: { id } });
  return row ? toChallenge(row) : undefined;
}

export async function latestNumber(db: Db, guildId: string): Promise<number> {
  return (await db.dailyChallenge.aggregate({ where: { guildId }, _max: { number: true } }))._max.number ?? 0;
}

/** The intent to post, recorded first. 'exists' when another tick, process or retry got there first. */
/** A claim this old with nothing posted was left by a poster that died (a post takes seconds). */
export const STALE_CLAIM_MS = 60_000;

/**
 * Takes over a claim whose poster died: true for exactly one caller, however many processes
 * notice at once (the update is conditional on the claim being as they read it).
 */
export async function takeOverClaim(db: Db, c: ChallengeRow, now: Date): Promise<boolean> {
  if (now.getTime() - c.createdAt.getTime() < STALE_CLAIM_MS) return false;
  const { count } = await db.dailyChallenge.updateMany({ where: { id: c.id, messageId: null, failedAt: null, createdAt: c.createdAt }, data: { createdAt: now } });
  return count === 1;
}

export async function claimChallenge(db: Db, c: ChallengeRow): Promise<'claimed' | 'exists'> {
  try {
    await db.dailyChallenge.create({ data: { ...c, choiceOrder: c.choiceOrder.join(',') } });
    return 'claimed';
  } catch (err) {
    if (isUniqueViolation(err)) return 'exists';
    throw err;
  }
}

/** Moves a challenge whose post failed to another channel, to be posted again. */
export const retarget = (db: Db, id: string, channelId: string) => db.dailyChallenge.update({ where: { id }, data: { channelId, failedAt: null } });

export const setPosted = (db: Db, id: string, data: { messageId?: string; threadId?: string; failedAt?: Date }) => db.dailyChallenge.update({ where: { id }, data });

/** Challenges of a server that are posted and still open, other than `exceptId`. */
export async function openChallenges(db: Db, guildId: string, exceptId: string): Promise<ChallengeRow[]> {
  const rows = await db.dailyChallenge.findMany({ where: { guildId, closedAt: null, messageId: { not: null }, id: { not: exceptId } } });
  return rows.map(toChallenge);
}

export async function claimDailyClose(db: Db, id: string, at: Date): Promise<boolean> {
  const { count } = await db.dailyChallenge.updateMany({ where: { id, closedAt: null }, data: { closedAt: at } });
  return count === 1;
}

/** How often each question has been a daily challenge in this server. */
export async function dailyUseCounts(db: Db, guildId: string): Promise<Map<string, number>> {
  const groups = await db.dailyChallenge.groupBy({ by: ['questionId'], where: { guildId }, _count: { _all: true } });
  return new Map(groups.map((g) => [g.questionId, g._count._all]));
}

export async function dailyAnswerStats(db: Db, challengeId: string) {
  const answers = await db.answer.findMany({ where: { source: 'daily', sourceId: challengeId }, select: { userId: true, correct: true, responseMs: true } });
  return answers;
}

/** A member's daily results in a server, by challenge number. */
export async function memberDailyResults(db: Db, guildId: string, userId: string) {
  const [answers, latest] = await Promise.all([
    db.answer.findMany({ where: { source: 'daily', guildId, userId }, select: { sourceId: true, correct: true } }),
    db.dailyChallenge.findFirst({ where: { guildId, messageId: { not: null } }, orderBy: { number: 'desc' }, select: { number: true, closedAt: true } }),
  ]);
  const numbers = await db.dailyChallenge.findMany({ where: { id: { in: answers.map((a) => a.sourceId) } }, select: { id: true, number: true } });
  const numberOf = new Map(numbers.map((n) => [n.id, n.number]));
  return {
    results: answers.map((a) => ({ number: numberOf.get(a.sourceId) ?? 0, correct: a.correct })),
    latestNumber: latest?.number ?? 0,
    openNumber: latest && !latest.closedAt ? latest.number : undefined,
  };
}
