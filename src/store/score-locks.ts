import type { Prisma } from '../generated/prisma/client.js';
import type { Provider } from './client.js';

type Tx = Prisma.TransactionClient;

/** pg_advisory_xact_lock's key for "the watermark is moving" (any number the app uses for nothing else). */
const WATERMARK_LOCK = 0x5155_495a_0001n;
/** The first key of the (int, int) advisory locks "this server's aggregates are changing"; the second is hashtext(guildId). */
const SERVER_LOCK_CLASS = 0x5155_495a;

/**
 * On PostgreSQL, where several processes count and change answers, the leaderboards' writers hold
 * transaction-scoped advisory locks. SQLite has one writer (one process per file), which already
 * serialises them, so there they are no-ops. Always in this order: the watermark lock first, then
 * server locks sorted by id, so two writers never wait on each other in a circle.
 *
 * The watermark lock: whoever moves the watermark (the score keeper's pass) or must keep it still
 * (the start and end of a server's recount, a member's deletion).
 */
export async function lockWatermark(tx: Tx, provider: Provider): Promise<void> {
  if (provider === 'postgresql') await tx.$executeRaw`SELECT pg_advisory_xact_lock(${WATERMARK_LOCK})`;
}

/**
 * A server's lock: held by whoever changes that server's aggregates (a pass counting its answers, a
 * round close moving its points, a batch of its recount), so a recount of one big server never
 * holds up a round closing in another.
 */
export async function lockServers(tx: Tx, provider: Provider, guildIds: Iterable<string>): Promise<void> {
  if (provider !== 'postgresql') return;
  for (const guildId of [...new Set(guildIds)].sort()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SERVER_LOCK_CLASS}::int4, hashtext(${guildId}))`;
}
