import { describe, expect, it } from 'vitest';
import { ownershipFor } from '../../src/scheduler/ownership.js';
import { shardOf } from '../../src/discord/shards.js';

const gateway = { INTERACTIONS_MODE: 'gateway', SCHEDULER: 'on' } as const;
// Discord ids are a millisecond timestamp above 22 bits of worker, process and increment.
const guildAt = (ms: bigint) => ((ms << 22n) | 0x3ffffn).toString();

describe('which process runs a server’s timed work', () => {
  it('is the process whose shard receives the server: (guild_id >> 22) % shard_count, exactly one of them', () => {
    // the id's millisecond part modulo the count (dividing by 2^22 is the shift)
    expect(shardOf('41771983423143937', 4)).toBe(Number((41771983423143937n / 4194304n) % 4n));
    const processes = [0, 1, 2].map((k) => ownershipFor({ ...gateway, SHARD_COUNT: 3, SHARD_IDS: [k] }));
    for (let ms = 1_000_000n; ms < 1_000_030n; ms++) {
      const owners = processes.filter((p) => p.owns(guildAt(ms)));
      expect(owners).toHaveLength(1);
      expect(owners[0]).toBe(processes[Number(ms % 3n)]);
    }
  });

  it('is every server for one process without shards, or with all of them', () => {
    expect(ownershipFor(gateway).owns(guildAt(5n))).toBe(true);
    const all = ownershipFor({ ...gateway, SHARD_COUNT: 2 });
    expect([guildAt(4n), guildAt(5n)].every((g) => all.owns(g))).toBe(true);
  });

  it('is nothing with SCHEDULER=off (no timed work at all), and everything for the HTTP scheduler', () => {
    const off = ownershipFor({ INTERACTIONS_MODE: 'http', SCHEDULER: 'off' });
    expect(off.owns(guildAt(1n))).toBe(false);
    expect(off.runsTimedWork).toBe(false);
    const scheduler = ownershipFor({ INTERACTIONS_MODE: 'http', SCHEDULER: 'on' });
    expect(scheduler.owns(guildAt(1n))).toBe(true);
    expect(scheduler.runsTimedWork).toBe(true);
  });
});
