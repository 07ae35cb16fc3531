import type { Db } from './client.js';
import { isUniqueViolation, providerOf } from './client.js';
import type { NewAnswer } from './answers.js';
import { isCounted } from './score-keeper.js';
import { lockServers } from './score-locks.js';
import { applyPointChanges } from './scores.js';

export interface RoundRow {
  id: string;
  guildId: string;
  channelId: string;
  starterId: string;
  topic: string;
  difficulty: string;
  questionCount: number;
  secondsPerQuestion: number;
  locale: string;
  status: string;
  startedAt: Date;
}

export interface RoundQuestionRow {
  id: string;
  roundId: string;
  index: number;
  questionId: string;
  choiceOrder: number[];
  openedAt: Date;
  deadlineAt: Date;
  closedAt: Date | null;
  messageId: string | null;
}

const toQuestion = (r: Omit<RoundQuestionRow, 'choiceOrder'> & { choiceOrder: string }): RoundQuestionRow => ({
  ...r,
  choiceOrder: r.choiceOrder.split(',').map(Number),
});

/** Creates the round and claims its channel in one transaction; 'busy' when a round already runs there. */
export async function createRound(db: Db, round: RoundRow): Promise<'created' | 'busy'> {
  try {
    await db.$transaction([db.round.create({ data: round }), db.channelRound.create({ data: { channelId: round.channelId, roundId: round.id } })]);
    return 'created';
  } catch (err) {
    if (isUniqueViolation(err)) return 'busy';
    throw err;
  }
}

export async function runningRoundIn(db: Db, channelId: string) {
  const claim = await db.channelRound.findUnique({ where: { channelId } });
  if (!claim) return undefined;
  const current = await db.roundQuestion.findFirst({ where: { roundId: claim.roundId }, orderBy: { index: 'desc' } });
  return { roundId: claim.roundId, messageId: current?.messageId ?? undefined };
}

export const findRound = (db: Db, id: string) => db.round.findUnique({ where: { id } }) as Promise<RoundRow | null>;

export const runningRounds = (db: Db) => db.round.findMany({ where: { status: 'running' } }) as Promise<RoundRow[]>;

/**
 * Records a round's next question before it is sent, in one statement that also checks the round
 * is still running: 'taken' when another process opened it first (and posts it), 'ended' when the
 * round was stopped or ended meanwhile.
 */
export async function openRoundQuestion(db: Db, q: RoundQuestionRow): Promise<'opened' | 'taken' | 'ended'> {
  try {
    const inserted = await db.$executeRaw`
      INSERT INTO "RoundQuestion" ("id", "roundId", "index", "questionId", "choiceOrder", "openedAt", "deadlineAt")
      SELECT ${q.id}, ${q.roundId}, ${q.index}, ${q.questionId}, ${q.choiceOrder.join(',')}, ${q.openedAt}, ${q.deadlineAt}
      WHERE EXISTS (SELECT 1 FROM "Round" WHERE "id" = ${q.roundId} AND "status" = 'running')`;
    return inserted === 1 ? 'opened' : 'ended';
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return 'taken';
  }
}

/** Every question of these rounds, in order, by round. */
export async function questionsOf(db: Db, roundIds: string[]): Promise<Map<string, RoundQuestionRow[]>> {
  const byRound = new Map<string, RoundQuestionRow[]>();
  if (!roundIds.length) return byRound;
  for (const row of await db.roundQuestion.findMany({ where: { roundId: { in: roundIds } }, orderBy: [{ roundId: 'asc' }, { index: 'asc' }] })) {
    const list = byRound.get(row.roundId) ?? [];
    list.push(toQuestion(row));
    byRound.set(row.roundId, list);
  }
  return byRound;
}

/** Who has answered a round question (through any process). */
export async function answeredBy(db: Db, roundQuestionId: string): Promise<string[]> {
  const rows = await db.answer.findMany({ where: { source: 'round', sourceId: roundQuestionId }, select: { userId: true } });
  return rows.map((r) => r.userId);
}

export const setQuestionMessage = (db: Db, id: string, messageId: string) => db.roundQuestion.update({ where: { id }, data: { messageId } });

export async function findRoundQuestion(db: Db, id: string): Promise<RoundQuestionRow | undefined> {
  const row = await db.roundQuestion.findUnique({ where: { id } });
  return row ? toQuestion(row) : undefined;
}

