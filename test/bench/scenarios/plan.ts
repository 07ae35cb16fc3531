import Database from 'better-sqlite3';
import { setImmediate as turn } from 'node:timers/promises';
import { TAG_NAMES, TAGS } from '../../../src/bank/tags.js';
import { renderAccuracyChart } from '../../../src/charts/accuracy.js';
import { renderHeatmap } from '../../../src/charts/heatmap.js';
import { localDateOf } from '../../../src/domain/daily.js';
import { mapOrder, memberMastery, questionsByTag, studyNext } from '../../../src/domain/mastery.js';
import { planFromTemplate, type Plan } from '../../../src/domain/plan.js';
import { DEFAULT_RECAP, dueRecap } from '../../../src/domain/recap.js';
import { foldCard } from '../../../src/domain/review.js';
import { openStore } from '../../../src/store/client.js';
import { memberProgress, planLayout, toCard } from '../../../src/store/progress.js';
import { memberPeriods, recapFigures, summarizeRecap, type RecapMemberRow, type RecapRowGroup } from '../../../src/store/recap.js';
import { flags, log, median, record } from '../measure.js';
import { seedServer } from './boards.js';

const GUILD = '400000000000000001';
const USER = '100000000000000042';
const NOW = new Date('2026-11-29T20:00:00Z'); // a Sunday: the recap without a plan is due

/** One member's 5,000 answers over 60 days on 345 questions of the real tags, their cards folded from them, their MemberStat rows; 200 other members' cards beside. */
function seedMember(path: string) {
  const sql = new Database(path);
  sql.pragma('journal_mode = WAL');
  const questions = Array.from({ length: 345 }, (_, i) => ({ id: `q${i}`, tags: [TAG_NAMES[i % TAG_NAMES.length]!, TAG_NAMES[(i * 7) % TAG_NAMES.length]!] }));
  let state = 7;
  const rand = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  sql.transaction(() => {
    const q = sql.prepare("INSERT INTO Question (id, topic, difficulty, tags, content, answer, choiceCount, contentHash, updatedAt) VALUES (?, ?, 'easy', ?, '{}', 0, 4, 'h', ?)");
    for (const x of questions) q.run(x.id, TAGS[x.tags[0] as keyof typeof TAGS].topic, x.tags.join(','), NOW.getTime());
    const a = sql.prepare("INSERT INTO Answer (source, sourceId, userId, guildId, questionId, choiceIndex, correct, points, responseMs, answeredAt) VALUES ('practice', ?, ?, ?, ?, 0, ?, 0, 4000, ?)");
    const events = new Map<string, { answerId: number; at: Date; correct: boolean; responseMs: number }[]>();
    const stats = new Map<string, [number, number]>();
    for (let i = 0; i < 5000; i++) {
      const question = questions[Math.floor(rand() * questions.length)]!;
      const correct = rand() < 0.65;
      const at = NOW.getTime() - 60 * 86_400_000 + i * 1_000_000;
      const id = Number(a.run(`s${i}`, USER, GUILD, question.id, correct ? 1 : 0, at).lastInsertRowid);
      (events.get(question.id) ?? events.set(question.id, []).get(question.id)!).push({ answerId: id, at: new Date(at), correct, responseMs: 4000 });
      for (const tag of question.tags) {
        const s = stats.get(tag) ?? [0, 0];
        stats.set(tag, [s[0] + 1, s[1] + (correct ? 1 : 0)]);
      }
    }
    const c = sql.prepare('INSERT INTO ReviewCard (userId, questionId, due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, lastReview, lastAnswerId) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const card = (user: string, questionId: string, ev: NonNullable<ReturnType<typeof events.get>>) => {
      const f = foldCard(ev)!;
      const k = f.card;
      c.run(user, questionId, k.due.getTime(), k.stability, k.difficulty, k.elapsed_days, k.scheduled_days, k.learning_steps, k.reps, k.lapses, k.state, k.last_review?.getTime() ?? null, f.lastAnswerId);
    };
    for (const [questionId, ev] of events) card(USER, questionId, ev);
    for (let m = 0; m < 200; m++) for (const [questionId, ev] of [...events].slice(0, 50)) card(`2000000000000${String(m).padStart(5, '0')}`, questionId, ev);
    const s = sql.prepare("INSERT INTO MemberStat (guildId, userId, kind, key, answers, correct) VALUES (?, ?, 'tag', ?, ?, ?)");
    for (const [tag, [n, k]] of stats) s.run(GUILD, USER, tag, n, k);
  })();
  sql.prepare("INSERT INTO Meta (key, value) VALUES ('scores.appliedId', (SELECT MAX(id) FROM Answer))").run();
  sql.exec('ANALYZE');
  sql.close();
  return questions;
}

