import { setTimeout as sleep } from 'node:timers/promises';
import type { Prisma } from '../generated/prisma/client.js';
import { providerOf, type Db } from './client.js';
import { lockServers, lockWatermark } from './score-locks.js';
import { applyScores } from './scores.js';
import { appliedId, endRecount, recountingServers, recountProgress, setRecountProgress, toNew } from './score-watermark.js';

/** Answers per recount batch: small, so a batch holds the database only briefly beside live rounds. */
const BATCH = 500;

type Tx = Prisma.TransactionClient;

/**
 * A server's leaderboards recounted from its raw answers, in bounded batches:
 * 1. with the watermark held still: its aggregates emptied and the recount marked as begun (from
 *    then on the watermark's pass skips this server's answers);
 * 2. batches of BATCH answers up to the watermark as it stands, each under the server's lock only
 *    (rounds closing elsewhere, and passes counting other servers, carry on);
 * 3. with the watermark held still again: what it passed during the batches, then the mark removed.
 * Every step records its progress in the same transaction, so a stop halfway resumes where it was.
 * Returns the answers counted.
 */
export async function rebuildServer(db: Db, guildId: string): Promise<number> {
  const provider = providerOf(db);
  await db.$transaction(async (tx) => {
    await lockWatermark(tx, provider);
    await lockServers(tx, provider, [guildId]);
    await tx.score.deleteMany({ where: { guildId } });
    await tx.memberStat.deleteMany({ where: { guildId } });
    await tx.questionDay.deleteMany({ where: { guildId } });
    await tx.dailyStreak.deleteMany({ where: { guildId } });
    await setRecountProgress(tx, guildId, 0);
  });
  return continueRebuild(db, guildId);
}

/** Recounts left halfway by a stopped process are finished at start. */
export async function resumeRebuilds(db: Db): Promise<void> {
  for (const guildId of await recountingServers(db)) await continueRebuild(db, guildId);
}

/** One batch of the server's answers after its progress, up to `upTo`: the count, or undefined when the recount is over. */
async function batch(tx: Tx, guildId: string, upTo: number): Promise<number | undefined> {
  const after = await recountProgress(tx, guildId);
  if (after === undefined) return undefined;
  const page = await tx.answer.findMany({ where: { guildId, id: { gt: after, lte: upTo } }, orderBy: { id: 'asc' }, take: BATCH });
  if (!page.length) return 0;
  await applyScores(tx, page.map(toNew));
  await setRecountProgress(tx, guildId, page.at(-1)!.id);
  return page.length;
}

async function continueRebuild(db: Db, guildId: string): Promise<number> {
  const provider = providerOf(db);
  let total = 0;
  for (;;) {
    const began = performance.now();
    const counted = await db.$transaction(async (tx) => {
      await lockServers(tx, provider, [guildId]);
      return batch(tx, guildId, await appliedId(tx));
    });
    if (counted === undefined) return total; // another process finished it
    if (counted === 0) break;
    total += counted;
    // Background work: rest as long as the batch took, so the recount leaves the database and the
    // event loop at least half of the time for rounds and answers.
    await sleep(performance.now() - began);
  }
  // The last answers the watermark passed during the batches (few), then the server is counted by the pass again.
  return (
    total +
    (await db.$transaction(
      async (tx) => {
        await lockWatermark(tx, provider);
        await lockServers(tx, provider, [guildId]);
        const upTo = await appliedId(tx);
        let n = 0;
        for (let counted = await batch(tx, guildId, upTo); counted; counted = await batch(tx, guildId, upTo)) n += counted;
        await endRecount(tx, guildId);
        return n;
      },
      { timeout: 120_000 },
    ))
  );
}
