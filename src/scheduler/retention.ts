import type { Logger } from 'pino';
import type { Db } from '../store/client.js';
import { guildsRemovedBefore, markGuildRemoved, markGuildReturned, purgeGuild, removedGuilds } from '../store/guild-retention.js';

const DAY_MS = 86_400_000;

/** What the lifecycle stops and restarts in the rest of the app (wired in app.ts). */
export interface GuildHooks {
  /** ends the server's running rounds (their standings kept) */
  endRounds(guildId: string): Promise<unknown>;
  /** disarms or re-arms the server's daily task, as `owns` now says */
  rearmDaily(guildId: string): Promise<unknown>;
  /** forgets what memory holds of a deleted server (its packs) */
  forget(guildId: string): void;
}

export interface GuildLifecycleDeps {
  db: Db;
  log: Logger;
  clock: () => Date;
  /** DATA_RETENTION_DAYS */
  retentionDays: number;
  /** this process's ownership of servers' timed work (ownership.ts) */
  owns: (guildId: string) => boolean;
}

/**
 * A server the bot was removed from (GUILD_DELETE without `unavailable`: an outage is not a
 * removal) has no timed work: `owns` says no for it, so daily posts, recaps and round ticks skip
 * it, and its running rounds end at once. Its data stays for `retentionDays` and is then deleted by
 * `sweep()`, unless a GUILD_CREATE (a re-invite) came first, which resumes everything. The removal
 * is recorded in the store, so a restart in between changes nothing.
 *
 * HTTP-interactions mode has no gateway, so no GUILD_DELETE: a removal shows only as 50001 Missing
 * Access / 10004 Unknown Guild when the bot next posts there, which the posting code handles (the
 * daily's problem, a round's abort); nothing is marked removed, and nothing is deleted.
 */
export class GuildLifecycle {
  private readonly removed = new Set<string>();
  private hooks?: GuildHooks;
  private timer?: NodeJS.Timeout;

  constructor(private readonly deps: GuildLifecycleDeps) {}

  /** Reads which servers were removed before this process started. */
  async load(): Promise<void> {
    for (const id of await removedGuilds(this.deps.db)) this.removed.add(id);
  }

  attach(hooks: GuildHooks): void {
    this.hooks = hooks;
  }

  /** Ownership of timed work, less the servers the bot is no longer in. */
  readonly owns = (guildId: string): boolean => !this.removed.has(guildId) && this.deps.owns(guildId);

  isRemoved(guildId: string): boolean {
    return this.removed.has(guildId);
  }

  /** GUILD_DELETE: the bot was kicked, or the server deleted. */
  async onRemoved(guildId: string, name?: string): Promise<void> {
    const at = this.deps.clock();
    this.removed.add(guildId);
    await markGuildRemoved(this.deps.db, guildId, name, at);
    const deleteAfter = new Date(at.getTime() + this.deps.retentionDays * DAY_MS);
    this.deps.log.info({ guild: guildId, deleteAfter: deleteAfter.toISOString() }, 'removed from a server: its timed work stops; its data is deleted after the retention period unless the bot is invited back');
    await this.hooks?.rearmDaily(guildId);
    await this.hooks?.endRounds(guildId);
  }

  /** GUILD_CREATE (a re-invite), or a server present at start-up: resumes it if it had been removed. */
  async onPresent(guildId: string): Promise<void> {
    if (!this.removed.has(guildId)) return;
    this.removed.delete(guildId);
    if (await markGuildReturned(this.deps.db, guildId)) this.deps.log.info({ guild: guildId }, 'back in a server: its timed work resumes and its data is kept');
    await this.hooks?.rearmDaily(guildId);
  }

  /** Deletes the data of servers removed more than `retentionDays` ago. Returns the servers deleted. */
  async sweep(): Promise<string[]> {
    const cutoff = new Date(this.deps.clock().getTime() - this.deps.retentionDays * DAY_MS);
    const purged: string[] = [];
    for (const guildId of (await guildsRemovedBefore(this.deps.db, cutoff)).filter(this.deps.owns)) {
      const rows = await purgeGuild(this.deps.db, guildId, cutoff);
      if (!rows) continue;
      this.removed.delete(guildId);
      this.hooks?.forget(guildId);
      purged.push(guildId);
      this.deps.log.info({ guild: guildId, rows: Object.values(rows).reduce((a, b) => a + b, 0), retentionDays: this.deps.retentionDays }, "removed server's data deleted after the retention period");
    }
    return purged;
  }

  /** Sweeps hourly (tests call sweep() on their own clock instead). */
  start(everyMs = 3_600_000): void {
    this.timer ??= setInterval(() => void this.sweep().catch((err: unknown) => this.deps.log.error({ err }, 'retention sweep failed')), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
