import type { Prisma } from '../generated/prisma/client.js';
import { providerOf, type Db, type Provider } from './client.js';
import { applyScores, forgetZone } from './scores.js';
import { lockServers, lockWatermark } from './score-locks.js';
import { rebuildServer, resumeRebuilds } from './score-rebuild.js';
import { appliedId, PAGE, recountingServers, recountProgress, setApplied, toNew } from './score-watermark.js';

type Tx = Prisma.TransactionClient;

/** Answers are counted once none has arrived for this long (boards count whatever is pending before they read)... */
const QUIET_MS = 100;
/** ...or this long after the first one waiting, whichever comes first. */
const MAX_WAIT_MS = 2000;

/**
 * The newest answer id below which no answer can still appear. On SQLite, the newest id (one
 * writer, ids in commit order). On PostgreSQL, ids are handed out before their INSERTs commit, so
 * a later-committing smaller id could slip under a watermark already moved past it: a brief SHARE
 * lock waits for every INSERT in flight (each holds ROW EXCLUSIVE from before it takes its id), so
 * every id up to the newest seen then is settled.
 */
const newest = (q: Tx | Db) => q.$queryRaw<{ newest: bigint | number | null }[]>`SELECT MAX("id") AS "newest" FROM "Answer"`.then(([r]) => Number(r?.newest ?? 0));

async function settledNewest(db: Db): Promise<number> {
  if (providerOf(db) === 'sqlite') return newest(db);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`LOCK TABLE "Answer" IN SHARE MODE`;
    return newest(tx);
  });
}

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
    // Nothing committed past what this process last counted: no lock, no transaction. (Every id
    // at or below the watermark was settled when it was moved, so a new answer has a greater id.)
    if ((await newest(this.db)) <= this.known) return;
    const last = await settledNewest(this.db);
    const provider = providerOf(this.db);
    while (last > this.known) {
      const done = await this.db.$transaction(async (tx) => {
        await lockWatermark(tx, provider);
        const from = await appliedId(tx);
        const ids = await tx.answer.findMany({ where: { id: { gt: from, lte: last } }, orderBy: { id: 'asc' }, take: PAGE, select: { id: true, guildId: true } });
        if (!ids.length) return from;
        const upTo = ids.at(-1)!.id;
        // A server being recounted counts its own answers (src/store/score-rebuild.ts); the watermark moves past them.
        const recounting = await recountingServers(tx);
        const guilds = [...new Set(ids.flatMap((a) => (a.guildId && !recounting.has(a.guildId) ? [a.guildId] : [])))];
        await lockServers(tx, provider, guilds);
        // Read under the servers' locks: points a round close changed meanwhile are the ones counted.
        const page = await tx.answer.findMany({ where: { id: { gt: from, lte: upTo }, guildId: { in: guilds } }, orderBy: { id: 'asc' } });
        await applyScores(tx, page.map(toNew));
        await setApplied(tx, upTo);
        return upTo;
      });
      if (done === this.known) break;
      this.known = done;
    }
  }

  /**
   * Recounts a server's aggregates from its raw answers (its time zone changed, so its calendar
   * periods moved), in bounded batches under that server's lock only: other servers' rounds and
   * boards carry on meanwhile. Resumed at the next start if the process stops halfway.
   */
  rebuild(guildId: string): Promise<number> {
    forgetZone(guildId);
    return rebuildServer(this.db, guildId);
  }

  /** At start: answers recorded but not counted when the process stopped (or before the boards existed) are counted now. */
  async start(): Promise<void> {
    await this.catchUp();
    // A recount a stop interrupted goes on in the background (minutes for a big server): start-up
    // does not wait for it. If it fails, its progress stays in the store for the next start.
    this.resuming = resumeRebuilds(this.db).catch(() => undefined);
  }

  private resuming: Promise<void> = Promise.resolve();

  /** Settles once the recounts resumed by start() are done (or failed, to be resumed again). */
  recountsResumed(): Promise<void> {
    return this.resuming;
  }
}

const keepers = new WeakMap<Db, ScoreKeeper>();

/** The one keeper of a store (per process). */
export function scoreKeeper(db: Db): ScoreKeeper {
  let keeper = keepers.get(db);
  if (!keeper) keepers.set(db, (keeper = new ScoreKeeper(db)));
  return keeper;
}

/**
 * Whether an answer is already counted: a later change to its points must move the boards itself.
 * Call it holding the answer's server lock. During a recount of its server, counted means counted
 * by the recount so far.
 */
export async function isCounted(tx: Tx, answer: { id: number; guildId: string | null }): Promise<boolean> {
  const recounted = answer.guildId ? await recountProgress(tx, answer.guildId) : undefined;
  return answer.id <= (recounted ?? (await appliedId(tx)));
}

/** Answers recorded but not yet counted into the aggregates (the score keeper's lag, for metrics). */
export async function uncountedAnswers(db: Db): Promise<number> {
  return db.answer.count({ where: { id: { gt: await appliedId(db) } } });
}
