import type { Db } from '../../src/store/client.js';
import type { DiscordEmulator } from '../../src/sandbox/emulator.js';

/** `count` servers with a daily challenge due at the same minute, each posting in a channel of its own. */
export async function manyDailyServers(emu: DiscordEmulator, db: Db, count: number, time = '09:00') {
  const base = BigInt(emu.guild.id) + 10_000_000n;
  const servers = Array.from({ length: count }, (_, i) => ({ guildId: `${base + BigInt(2 * i)}`, channelId: `${base + BigInt(2 * i + 1)}` }));
  for (const s of servers) emu.guild.channels.push({ id: s.channelId, name: `daily-${s.guildId.slice(-4)}`, type: 0, guild_id: emu.guild.id });
  await db.dailySettings.createMany({ data: servers.map((s) => ({ ...s, time, timezone: 'UTC', locale: 'en-US' })) });
  return servers;
}
