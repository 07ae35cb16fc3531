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
      // The slow server's post is held open until the test has seen every other server's post.
      const slow = servers[0]!;
      const hold = other.emu.faults.holdChannel(slow.channelId);
      other.emu.deleteChannel(servers[1]!.channelId);
      t = new Date('2026-12-24T09:00:00Z');
      let ticked = false;
      const tick = other.app.context.daily.tick().finally(() => (ticked = true));
      await hold.arrived;
      const others = servers.slice(2);
      await other.emu.waitFor(() => (others.every((s) => other.emu.channelMessages(s.channelId).some((m) => !m.content)) ? true : undefined), 120_000, 'the 98 other posts');
      expect(ticked).toBe(false);
      expect(other.emu.channelMessages(slow.channelId)).toHaveLength(0);
      hold.release();
      expect(await tick).toBe(99);
      const posted = await other.app.db.dailyChallenge.findMany({ where: { messageId: { not: null } } });
      expect(posted).toHaveLength(99);
      expect(new Set(posted.map((c) => c.guildId)).size).toBe(99);
      for (const s of [slow, ...others]) expect(other.emu.channelMessages(s.channelId).filter((m) => !m.content)).toHaveLength(1);
      expect(await other.app.context.daily.tick()).toBe(0);
    } finally {
      await other.stop();
    }
  }, 180_000);
});
