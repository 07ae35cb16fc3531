import Database from 'better-sqlite3';
import { localDateOf, scheduledInstant } from '../../src/domain/daily.js';
import type { DiscordEmulator } from '../../src/sandbox/emulator.js';
import { buttonsOf, textOf } from '../support/messages.js';
import type { AckedAnswer } from './traffic.js';

/** A time window in which the bot could not be expected to answer (down, or its connection disturbed). */
export interface Window {
  from: number;
  to: number;
}

/**
 * The invariants of a chaos run, read from the store file and the emulator's record. Each returns
 * the violations it found (empty when it holds).
 */
export function checkInvariants(dbPath: string, emu: DiscordEmulator, acked: Iterable<AckedAnswer>, disturbed: readonly Window[], now: Date, guildIds: readonly string[]): Record<string, string[]> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const count = db.prepare('SELECT COUNT(*) AS n FROM Answer WHERE source = ? AND sourceId = ? AND userId = ?');
    const lost = [...acked].filter((a) => (count.get(a.source, a.sourceId, a.userId) as { n: number }).n !== 1).map((a) => `${a.source} ${a.sourceId} by ${a.userId}`);

    const twice = (db.prepare('SELECT source, sourceId, userId, COUNT(*) AS n FROM Answer GROUP BY source, sourceId, userId HAVING n > 1').all() as { source: string; sourceId: string; userId: string }[]).map(
      (r) => `${r.source} ${r.sourceId} by ${r.userId}`,
    );

    const dailies: string[] = [];
    const setUp = new Set((db.prepare('SELECT guildId FROM DailySettings').all() as { guildId: string }[]).map((r) => r.guildId));
    for (const g of guildIds) if (!setUp.has(g)) dailies.push(`${g}: the daily challenge was never set up`);
    for (const s of db.prepare('SELECT guildId, time, timezone FROM DailySettings WHERE paused = 0').all() as { guildId: string; time: string; timezone: string }[]) {
      const today = localDateOf(now, s.timezone);
      const due = scheduledInstant(today, s).getTime() <= now.getTime() - 15_000; // a restart or the minute sweep posts within seconds
      const rows = db.prepare('SELECT messageId FROM DailyChallenge WHERE guildId = ? AND localDate = ?').all(s.guildId, today) as { messageId: string | null }[];
      if (due && (rows.length !== 1 || !rows[0]!.messageId)) dailies.push(`${s.guildId} ${today}: ${rows.length} challenge(s), posted: ${rows.some((r) => r.messageId)}`);
      if (!due && rows.length > 1) dailies.push(`${s.guildId} ${today}: ${rows.length} challenges`);
    }

    const board = db
      .prepare(
        `SELECT s.guildId, s.userId, s.points, s.answers, s.correct, t.points AS p, t.answers AS a, t.correct AS c FROM Score s
         LEFT JOIN (SELECT guildId, userId, SUM(points) AS points, COUNT(*) AS answers, SUM(correct) AS correct FROM Answer WHERE guildId IS NOT NULL GROUP BY guildId, userId) t
           ON t.guildId = s.guildId AND t.userId = s.userId
         WHERE s.period = 'all' AND s.topic = 'any' AND (t.points IS NULL OR s.points <> t.points OR s.answers <> t.answers OR s.correct <> t.correct)`,
      )
      .all()
      .map((r) => JSON.stringify(r));
    const unscored = (db.prepare(`SELECT COUNT(*) AS n FROM (SELECT DISTINCT guildId, userId FROM Answer WHERE guildId IS NOT NULL) a WHERE NOT EXISTS (SELECT 1 FROM Score s WHERE s.guildId = a.guildId AND s.userId = a.userId AND s.period = 'all' AND s.topic = 'any')`).get() as { n: number }).n;
    if (unscored) board.push(`${unscored} member(s) with answers but no score`);

    const rounds: string[] = [];
    for (const r of db.prepare('SELECT id, channelId, status FROM Round').all() as { id: string; channelId: string; status: string }[]) {
      const messages = emu.channelMessages(r.channelId);
      if (r.status === 'running') {
        const q = db.prepare('SELECT messageId FROM RoundQuestion WHERE roundId = ? ORDER BY "index" DESC LIMIT 1').get(r.id) as { messageId: string | null } | undefined;
        const live = q?.messageId && emu.messages.get(q.messageId);
        if (!live && !messages.some((m) => /started a live round|发起了/.test(textOf(m)))) rounds.push(`${r.id} running without a live message`);
      } else if (!messages.some((m) => /Final standings|Standings \(the round was stopped early\)|Nobody answered in this round|最终排名|排名（本轮已提前结束）|本轮没有人作答/.test(textOf(m)) && !buttonsOf(m).length)) {
        rounds.push(`${r.id} ${r.status} without standings in its channel`);
      }
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
      'interactions answered within 3 s while up': late,
    };
  } finally {
    db.close();
  }
}
