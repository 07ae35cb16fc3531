import type { Question } from '../domain/question.js';
import type { Db } from './client.js';

export interface StoredQuestion extends Question {
  contentHash: string;
}

type Content = Pick<Question, 'prompt' | 'choices' | 'explanation' | 'links' | 'snippet' | 'version'>;

const toRow = (q: StoredQuestion) => ({
  topic: q.topic,
  difficulty: q.difficulty,
  tags: q.tags.join(','),
  content: JSON.stringify({ prompt: q.prompt, choices: q.choices, explanation: q.explanation, links: q.links, snippet: q.snippet, version: q.version } satisfies Content),
  answer: q.answer,
  choiceCount: q.choices.length,
  contentHash: q.contentHash,
  retiredAt: null,
});

/** The built-in bank's questions that may be served: every one not retired (servers' packs load apart). */
export async function loadActiveQuestions(db: Db): Promise<Question[]> {
  const rows = await db.question.findMany({ where: { retiredAt: null, guildId: null }, orderBy: { id: 'asc' } });
  return rows.map((r) => {
    const content = JSON.parse(r.content) as Content;
    return { id: r.id, topic: r.topic, difficulty: r.difficulty, tags: r.tags.split(','), answer: r.answer, ...content } as Question;
  });
}

/**
 * Makes the store hold exactly `questions` as the active bank, by stable id, in one transaction:
 * new ones are inserted, changed ones updated in place (answers keep pointing at them), and ones no
 * longer in the bank retired (kept for history, never served).
 */
export async function syncQuestions(db: Db, questions: StoredQuestion[], now: Date): Promise<{ added: number; updated: number; retired: number }> {
  const existing = await db.question.findMany({ where: { guildId: null }, select: { id: true, contentHash: true, retiredAt: true } });
  const byId = new Map(existing.map((r) => [r.id, r]));
  const incoming = new Set(questions.map((q) => q.id));
  const added = questions.filter((q) => !byId.has(q.id));
  const updated = questions.filter((q) => {
    const row = byId.get(q.id);
    return row && (row.contentHash !== q.contentHash || row.retiredAt !== null);
  });
  const toRetire = existing.filter((r) => r.retiredAt === null && !incoming.has(r.id)).map((r) => r.id);
  await db.$transaction([
    ...(added.length ? [db.question.createMany({ data: added.map((q) => ({ id: q.id, ...toRow(q) })) })] : []),
    ...updated.map((q) => db.question.update({ where: { id: q.id }, data: toRow(q) })),
    ...(toRetire.length ? [db.question.updateMany({ where: { id: { in: toRetire } }, data: { retiredAt: now } })] : []),
  ]);
  return { added: added.length, updated: updated.length, retired: toRetire.length };
}
