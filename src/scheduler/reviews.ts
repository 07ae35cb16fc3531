import type { Logger } from 'pino';
import type { Db } from '../store/client.js';
import { refreshCard } from '../store/reviews.js';

/**
 * Keeps review cards up to date after answers, off the answer path: the cards an answer touches
 * are recomputed a moment later, once a burst of clicks has been acknowledged, instead of between
 * the acknowledgements. A card is derived from the stored answers, so one missed by a crash is
 * made whole by the member's next answer to that question.
 */
export class ReviewUpdater {
  private readonly pending = new Set<string>();
  private timer?: NodeJS.Timeout;
  private firstNotedAt = 0;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    /** quiet time before recomputing, and the longest a card waits under a steady stream */
    private readonly quietMs = 200,
    private readonly maxWaitMs = 2000,
  ) {}

  note(userId: string, questionId: string) {
    if (!this.pending.size) this.firstNotedAt = Date.now();
    this.pending.add(`${userId}\0${questionId}`);
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstNotedAt + this.maxWaitMs - Date.now()));
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  /** Recomputes every pending card; resolves when they are stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    const batch = [...this.pending];
    this.pending.clear();
    this.running = this.running.then(async () => {
      for (const key of batch) {
        const [userId = '', questionId = ''] = key.split('\0');
        await refreshCard(this.db, userId, questionId).catch((err) => this.log.warn({ err, user: userId, question: questionId }, 'review card not updated'));
      }
    });
    return this.running;
  }
}
