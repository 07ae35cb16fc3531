/**
 * Live-round scoring, as in live quiz games. A correct answer earns
 * round(1000 * (1 - (t / T) / 2)) points (t = response time, T = time allowed; the full 1000 under
 * 0.5 s), plus a streak bonus: the n-th correct answer in a row within the round adds 100 * (n - 1),
 * capped at 500. A wrong or missing answer earns 0 and resets the streak.
 */
export const MAX_POINTS = 1000;
export const FULL_POINTS_WITHIN_MS = 500;
export const STREAK_STEP = 100;
export const STREAK_CAP = 500;

export function basePoints(responseMs: number, allowedMs: number): number {
  if (responseMs < FULL_POINTS_WITHIN_MS) return MAX_POINTS;
  const fraction = Math.min(1, Math.max(0, responseMs / allowedMs));
  return Math.round(MAX_POINTS * (1 - fraction / 2));
}

export const streakBonus = (streak: number): number => Math.min(STREAK_CAP, STREAK_STEP * Math.max(0, streak - 1));

export interface PlayerAnswer {
  userId: string;
  questionIndex: number;
  correct: boolean;
  responseMs: number;
}

export interface PlayerScore {
  userId: string;
  points: number;
  correct: number;
  bestStreak: number;
  /** points each answer earned, by question index */
  perQuestion: Map<number, number>;
}

/**
 * Scores a whole round from its answers. Pure and order-independent in its input, so it gives the
 * same standings after a restart as before it. A question a player skipped breaks the streak.
 */
export function scoreRound(answers: readonly PlayerAnswer[], allowedMs: number, closedQuestions: number): PlayerScore[] {
  const byPlayer = new Map<string, Map<number, PlayerAnswer>>();
  for (const a of answers) {
    if (a.questionIndex >= closedQuestions) continue;
    let mine = byPlayer.get(a.userId);
    if (!mine) byPlayer.set(a.userId, (mine = new Map()));
    mine.set(a.questionIndex, a);
  }
  const scores: PlayerScore[] = [];
  for (const [userId, mine] of byPlayer) {
    let streak = 0;
    const score: PlayerScore = { userId, points: 0, correct: 0, bestStreak: 0, perQuestion: new Map() };
    for (let q = 0; q < closedQuestions; q++) {
      const a = mine.get(q);
      if (!a?.correct) {
        streak = 0;
        if (a) score.perQuestion.set(q, 0);
        continue;
      }
      streak++;
      const points = basePoints(a.responseMs, allowedMs) + streakBonus(streak);
      score.points += points;
      score.correct++;
      score.bestStreak = Math.max(score.bestStreak, streak);
      score.perQuestion.set(q, points);
    }
    scores.push(score);
  }
  return scores;
}

export interface Standing extends PlayerScore {
  rank: number;
}

/** Highest points first; ties broken by more correct answers, then by user id, for a stable order. Equal points and correct share a rank. */
export function rankStandings(scores: readonly PlayerScore[]): Standing[] {
  const sorted = [...scores].sort((a, b) => b.points - a.points || b.correct - a.correct || a.userId.localeCompare(b.userId));
  let rank = 0;
  return sorted.map((s, i) => {
    const prev = sorted[i - 1];
    if (!prev || prev.points !== s.points || prev.correct !== s.correct) rank = i + 1;
    return { ...s, rank };
  });
}
