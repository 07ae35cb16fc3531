import { describe, expect, it } from 'vitest';
import { startSandboxBot } from '../support/bot.js';
import { manyDailyServers } from '../support/fanout.js';

/** The scheduler's fan-out alone (no interactions): how posts share Discord's global rate limit. */
describe('many servers due at the same minute', () => {
  it('posts every one exactly once within the emulator’s 50 requests/s, a slow or failing server holding up no other', async () => {
    let t = new Date('2026-12-24T08:59:00Z');
    const other = await startSandboxBot({ clock: () => t, dailySweep: false });
    try {
      other.emu.faults.globalLimitPerSecond = 50;
      const servers = await manyDailyServers(other.emu, other.app.db, 100);
      const slow = servers[0]!;
      other.emu.faults.slowChannels.set(slow.channelId, 3000);
      other.emu.deleteChannel(servers[1]!.channelId);
      t = new Date('2026-12-24T09:00:00Z');
      expect(await other.app.context.daily.tick()).toBe(99);
      const posted = await other.app.db.dailyChallenge.findMany({ where: { messageId: { not: null } } });
      expect(posted).toHaveLength(99);
      expect(new Set(posted.map((c) => c.guildId)).size).toBe(99);
      // The slow server's post is the last message the emulator recorded of all 99 posts.
      const postIds = new Set(posted.map((c) => c.messageId));
      const order = [...other.emu.messages.values()].filter((m) => postIds.has(m.id)).map((m) => m.channel_id);
      expect(order.at(-1)).toBe(slow.channelId);
      for (const s of servers.slice(2)) expect(other.emu.channelMessages(s.channelId).filter((m) => !m.content)).toHaveLength(1);
      expect(await other.app.context.daily.tick()).toBe(0);
    } finally {
      await other.stop();
    }
  }, 60_000);
});
