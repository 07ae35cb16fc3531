import type { Db } from './client.js';
import { scoreKeeper } from './score-keeper.js';
import { rememberNames } from './scores.js';
import { valueRows } from './sql.js';

export interface NewAnswer {
  source: 'practice' | 'round' | 'daily';
  sourceId: string;
  userId: string;
  guildId: string | null;
  questionId: string;
  choiceIndex: number;
  correct: boolean;
  points: number;
  responseMs: number;
  answeredAt: Date;
  /** the member's name as the interaction showed it, kept for boards */
  displayName?: string;
}

type Outcome = 'recorded' | 'duplicate';
interface Pending {
  answer: NewAnswer;
  resolve: (o: Outcome) => void;
  reject: (e: unknown) => void;
}

/** Rows per statement: 10 parameters each, well inside SQLite's limit on bound parameters. */
const MAX_BATCH = 500;

/**
 * Records answers. The unique constraint (source, sourceId, userId) decides which click counts:
 * one statement per batch, `INSERT … ON CONFLICT DO NOTHING RETURNING`, so a row that comes back
 * was recorded and a row that does not was a duplicate. Answers arriving in the same tick of the
 * event loop share a statement: one member alone pays one insert; 500 members clicking at once pay
 * a handful instead of 500 (Prisma's per-query overhead dominated the burst). The leaderboards are
 * counted right after, by the ScoreKeeper, from the store.
 */
export class AnswerWriter {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  record(answer: NewAnswer): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ answer, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush() {
    this.scheduled = false;
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      // The same member twice in one batch: the first click wins, like two separate inserts.
      const seen = new Map<string, Pending>();
      const first: Pending[] = [];
      for (const p of batch) {
        const key = `${p.answer.source}\0${p.answer.sourceId}\0${p.answer.userId}`;
        if (seen.has(key)) p.resolve('duplicate');
        else {
          seen.set(key, p);
          first.push(p);
        }
      }
      try {
        const inserted = await this.insert(first.map((p) => p.answer));
        for (const [key, p] of seen) p.resolve(inserted.has(key) ? 'recorded' : 'duplicate');
      } catch (err) {
        for (const p of first) p.reject(err);
      }
    }
  }

  private async insert(answers: NewAnswer[]): Promise<Set<string>> {
    const rows = await this.db.$queryRaw<{ source: string; sourceId: string; userId: string }[]>`
      INSERT INTO "Answer" ("source", "sourceId", "userId", "guildId", "questionId", "choiceIndex", "correct", "points", "responseMs", "answeredAt")
      VALUES ${valueRows(answers.map((a) => [a.source, a.sourceId, a.userId, a.guildId, a.questionId, a.choiceIndex, a.correct, a.points, a.responseMs, a.answeredAt]))}
      ON CONFLICT ("source", "sourceId", "userId") DO NOTHING RETURNING "source", "sourceId", "userId"`;
    const inserted = new Set(rows.map((r) => `${r.source}\0${r.sourceId}\0${r.userId}`));
    // Names and leaderboards follow after the member is answered; a failure here loses nothing
    // (the keeper counts from the store on its next pass, and the next answer brings the name again).
    const fresh = answers.filter((a) => inserted.has(`${a.source}\0${a.sourceId}\0${a.userId}`));
    if (fresh.length) {
      observers.get(this.db)?.(fresh.map((a) => a.source));
      scoreKeeper(this.db).soon();
      const naming = new Promise<void>((resolve) => setImmediate(() => void rememberNames(this.db, fresh).catch(() => undefined).finally(resolve)));
      namesInFlight.add(naming);
      void naming.finally(() => namesInFlight.delete(naming));
    }
    return inserted;
  }
}

const writers = new WeakMap<Db, AnswerWriter>();
const observers = new WeakMap<Db, (sources: NewAnswer['source'][]) => void>();

/** Told the source of each answer recorded in this store by this process (metrics). */
export function observeRecordedAnswers(db: Db, observer: (sources: NewAnswer['source'][]) => void): void {
  observers.set(db, observer);
}

/** Records one answer; 'duplicate' when the member had already answered that showing, question or daily. */
/** Names this process is still writing after their answers (a member's data deletion waits for them). */
const namesInFlight = new Set<Promise<void>>();

/** Resolves once every name write started so far has finished. */
export async function namesWritten(): Promise<void> {
  await Promise.all([...namesInFlight]);
}

export function recordAnswer(db: Db, answer: NewAnswer): Promise<Outcome> {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new AnswerWriter(db)));
  return writer.record(answer);
}
