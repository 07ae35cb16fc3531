import type { Prisma } from '../generated/prisma/client.js';
import type { NewAnswer } from './answers.js';
import { providerOf, type Db, type Provider } from './client.js';
import { applyScores, forgetZone } from './scores.js';

type Tx = Prisma.TransactionClient;

/** The id of the last answer counted in the aggregates. */
const APPLIED = 'scores.appliedId';
/** Answers counted per transaction. */
const PAGE = 2000;
/** Answers are counted once none has arrived for this long (boards count whatever is pending before they read)... */
const QUIET_MS = 100;
/** ...or this long after the first one waiting, whichever comes first. */
const MAX_WAIT_MS = 2000;

const toNew = (a: Prisma.AnswerGetPayload<object>): NewAnswer => ({ ...a, source: a.source as NewAnswer['source'] });

async function appliedId(tx: Tx | Db): Promise<number> {
  return Number((await tx.meta.findUnique({ where: { key: APPLIED } }))?.value ?? 0);
}

/** pg_advisory_xact_lock's key for "the aggregates are being changed" (any number the app uses for nothing else). */
const SCORES_LOCK = 0x5155_495a_0001n;

/**
 * On PostgreSQL, where several processes count and change answers, whoever moves the aggregates
 * or the watermark holds this lock to the end of the transaction: two keepers never count the
 * same answers, and a change to an answer's points never races the pass that counts it. SQLite
 * has one writer (one process per file), which already serialises them.
 */
export async function lockScores(tx: Tx, provider: Provider): Promise<void> {
  if (provider === 'postgresql') await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SCORES_LOCK})`;
}

/**
 * The newest answer id below which no answer can still appear. On SQLite, the newest id (one
 * writer, ids in commit order). On PostgreSQL, ids are handed out before their INSERTs commit, so
 * a later-committing smaller id could slip under a watermark already moved past it: a brief SHARE
 * lock waits for every INSERT in flight (each holds ROW EXCLUSIVE from before it takes its id), so
 * every id up to the newest seen then is settled.
 */
async function settledNewest(db: Db): Promise<number> {
  const newest = (q: Tx | Db) => q.$queryRaw<{ newest: bigint | number | null }[]>`SELECT MAX("id") AS "newest" FROM "Answer"`.then(([r]) => Number(r?.newest ?? 0));
  if (providerOf(db) === 'sqlite') return newest(db);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`LOCK TABLE "Answer" IN SHARE MODE`;
    return newest(tx);
  });
}

const setApplied = (tx: Tx | Db, id: number) => tx.meta.upsert({ where: { key: APPLIED }, create: { key: APPLIED, value: String(id) }, update: { value: String(id) } });

/**
 * Counts recorded answers into the leaderboards after the member has been answered, off the hot
 * path: an answer is one INSERT, and a burst of them is counted in one transaction. The
 * watermark (the last answer id counted) is moved in the same transaction as the counts, so a crash
 * loses nothing and counts nothing twice: the next pass starts where the store says. A pass counts
 * only up to `settledNewest`, so no answer can appear below the watermark later.
 */
export class ScoreKeeper {
  private chain: Promise<void> = Promise.resolve();
  private queued?: Promise<void>;
  /** the watermark as this process last saw it: nothing to do while the newest answer is at it */
  private known = -1;

  private timer?: NodeJS.Timeout;
  private firstWaiting?: number;
  /**
   * Whether this process recorded answers since its last pass (or has not looked yet). Answers
   * another process records are counted by that process's keeper, so a board read here needs no
   * query while this is false.
   */
  private pending = true;
  /** PostgreSQL: other processes record answers too, so a board read always looks for new ones. */
  private readonly shared: boolean;

  constructor(private readonly db: Db) {
    this.shared = providerOf(db) === 'postgresql';
  }

  /**
   * A pass once answers stop arriving for a moment (at most a couple of seconds later), shared by
   * every answer until then: a live round's burst is counted in one transaction after it, instead
   * of blocking the event loop while 500 members are still waiting for their acknowledgements.
   */
  soon(): void {
    this.pending = true;
    const now = Date.now();
    this.firstWaiting ??= now;
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(QUIET_MS, this.firstWaiting + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.firstWaiting = undefined;
      void this.catchUp().catch(() => undefined);
    }, wait);
    this.timer.unref();
  }

  /** Counts every answer recorded (in this process, or found in the store) before the call; resolves once they are in the boards. */
  catchUp(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.pending) return this.chain;
    const pass = this.chain.then(() => {
      this.queued = undefined;
      return this.pass().catch((err: unknown) => {
        this.pending = true; // try again at the next read or answer
        throw err;
      });
    });
    this.queued = pass;
    this.chain = pass.catch(() => undefined);
    return pass;
  }

  private async pass(): Promise<void> {
    this.pending = this.shared;
    // A look at the end of the primary key: is there anything past what this process last counted?
    const last = await settledNewest(this.db);
    const provider = providerOf(this.db);
    while (last > this.known) {
      const done = await this.db.$transaction(async (tx) => {
        await lockScores(tx, provider);
        const from = await appliedId(tx);
        const page = await tx.answer.findMany({ where: { id: { gt: from, lte: last } }, orderBy: { id: 'asc' }, take: PAGE });
        if (page.length) {
          await applyScores(tx, page.map(toNew));
          await setApplied(tx, page.at(-1)!.id);
        }
        return page.length ? page.at(-1)!.id : from;
      });
      if (done === this.known) break;
      this.known = done;
    }
  }

  /**
   * Recounts a server's aggregates from its raw answers (its time zone changed, so its calendar
   * periods moved). Answers past the watermark are left to the next pass, as always.
   */
  async rebuild(guildId: string): Promise<number> {
    forgetZone(guildId);
    await this.catchUp();
    return this.db.$transaction(
      async (tx) => {
        await lockScores(tx, providerOf(this.db));
        const upTo = await appliedId(tx);
        await tx.score.deleteMany({ where: { guildId } });
        await tx.memberStat.deleteMany({ where: { guildId } });
        await tx.questionDay.deleteMany({ where: { guildId } });
        await tx.dailyStreak.deleteMany({ where: { guildId } });
        let after = 0;
        let total = 0;
        for (;;) {
          const page = await tx.answer.findMany({ where: { guildId, id: { gt: after, lte: upTo } }, orderBy: { id: 'asc' }, take: PAGE });
          if (!page.length) return total;
          await applyScores(tx, page.map(toNew));
          total += page.length;
          after = page.at(-1)!.id;
        }
      },
      { timeout: 600_000 },
    );
  }

  /** At start: answers recorded but not counted when the process stopped (or before the boards existed) are counted now. */
  start(): Promise<void> {
    return this.catchUp();
  }
}

const keepers = new WeakMap<Db, ScoreKeeper>();

/** The one keeper of a store (per process). */
export function scoreKeeper(db: Db): ScoreKeeper {
  let keeper = keepers.get(db);
  if (!keeper) keepers.set(db, (keeper = new ScoreKeeper(db)));
  return keeper;
}

/** Whether an answer is already counted: a later change to its points must move the boards itself. */
export async function isCounted(tx: Tx, answerId: number): Promise<boolean> {
  return answerId <= (await appliedId(tx));
}

/** Answers recorded but not yet counted into the aggregates (the score keeper's lag, for metrics). */
export async function uncountedAnswers(db: Db): Promise<number> {
  return db.answer.count({ where: { id: { gt: await appliedId(db) } } });
}
