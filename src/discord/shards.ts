/** The shard Discord sends a server's events to: `(guild_id >> 22) % shard_count`. */
export const shardOf = (guildId: string, count: number): number => Number((BigInt(guildId) >> 22n) % BigInt(count));
