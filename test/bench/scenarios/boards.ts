import Database from 'better-sqlite3';
import { setImmediate as turn } from 'node:timers/promises';
import { renderAccuracyChart } from '../../../src/charts/accuracy.js';
import { PERIODS, periodKey } from '../../../src/domain/periods.js';
import { boardView, groupStats, memberStats } from '../../../src/store/boards.js';
import { openStore } from '../../../src/store/client.js';
import { flags, log, median, record } from '../measure.js';

const TOPICS = ['go', 'containers', 'kubernetes', 'istio'];
const GUILD = '400000000000000001';
const NOW = new Date('2026-11-29T20:00:00Z');

/**
 * Seeds one server's answers straight into SQLite (a million through the bot would take an hour),
 * then its aggregates with the same rules as src/store/scores.ts expressed in SQL for the UTC zone:
 * periods by local date, Monday weeks, "reached at" = the latest scoring answer, else the first.
 */
export function seedServer(path: string, members: number, answers: number) {
  const sql = new Database(path);
  sql.pragma('journal_mode = WAL');
  sql.transaction(() => {
    const q = sql.prepare('INSERT INTO Question (id, topic, difficulty, tags, content, answer, choiceCount, contentHash, updatedAt) VALUES (?, ?, ?, ?, ?, 0, 4, ?, ?)');
    TOPICS.forEach((topic, t) => {
      for (let i = 0; i < 10; i++) q.run(`${topic}-${i}`, topic, ['easy', 'medium', 'hard'][i % 3], `tag-${t}-${i % 4}`, '{}', 'h', NOW.getTime());
    });
    const a = sql.prepare('INSERT INTO Answer (source, sourceId, userId, guildId, questionId, choiceIndex, correct, points, responseMs, answeredAt) VALUES (?, ?, ?, ?, ?, 0, ?, ?, 1000, ?)');
    let state = 42;
    const rand = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < answers; i++) {
      const user = Math.floor(members * rand() ** 2); // a few very active members, a long tail
      const correct = rand() < 0.6;
      const answeredAt = NOW.getTime() - Math.floor(rand() * 120 * 86_400_000);
      a.run('round', `s${i}`, `${100000000000000000n + BigInt(user)}`, GUILD, `${TOPICS[i % 4]}-${Math.floor(rand() * 10)}`, correct ? 1 : 0, correct ? 100 + Math.floor(rand() * 900) : 0, answeredAt);
    }
  })();
  const local = `"answeredAt" / 1000, 'unixepoch'`;
  const periods = [`'all'`, `'d:' || date(${local})`, `'w:' || date(${local}, '-6 days', 'weekday 1')`, `'m:' || strftime('%Y-%m', ${local})`];
  for (const period of periods) {
    for (const topic of [`'any'`, 'q."topic"']) {
      sql.exec(`INSERT INTO Score (guildId, period, topic, userId, points, correct, answers, reachedAt)
        SELECT a."guildId", ${period}, ${topic}, a."userId", SUM(a."points"), SUM(a."correct"), COUNT(*),
               CASE WHEN SUM(a."points") > 0 THEN MAX(CASE WHEN a."points" > 0 THEN a."answeredAt" END) ELSE MIN(a."answeredAt") END
        FROM Answer a JOIN Question q ON q."id" = a."questionId" GROUP BY 1, 2, 3, 4`);
    }
  }
  for (const [kind, column] of [['difficulty', 'difficulty'], ['tag', 'tags']]) {
    sql.exec(`INSERT INTO MemberStat (guildId, userId, kind, key, answers, correct)
      SELECT a."guildId", a."userId", '${kind}', q."${column}", COUNT(*), SUM(a."correct") FROM Answer a JOIN Question q ON q."id" = a."questionId" GROUP BY 1, 2, 4`);
  }
  sql.exec(`INSERT INTO QuestionDay (guildId, day, questionId, answers, correct)
    SELECT a."guildId", date(${local}), a."questionId", COUNT(*), SUM(a."correct") FROM Answer a GROUP BY 1, 2, 3`);
  // The aggregates above count every answer: the keeper's watermark says so.
  sql.prepare("INSERT INTO Meta (key, value) VALUES ('scores.appliedId', (SELECT MAX(id) FROM Answer))").run();
  sql.exec('ANALYZE');
  sql.close();
}

