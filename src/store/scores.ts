import { periodKeys } from '../domain/periods.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { NewAnswer } from './answers.js';
import type { Db } from './client.js';
import { chunks, sql, valueRows } from './sql.js';

type Tx = Prisma.TransactionClient;

/**
 * The aggregates behind leaderboards and /stats (Score, MemberStat, DailyStreak): what one answer
 * adds to them. Reading a board costs the same at a thousand answers or a million. When answers are
 * added is decided by the ScoreKeeper (score-keeper.ts), which keeps them equal to a recount.
 */

/** Zones change only through /daily setup (which rebuilds the server's periods and forgets its entry). */
const ZONE_TTL_MS = 60_000;
const zoneCache = new Map<string, { zone: string; until: number }>();
/** Question facts the aggregates need; a question's topic, difficulty and tags do not change while the bot runs. */
const questionCache = new Map<string, { topic: string; difficulty: string; tags: string }>();
/** Names last written to Member, so an unchanged name costs no statement. */
const nameCache = new Map<string, string>();
const CACHE_LIMIT = 100_000;

function remember<K, V>(cache: Map<K, V>, key: K, value: V) {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

/** Forgets a server's zone (it just changed). */
export const forgetZone = (guildId: string) => zoneCache.delete(guildId);

/** The time zone a server's calendar periods use: its daily challenge's zone, else UTC. */
export async function serverZones(tx: Tx | Db, guildIds: readonly string[]): Promise<Map<string, string>> {
  const now = Date.now();
  const zones = new Map<string, string>();
  const missing = [...new Set(guildIds)].filter((g) => {
    const hit = zoneCache.get(g);
    if (hit && hit.until > now) zones.set(g, hit.zone);
    return !zones.has(g);
  });
  if (missing.length) {
    const rows = await tx.dailySettings.findMany({ where: { guildId: { in: missing } }, select: { guildId: true, timezone: true } });
    const found = new Map(rows.map((r) => [r.guildId, r.timezone]));
    for (const g of missing) {
      const zone = found.get(g) ?? 'UTC';
      zones.set(g, zone);
      remember(zoneCache, g, { zone, until: now + ZONE_TTL_MS });
    }
  }
  return zones;
}

async function questionFacts(tx: Tx, ids: readonly string[]) {
  const missing = [...new Set(ids)].filter((id) => !questionCache.has(id));
  if (missing.length) {
    for (const q of await tx.question.findMany({ where: { id: { in: missing } }, select: { id: true, topic: true, difficulty: true, tags: true } })) remember(questionCache, q.id, q);
  }
  return questionCache;
}

interface ScoreDelta {
  row: [guildId: string, period: string, topic: string, userId: string];
  points: number;
  correct: number;
  answers: number;
  /** the latest answer that earned points, if any */
  scoredAt?: number;
  /** the earliest answer */
  firstAt: number;
}

interface Counted {
  guildId: string;
  userId: string;
  kind: 'difficulty' | 'tag';
  key: string;
  answers: number;
  correct: number;
}

type Scored = NewAnswer & { guildId: string };

/** Adds each item's points (and counts) to every Score row its answer falls in: 4 periods x (its topic, any). */
function scoreDeltas(items: readonly { answer: Scored; points: number; counts: boolean }[], questionById: Map<string, { topic: string }>, zones: Map<string, string>) {
  const scores = new Map<string, ScoreDelta>();
  for (const { answer: a, points, counts } of items) {
    const q = questionById.get(a.questionId);
    if (!q) continue;
    const at = a.answeredAt.getTime();
    for (const period of periodKeys(a.answeredAt, zones.get(a.guildId)!)) {
      for (const topic of ['any', q.topic]) {
        const key = `${a.guildId}\0${period}\0${topic}\0${a.userId}`;
        let d = scores.get(key);
        if (!d) scores.set(key, (d = { row: [a.guildId, period, topic, a.userId], points: 0, correct: 0, answers: 0, firstAt: at }));
        d.points += points;
        if (counts) {
          d.correct += a.correct ? 1 : 0;
          d.answers += 1;
        }
        // "Reached at" follows the answers that hold points now (an answer's own points, not the delta).
        if (a.points > 0) d.scoredAt = Math.max(d.scoredAt ?? at, at);
        d.firstAt = Math.min(d.firstAt, at);
      }
    }
  }
  return [...scores.values()];
}

async function upsertScores(tx: Tx, deltas: readonly ScoreDelta[]) {
  for (const batch of chunks(deltas)) {
    // CASE rather than two-argument MAX/MIN, which PostgreSQL spells GREATEST/LEAST.
    await tx.$executeRaw`
      INSERT INTO "Score" ("guildId", "period", "topic", "userId", "points", "correct", "answers", "reachedAt")
      VALUES ${valueRows(batch.map((d) => [...d.row, d.points, d.correct, d.answers, new Date(d.scoredAt ?? d.firstAt)]))}
      ON CONFLICT ("guildId", "period", "topic", "userId") DO UPDATE SET
        "points" = "Score"."points" + excluded."points",
        "correct" = "Score"."correct" + excluded."correct",
        "answers" = "Score"."answers" + excluded."answers",
        "reachedAt" = CASE
          WHEN excluded."points" > 0 AND "Score"."points" > 0 THEN CASE WHEN excluded."reachedAt" > "Score"."reachedAt" THEN excluded."reachedAt" ELSE "Score"."reachedAt" END
          WHEN excluded."points" > 0 THEN excluded."reachedAt"
          WHEN "Score"."points" = 0 THEN CASE WHEN excluded."reachedAt" < "Score"."reachedAt" THEN excluded."reachedAt" ELSE "Score"."reachedAt" END
          ELSE "Score"."reachedAt" END`;
  }
}

const inServer = (answers: readonly NewAnswer[]) => answers.filter((a): a is Scored => a.guildId !== null);

/** Adds answers (already recorded, each exactly once) to the aggregates. Answers without a server count nowhere. */
export async function applyScores(tx: Tx, answers: readonly NewAnswer[]): Promise<void> {
  const scored = inServer(answers);
  if (!scored.length) return;
  const [questionById, zones] = await Promise.all([questionFacts(tx, scored.map((a) => a.questionId)), serverZones(tx, scored.map((a) => a.guildId))]);
  await upsertScores(tx, scoreDeltas(scored.map((a) => ({ answer: a, points: a.points, counts: true })), questionById, zones));
  const stats = new Map<string, Counted>();
  for (const a of scored) {
    const q = questionById.get(a.questionId);
    if (!q) continue;
    const kinds: [Counted['kind'], string][] = [['difficulty', q.difficulty], ...q.tags.split(',').filter(Boolean).map((tag): [Counted['kind'], string] => ['tag', tag])];
    for (const [kind, value] of kinds) {
      const key = `${a.guildId}\0${a.userId}\0${kind}\0${value}`;
      let c = stats.get(key);
      if (!c) stats.set(key, (c = { guildId: a.guildId, userId: a.userId, kind, key: value, answers: 0, correct: 0 }));
      c.answers += 1;
      c.correct += a.correct ? 1 : 0;
    }
  }
  for (const batch of chunks([...stats.values()])) {
    await tx.$executeRaw`
      INSERT INTO "MemberStat" ("guildId", "userId", "kind", "key", "answers", "correct")
      VALUES ${valueRows(batch.map((c) => [c.guildId, c.userId, c.kind, c.key, c.answers, c.correct]))}
      ON CONFLICT ("guildId", "userId", "kind", "key") DO UPDATE SET
        "answers" = "MemberStat"."answers" + excluded."answers",
        "correct" = "MemberStat"."correct" + excluded."correct"`;
  }
  await applyQuestionDays(tx, scored, zones);
  await applyStreaks(tx, scored.filter((a) => a.source === 'daily' && a.correct));
}

/** Answers per question per local day (QuestionDay), which the weekly recap reads instead of the answers. */
async function applyQuestionDays(tx: Tx, answers: readonly Scored[], zones: Map<string, string>) {
  const days = new Map<string, { guildId: string; day: string; questionId: string; answers: number; correct: number }>();
  for (const a of answers) {
    const day = periodKeys(a.answeredAt, zones.get(a.guildId)!)[1]!.slice(2);
    const key = `${a.guildId}\0${day}\0${a.questionId}`;
    let d = days.get(key);
    if (!d) days.set(key, (d = { guildId: a.guildId, day, questionId: a.questionId, answers: 0, correct: 0 }));
    d.answers += 1;
    d.correct += a.correct ? 1 : 0;
  }
  for (const batch of chunks([...days.values()])) {
    await tx.$executeRaw`
      INSERT INTO "QuestionDay" ("guildId", "day", "questionId", "answers", "correct")
      VALUES ${valueRows(batch.map((d) => [d.guildId, d.day, d.questionId, d.answers, d.correct]))}
      ON CONFLICT ("guildId", "day", "questionId") DO UPDATE SET
        "answers" = "QuestionDay"."answers" + excluded."answers",
        "correct" = "QuestionDay"."correct" + excluded."correct"`;
  }
}

/**
 * Moves the aggregates along with answers whose points changed after they were recorded (a live
 * round adds the streak bonus when a question closes), in the transaction that changes them.
 * `answer.points` is the new value.
 */
export async function applyPointChanges(tx: Tx, changes: readonly { answer: NewAnswer; delta: number }[]): Promise<void> {
  const moved = changes.filter((c): c is { answer: Scored; delta: number } => c.answer.guildId !== null && c.delta !== 0);
  if (!moved.length) return;
  const [questionById, zones] = await Promise.all([questionFacts(tx, moved.map((c) => c.answer.questionId)), serverZones(tx, moved.map((c) => c.answer.guildId))]);
  await upsertScores(tx, scoreDeltas(moved.map((c) => ({ answer: c.answer, points: c.delta, counts: false })), questionById, zones));
}

/** Extends each member's run of correct daily challenges; a gap in the challenge numbers starts a new run. */
async function applyStreaks(tx: Tx, correctDailies: readonly Scored[]) {
  if (!correctDailies.length) return;
  const numbers = new Map(
    (await tx.dailyChallenge.findMany({ where: { id: { in: [...new Set(correctDailies.map((a) => a.sourceId))] } }, select: { id: true, number: true } })).map((c) => [c.id, c.number]),
  );
  const existing = await tx.dailyStreak.findMany({ where: { OR: correctDailies.map((a) => ({ guildId: a.guildId, userId: a.userId })) } });
  const streaks = new Map(existing.map((s) => [`${s.guildId}\0${s.userId}`, s]));
  const ordered = correctDailies.filter((a) => numbers.has(a.sourceId)).sort((x, y) => numbers.get(x.sourceId)! - numbers.get(y.sourceId)!);
  const changed = new Set<string>();
  for (const a of ordered) {
    const number = numbers.get(a.sourceId)!;
    const key = `${a.guildId}\0${a.userId}`;
    const s = streaks.get(key);
    if (s && s.lastNumber >= number) continue;
    const run = s && s.lastNumber === number - 1 ? s.run + 1 : 1;
    streaks.set(key, { guildId: a.guildId, userId: a.userId, run, best: Math.max(run, s?.best ?? 0), lastNumber: number, reachedAt: a.answeredAt });
    changed.add(key);
  }
  for (const key of changed) {
    const s = streaks.get(key)!;
    await tx.dailyStreak.upsert({ where: { guildId_userId: { guildId: s.guildId, userId: s.userId } }, create: s, update: s });
  }
}

/** Names for boards, from the interaction that brought the answer: no REST call per member later. */
export async function rememberNames(tx: Tx | Db, all: readonly NewAnswer[]): Promise<void> {
  const answers = inServer(all);
  const names = new Map<string, [string, string, string]>();
  for (const a of answers) {
    const key = `${a.guildId}\0${a.userId}`;
    if (a.displayName && nameCache.get(key) !== a.displayName) names.set(key, [a.guildId, a.userId, a.displayName]);
  }
  if (!names.size) return;
  const now = new Date();
  for (const batch of chunks([...names.values()])) {
    await tx.$executeRaw`
      INSERT INTO "Member" ("guildId", "userId", "displayName", "updatedAt") VALUES ${valueRows(batch.map((n) => [...n, now]))}
      ON CONFLICT ("guildId", "userId") DO UPDATE SET "displayName" = excluded."displayName", "updatedAt" = excluded."updatedAt"
      WHERE "Member"."displayName" <> excluded."displayName"`;
  }
  for (const [key, [, , name]] of names) remember(nameCache, key, name);
}

/** Forgets a member's cached names (their Member rows were deleted: the next answer writes the name again). */
export function forgetNames(userId: string): void {
  for (const key of nameCache.keys()) if (key.endsWith(`\0${userId}`)) nameCache.delete(key);
}
