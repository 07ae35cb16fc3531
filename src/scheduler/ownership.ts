import type { Config } from '../config.js';
import { shardOf } from '../discord/shards.js';

/**
 * Which servers' timed work (daily posts, live-round timers) this process runs. Exactly one
 * process owns a server: the one whose gateway shard receives it, or in HTTP mode the one
 * scheduler replica. Ownership only decides who *tries*; the store's unique constraints and
 * conditional updates still make each step happen once if two processes ever both try.
 */
export interface Ownership {
  owns(guildId: string): boolean;
  /** false for SCHEDULER=off: this process runs no timed work at all (it does not even look) */
  runsTimedWork: boolean;
  describe: string;
}

export function ownershipFor(config: Pick<Config, 'SHARD_COUNT' | 'SHARD_IDS' | 'INTERACTIONS_MODE' | 'SCHEDULER'>): Ownership {
  if (config.SCHEDULER === 'off') return { owns: () => false, runsTimedWork: false, describe: 'no timed work (SCHEDULER=off)' };
  if (config.INTERACTIONS_MODE === 'http') return { owns: () => true, runsTimedWork: true, describe: 'every server (the HTTP scheduler)' };
  const count = config.SHARD_COUNT;
  if (count === undefined) return { owns: () => true, runsTimedWork: true, describe: 'every server' };
  const ids = new Set(config.SHARD_IDS ?? Array.from({ length: count }, (_, i) => i));
  return { owns: (guildId) => ids.has(shardOf(guildId, count)), runsTimedWork: true, describe: `shards ${[...ids].join(',')} of ${count}` };
}