/** 3. Leaderboard pages and /stats at 10,000 members and 1,000,000 answers, store code against raw SQL on the same file. */
export async function benchBoards(dir: string) {
  const members = flags.quick ? 1000 : 10_000;
  const answers = flags.quick ? 100_000 : 1_000_000;
  const { db, path } = await openStore(`file:${dir}/boards.db`);
  const t0 = performance.now();
  seedServer(path, members, answers);
  log(`3. boards: seeded ${answers} answers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const boards = PERIODS.flatMap((period) => ['any', ...TOPICS].map((topic) => ({ guildId: GUILD, period: periodKey(period, NOW, 'UTC'), topic })));
  const userAt = (i: number) => `${100000000000000000n + BigInt((i * 7919) % members)}`;
  let i = 0;
  const store = await median(() => {
    const b = boards[i % boards.length]!;
    const page = i % 5;
    return boardView(db, b, page, userAt(i++));
  });

  const raw = new Database(path, { readonly: true });
  const rows = raw.prepare('SELECT userId, points, correct, answers FROM Score WHERE guildId = ? AND period = ? AND topic = ? ORDER BY points DESC, reachedAt ASC, userId ASC LIMIT 10 OFFSET ?');
  const total = raw.prepare('SELECT COUNT(*) AS n FROM Score WHERE guildId = ? AND period = ? AND topic = ?');
  const ahead = raw.prepare('SELECT COUNT(*) AS n FROM Score WHERE guildId = ? AND period = ? AND topic = ? AND points > ?');
  const own = raw.prepare('SELECT points, reachedAt, correct, answers FROM Score WHERE guildId = ? AND period = ? AND topic = ? AND userId = ?');
  const before = raw.prepare('SELECT COUNT(*) AS n FROM Score WHERE guildId = ? AND period = ? AND topic = ? AND (points > ? OR (points = ? AND (reachedAt < ? OR (reachedAt = ? AND userId < ?))))');
  i = 0;
  const rawPage = await median(() => {
    const b = boards[i % boards.length]!;
    const k = [b.guildId, b.period, b.topic] as const;
    const page = rows.all(...k, (i % 5) * 10) as { points: number }[];
    total.get(...k);
    if (page[0]) ahead.get(...k, page[0].points);
    const user = userAt(i++);
    const mine = own.get(...k, user) as { points: number; reachedAt: number } | undefined;
    if (mine) {
      ahead.get(...k, mine.points);
      before.get(...k, mine.points, mine.points, mine.reachedAt, mine.reachedAt, user);
    }
  });
  record(`leaderboard page + own rank, ${members} members / ${answers} answers (median)`, store, 'ms', rawPage, '< 10 ms and < 2x raw SQL', store < 10 && store < 2 * rawPage);

  i = 0;
  const stats = await median(() => memberStats(db, GUILD, userAt(i++)));
  const topicRows = raw.prepare(`SELECT topic, points, correct, answers FROM Score WHERE guildId = ? AND period = 'all' AND userId = ?`);
  const statRows = raw.prepare('SELECT kind, key, answers, correct FROM MemberStat WHERE guildId = ? AND userId = ?');
  const streak = raw.prepare('SELECT run, best, lastNumber FROM DailyStreak WHERE guildId = ? AND userId = ?');
  const latest = raw.prepare('SELECT number, closedAt FROM DailyChallenge WHERE guildId = ? AND messageId IS NOT NULL ORDER BY number DESC LIMIT 1');
  i = 0;
  const rawStats = await median(() => {
    const user = userAt(i++);
    topicRows.all(GUILD, user);
    statRows.all(GUILD, user);
    const k = [GUILD, 'all', 'any'] as const;
    const mine = own.get(...k, user) as { points: number; reachedAt: number } | undefined;
    if (mine) {
      ahead.get(...k, mine.points);
      before.get(...k, mine.points, mine.points, mine.reachedAt, mine.reachedAt, user);
    }
    streak.get(GUILD, user);
    latest.get(GUILD);
  });
  record(`/stats store queries, ${members} members / ${answers} answers (median)`, stats, 'ms', rawStats, '< 20 ms and < 2x raw SQL', stats < 20 && stats < 2 * rawStats);
  raw.close();

  const group = await median(() => groupStats(db, GUILD, new Date(NOW.getTime() - 7 * 86_400_000)), 20);
  record('/group-stats store queries (median)', group, 'ms', null, 'report', null);

  const bars = TOPICS.map((label, n) => ({ label, accuracy: n === 3 ? null : 0.2 + 0.2 * n, answers: 10 * n }));
  const chart = await median(async () => {
    await renderAccuracyChart({ title: 'Accuracy by topic', bars, locale: 'en-US' });
    await turn(); // the canvas frees its pixels on the next turn of the event loop, as between two interactions
  }, 50);
  record('/stats chart render (median)', chart, 'ms', null, '< 50 ms', chart < 50);
  await db.$disconnect();
  log('3. boards');
}
