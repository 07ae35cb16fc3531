const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A real-shaped Discord snowflake (timestamp << 22 | increment): @discordjs/rest keys buckets on them. */
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return ((BigInt(at) - DISCORD_EPOCH) << 22n | (1n << 17n) | increment).toString();
}
