import { localDateOf, scheduledInstant } from '../../src/domain/daily.js';
import type { DiscordEmulator } from '../../src/sandbox/emulator.js';
import type { Db } from '../../src/store/client.js';
import { buttonsOf, textOf } from '../support/messages.js';
import type { AckedAnswer } from './traffic.js';

/** A time window in which the bot could not be expected to answer (down, or its connection disturbed). */
export interface Window {
  from: number;
  to: number;
}

/** How long past a step's due instant a running round may wait for it (pause and intro are 5 s and 3 s). */
const WEDGE_MARGIN_MS = 30_000;

const keyOf = (a: { source: string; sourceId: string; userId: string }) => `${a.source} ${a.sourceId} by ${a.userId}`;

/**
 * The invariants of a chaos run, read from the store (SQLite or PostgreSQL, through the store's own
 * client) and the emulator's record. Each returns the violations it found (empty when it holds).
 */
export async function checkInvariants(db: Db, emu: DiscordEmulator, acked: Iterable<AckedAnswer>, disturbed: readonly Window[], now: Date, guildIds: readonly string[]): Promise<Record<string, string[]>> {
  const answers = await db.answer.findMany({ select: { source: true, sourceId: true, userId: true, guildId: true, points: true, correct: true } });
  const stored = new Map<string, number>();
  for (const a of answers) stored.set(keyOf(a), (stored.get(keyOf(a)) ?? 0) + 1);
  const lost = [...acked].filter((a) => stored.get(keyOf(a)) !== 1).map(keyOf);
  const twice = [...stored].filter(([, n]) => n > 1).map(([key]) => key);

  const dailies: string[] = [];
  const settings = await db.dailySettings.findMany();
  const setUp = new Set(settings.map((s) => s.guildId));
  for (const g of guildIds) if (!setUp.has(g)) dailies.push(`${g}: the daily challenge was never set up`);
  for (const s of settings.filter((x) => !x.paused)) {
    const today = localDateOf(now, s.timezone);
    const due = scheduledInstant(today, s).getTime() <= now.getTime() - 15_000; // a restart or the minute sweep posts within seconds
    const rows = await db.dailyChallenge.findMany({ where: { guildId: s.guildId, localDate: today } });
    if (due && (rows.length !== 1 || !rows[0]!.messageId)) dailies.push(`${s.guildId} ${today}: ${rows.length} challenge(s), posted: ${rows.some((r) => r.messageId)}`);
    if (!due && rows.length > 1) dailies.push(`${s.guildId} ${today}: ${rows.length} challenges`);
  }

  // Every member's all-time line equals a recount of their answers in that server.
  const recount = new Map<string, { points: number; answers: number; correct: number }>();
  for (const a of answers) {
    if (a.guildId === null) continue;
    const key = `${a.guildId} ${a.userId}`;
    const r = recount.get(key) ?? { points: 0, answers: 0, correct: 0 };
    recount.set(key, { points: r.points + a.points, answers: r.answers + 1, correct: r.correct + (a.correct ? 1 : 0) });
  }
  const board: string[] = [];
  const scores = new Map((await db.score.findMany({ where: { period: 'all', topic: 'any' } })).map((s) => [`${s.guildId} ${s.userId}`, s]));
  for (const [key, r] of recount) {
    const s = scores.get(key);
    if (!s || s.points !== r.points || s.answers !== r.answers || s.correct !== r.correct) board.push(`${key}: board ${s ? `${s.points}/${s.answers}/${s.correct}` : 'missing'}, recount ${r.points}/${r.answers}/${r.correct}`);
  }
  for (const key of scores.keys()) if (!recount.has(key)) board.push(`${key}: on the board without answers`);

  const rounds: string[] = [];
  for (const r of await db.round.findMany({ select: { id: true, channelId: true, status: true } })) {
    const messages = emu.channelMessages(r.channelId);
    if (r.status === 'running') {
      const q = await db.roundQuestion.findFirst({ where: { roundId: r.id }, orderBy: { index: 'desc' }, select: { messageId: true } });
      const live = q?.messageId && emu.messages.get(q.messageId);
      if (!live && !messages.some((m) => /started a live round|发起了/.test(textOf(m)))) rounds.push(`${r.id} running without a live message`);
    } else if (!messages.some((m) => /Final standings|Standings \(the round was stopped early\)|Nobody answered in this round|最终排名|排名（本轮已提前结束）|本轮没有人作答/.test(textOf(m)) && buttonsOf(m).every((b) => b.custom_id.startsWith('rs:')))) {
      rounds.push(`${r.id} ${r.status} without standings in its channel`);
    }
  }

  // A round's every step is due at an instant in the store: one still running well past its latest
  // deadline (or its start, before a first question) has wedged. The margin covers the pause and
  // intro between questions, plus any time the bot was down or disturbed since.
  const wedged: string[] = [];
  for (const r of await db.round.findMany({ where: { status: 'running' }, select: { id: true, startedAt: true } })) {
    const q = await db.roundQuestion.findFirst({ where: { roundId: r.id }, orderBy: { index: 'desc' }, select: { index: true, deadlineAt: true } });
    const dueAt = (q?.deadlineAt ?? r.startedAt).getTime();
    // windows are on performance.now(), deadlines on the wall clock
    const down = disturbed.reduce((sum, w) => sum + Math.max(0, Math.min(performance.timeOrigin + w.to, now.getTime()) - Math.max(performance.timeOrigin + w.from, dueAt)), 0);
    const overBy = now.getTime() - dueAt - down - WEDGE_MARGIN_MS;
    if (overBy > 0) wedged.push(`${r.id} still running ${Math.round((now.getTime() - dueAt) / 1000)} s after ${q ? `question ${q.index + 1}'s deadline` : 'its start'}`);
  }

  const late: string[] = [];
  for (const i of emu.interactions.values()) {
    if (!i.delivered || disturbed.some((w) => i.dispatchedAt >= w.from && i.dispatchedAt <= w.to)) continue;
    if (i.ackedAt === undefined || i.ackedAt - i.dispatchedAt > 3000) late.push(`${i.id} ${i.ackedAt === undefined ? 'never answered' : `answered after ${Math.round(i.ackedAt - i.dispatchedAt)} ms`}`);
  }

  return {
    'acknowledged answers stored exactly once': lost,
    'one answer per member per question': twice,
    'one daily challenge per server per local date': dailies,
    'leaderboard totals equal a recount': board,
    'rounds running with a live message, or finished with standings': rounds,
    'no round running past its latest deadline plus a margin': wedged,
    'interactions answered within 3 s while up': late,
  };
}