/** 8 (issue 19). /progress for a member with 5,000 answers; the weekly recap at 10,000 members and 1,000,000 answers; the recap's PNG. */
export async function benchPlan(dir: string) {
  {
    const { db, path } = await openStore(`file:${dir}/progress.db`);
    const served = seedMember(path);
    const store = await median(() => memberProgress(db, GUILD, USER, served, NOW));
    const raw = new Database(path, { readonly: true });
    const cards = raw.prepare('SELECT * FROM ReviewCard WHERE userId = ?');
    const prefs = raw.prepare('SELECT retention FROM ReviewPrefs WHERE userId = ?');
    const stats = raw.prepare("SELECT key, answers, correct FROM MemberStat WHERE guildId = ? AND userId = ? AND kind = 'tag'");
    const planRow = raw.prepare('SELECT * FROM StudyPlan WHERE guildId = ?');
    const weeks = raw.prepare('SELECT * FROM PlanWeek WHERE guildId = ? ORDER BY number');
    const zone = raw.prepare('SELECT timezone FROM DailySettings WHERE guildId = ?');
    const applied = raw.prepare("SELECT value FROM Meta WHERE key = 'scores.appliedId'");
    const maxId = raw.prepare('SELECT MAX(id) AS id FROM Answer');
    const byTag = questionsByTag(served);
    const rawMs = await median(() => {
      applied.get();
      maxId.get();
      type CardRow = Parameters<typeof toCard>[0] & { due: number; lastReview: number | null };
      const rows = (cards.all(USER) as CardRow[]).map((r) => ({ questionId: r.questionId, card: toCard({ ...r, due: new Date(r.due), lastReview: r.lastReview === null ? null : new Date(r.lastReview) }) }));
      const retention = (prefs.get(USER) as { retention: number } | undefined)?.retention;
      const accuracy = new Map((stats.all(GUILD, USER) as { key: string; answers: number; correct: number }[]).map((s) => [s.key, s]));
      planRow.get(GUILD);
      weeks.all(GUILD);
      const tz = (zone.get(GUILD) as { timezone: string } | undefined)?.timezone ?? 'UTC';
      const layout = planLayout(undefined, localDateOf(NOW, tz));
      const mastery = memberMastery(TAG_NAMES, byTag, rows, accuracy, NOW, retention);
      studyNext(TAG_NAMES.map((tag) => ({ tag, topic: TAGS[tag].topic, mastery: mastery.get(tag)! })), layout.thisWeek, layout.earlier, layout.planTags);
      mapOrder(layout.planTags);
    });
    raw.close();
    record('/progress store queries + mastery, 5,000 answers (median)', store, 'ms', rawMs, '< 50 ms and < 2x raw SQL', store < 50 && store < 2 * rawMs);
    const progress = await memberProgress(db, GUILD, USER, served, NOW);
    const groups = progress.groups.map((g) => ({ title: g.topic, cells: g.tags.map((tag) => ({ label: TAGS[tag as keyof typeof TAGS].en, value: 0.5, caption: '50%' })) }));
    const png = await median(async () => {
      await renderHeatmap({ title: 'Mastery map', groups });
      await turn();
    }, 30);
    record('/progress heatmap PNG render (median)', png, 'ms', null, 'report', null);
    await db.$disconnect();
    log('8a. /progress');
  }
  {
    const members = flags.quick ? 1000 : 10_000;
    const answers = flags.quick ? 100_000 : 1_000_000;
    const { db, path } = await openStore(`file:${dir}/recap.db`);
    const t0 = performance.now();
    seedServer(path, members, answers);
    log(`8b. recap: seeded ${answers} answers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const week = dueRecap(NOW, 'UTC', undefined, DEFAULT_RECAP)!;
    const tags = new Map<string, string[]>();
    const tagsOf = (id: string) => tags.get(id) ?? tags.set(id, [`tag-${id}`]).get(id);
    const store = await median(() => recapFigures(db, GUILD, week, tagsOf), flags.quick ? 20 : 50);
    const raw = new Database(path, { readonly: true });
    const { days, previousDays: prev } = week;
    const [now, before] = [memberPeriods(days), memberPeriods(prev)];
    const list = (xs: string[]) => xs.map(() => '?').join(', ');
    const byQuestion = raw.prepare(`SELECT questionId AS key,
        SUM(CASE WHEN day >= ? THEN answers ELSE 0 END) AS n, SUM(CASE WHEN day >= ? THEN correct ELSE 0 END) AS c,
        SUM(CASE WHEN day >= ? AND day <= ? THEN answers ELSE 0 END) AS pn, SUM(CASE WHEN day >= ? AND day <= ? THEN correct ELSE 0 END) AS pc
      FROM QuestionDay WHERE guildId = ? AND day >= ? AND day <= ? GROUP BY questionId`);
    const inNow = `period IN (${list(now)})`;
    const inBefore = `period IN (${list(before)})`;
    const byMember = raw.prepare(`WITH u AS (SELECT userId,
        SUM(CASE WHEN ${inNow} THEN answers ELSE 0 END) AS n, SUM(CASE WHEN ${inNow} THEN correct ELSE 0 END) AS c,
        SUM(CASE WHEN ${inBefore} THEN answers ELSE 0 END) AS pn, SUM(CASE WHEN ${inBefore} THEN correct ELSE 0 END) AS pc
        FROM Score WHERE guildId = ? AND topic = 'any' AND period IN (${list([...now, ...before])}) GROUP BY userId)
      SELECT 0 AS kind, '' AS key, COUNT(*) AS n, 0 AS c, 0 AS pn, 0 AS pc FROM u WHERE n > 0
      UNION ALL SELECT * FROM (SELECT 1, userId, n, c, pn, pc FROM u WHERE n > 0 ORDER BY n DESC, userId ASC LIMIT 10)
      UNION ALL SELECT * FROM (SELECT 2, userId, n, c, pn, pc FROM u WHERE n >= 3 AND pn >= 3 AND c * pn > pc * n ORDER BY 1.0 * c / n - 1.0 * pc / pn DESC, userId ASC LIMIT 3)`);
    const latest = raw.prepare('SELECT number, closedAt FROM DailyChallenge WHERE guildId = ? AND messageId IS NOT NULL ORDER BY number DESC LIMIT 1');
    const streaks = raw.prepare('SELECT userId, run FROM DailyStreak WHERE guildId = ? AND lastNumber IN (?) ORDER BY run DESC, reachedAt ASC, userId ASC LIMIT 10');
    const streakCount = raw.prepare('SELECT COUNT(*) AS n FROM DailyStreak WHERE guildId = ? AND lastNumber IN (?)');
    const applied = raw.prepare("SELECT value FROM Meta WHERE key = 'scores.appliedId'");
    const maxId = raw.prepare('SELECT MAX(id) AS id FROM Answer');
    const rawMs = await median(() => {
      applied.get();
      maxId.get();
      const q = byQuestion.all(days.start, days.start, prev.start, prev.end, prev.start, prev.end, GUILD, prev.start, days.end) as RecapRowGroup[];
      const m = byMember.all(...now, ...now, ...before, ...before, GUILD, ...now, ...before) as RecapMemberRow[];
      latest.get(GUILD);
      const s = streaks.all(GUILD, 0) as { userId: string; run: number }[];
      streakCount.get(GUILD, 0);
      summarizeRecap(week, q, m, s, tagsOf);
    }, flags.quick ? 20 : 50);
    const summary = await recapFigures(db, GUILD, week, tagsOf);
    log(`8b. recap: ${summary.participants} members took part; most improved ${summary.improved.length}; ${summary.concepts.length} concepts`);
    raw.close();
    record(`weekly recap store queries, ${members} members / ${answers} answers (median)`, store, 'ms', rawMs, '< 50 ms and < 2x raw SQL', store < 50 && store < 2 * rawMs);
    await db.$disconnect();

    // The recap's chart: a plan week of 13 concepts (the notes' largest week), labels in Chinese.
    const plan: Plan = { template: 'notes', pausedAt: null, weeks: planFromTemplate('notes', '2026-11-30') };
    const bars = plan.weeks[2]!.tags.map((tag, i) => ({ label: TAGS[tag as keyof typeof TAGS].zh, accuracy: i % 5 ? i / 13 : null, answers: 40 + i }));
    const chart = await median(async () => {
      await renderAccuracyChart({ title: '本周各概念的正确率', bars, locale: 'zh-CN' });
      await turn();
    }, 30);
    record('weekly recap chart PNG render (median)', chart, 'ms', null, '< 100 ms', chart < 100);
    log('8b. weekly recap');
  }
}