export async function latestRoundQuestion(db: Db, roundId: string): Promise<RoundQuestionRow | undefined> {
  const row = await db.roundQuestion.findFirst({ where: { roundId }, orderBy: { index: 'desc' } });
  return row ? toQuestion(row) : undefined;
}

/** Closes a question once: true only for the caller that actually closed it. */
export async function claimClose(db: Db, id: string, at: Date): Promise<boolean> {
  const { count } = await db.roundQuestion.updateMany({ where: { id, closedAt: null }, data: { closedAt: at } });
  return count === 1;
}

/** Every answer given in a round, with the index of the question it answered. */
export async function roundAnswers(db: Db, roundId: string) {
  const questions = await db.roundQuestion.findMany({ where: { roundId }, select: { id: true, index: true } });
  const indexOf = new Map(questions.map((q) => [q.id, q.index]));
  const answers = await db.answer.findMany({ where: { source: 'round', sourceId: { in: [...indexOf.keys()] } } });
  return answers.map((a) => ({ ...a, questionIndex: indexOf.get(a.sourceId)! }));
}

/** Writes each answer's final points (time points plus streak bonus), and moves the leaderboards with them, in one transaction. */
export async function setAnswerPoints(db: Db, points: { id: number; points: number }[]) {
  if (!points.length) return;
  await db.$transaction(async (tx) => {
    // The server's lock only: a recount of another server, however long, does not hold this close up.
    const ids = points.map((p) => p.id);
    const servers = await tx.answer.findMany({ where: { id: { in: ids } }, select: { guildId: true }, distinct: ['guildId'] });
    await lockServers(tx, providerOf(db), servers.flatMap((a) => (a.guildId ? [a.guildId] : [])));
    const before = new Map((await tx.answer.findMany({ where: { id: { in: ids } } })).map((a) => [a.id, a]));
    const changes = points.flatMap((p) => {
      const a = before.get(p.id);
      return a && a.points !== p.points ? [{ answer: { ...a, source: a.source as NewAnswer['source'], points: p.points }, delta: p.points - a.points }] : [];
    });
    for (const c of changes) await tx.answer.update({ where: { id: c.answer.id }, data: { points: c.answer.points } });
    // Answers not yet counted will be counted with their new points; counted ones move the boards now.
    const counted: typeof changes = [];
    for (const c of changes) if (await isCounted(tx, c.answer)) counted.push(c);
    await applyPointChanges(tx, counted);
  });
}

/** What an ended round still owes: its standings saved and posted, or saved only (nowhere to post them). */
export type Owed = 'standings' | 'results';

/**
 * Ends a running round once, recording what it owes in the same write; false when it had already
 * ended. Frees the channel either way.
 */
export async function endRound(db: Db, roundId: string, status: 'finished' | 'aborted', at: Date, owed: Owed, endReason?: string): Promise<boolean> {
  const [{ count }] = await db.$transaction([
    db.round.updateMany({ where: { id: roundId, status: 'running' }, data: { status, finishedAt: at, endReason, owed } }),
    db.channelRound.deleteMany({ where: { roundId } }),
  ]);
  return count === 1;
}

/** Ended rounds that still owe something and ended at or before `endedBy`, oldest first. */
export const owingRounds = (db: Db, endedBy: Date) =>
  db.round.findMany({ where: { owed: { not: null }, finishedAt: { lte: endedBy } }, orderBy: { finishedAt: 'asc' }, take: 50 }) as Promise<(RoundRow & { owed: Owed; endReason: string | null })[]>;

/** The round owes nothing more. */
export async function settleRound(db: Db, roundId: string) {
  await db.round.updateMany({ where: { id: roundId }, data: { owed: null } });
}

/** A player's line in a finished round's standings, and how many players it has; undefined when they did not play. */
export async function placeIn(db: Db, roundId: string, userId: string) {
  const [result, players] = await Promise.all([db.roundResult.findUnique({ where: { roundId_userId: { roundId, userId } } }), db.roundResult.count({ where: { roundId } })]);
  return result ? { ...result, players } : undefined;
}

export async function saveResults(db: Db, roundId: string, results: { userId: string; points: number; correct: number; bestStreak: number; rank: number }[]) {
  await db.$transaction([db.roundResult.deleteMany({ where: { roundId } }), db.roundResult.createMany({ data: results.map((r) => ({ roundId, ...r })) })]);
}
