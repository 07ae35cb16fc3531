import type { Db } from '../../src/store/client.js';

export const SCORED_QUESTIONS = [
  { id: 'q-go', topic: 'go', difficulty: 'easy', tags: 'goroutine,channel' },
  { id: 'q-k8s', topic: 'kubernetes', difficulty: 'medium', tags: 'pod' },
  { id: 'q-istio', topic: 'istio', difficulty: 'hard', tags: 'sidecar' },
];

export async function seedQuestions(db: Db) {
  for (const q of SCORED_QUESTIONS) await db.question.create({ data: { ...q, content: '{}', answer: 0, choiceCount: 3, contentHash: 'h' } });
}

/** `count` answers in a server (one INSERT per 1,000), spread over members, questions and hours from `start`. */
export async function insertAnswers(db: Db, guildId: string, count: number, opts: { start?: number; tag?: string; members?: number } = {}) {
  const start = opts.start ?? Date.UTC(2026, 10, 2, 6);
  const members = opts.members ?? 40;
  for (let from = 0; from < count; from += 1000) {
    const data = Array.from({ length: Math.min(1000, count - from) }, (_, k) => {
      const i = from + k;
      return { source: 'round', sourceId: `${opts.tag ?? 'r'}${guildId}-${Math.floor(i / members)}`, userId: `u${i % members}`, guildId, questionId: SCORED_QUESTIONS[i % 3]!.id, choiceIndex: 0, correct: i % 4 !== 0, points: i % 4 ? 100 + (i % 50) : 0, responseMs: 1000, answeredAt: new Date(start + i * 60_000) };
    });
    await db.answer.createMany({ data });
  }
}

/** A server's aggregates, in a stable order, to compare two ways of counting. */
export async function aggregatesOf(db: Db, guildId: string) {
  return {
    scores: await db.score.findMany({ where: { guildId }, orderBy: [{ period: 'asc' }, { topic: 'asc' }, { userId: 'asc' }] }),
    stats: await db.memberStat.findMany({ where: { guildId }, orderBy: [{ userId: 'asc' }, { kind: 'asc' }, { key: 'asc' }] }),
    days: await db.questionDay.findMany({ where: { guildId }, orderBy: [{ day: 'asc' }, { questionId: 'asc' }] }),
  };
}
