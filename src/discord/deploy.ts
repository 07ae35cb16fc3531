import { createHash } from 'node:crypto';
import type { Client } from 'discord.js';
import type { Logger } from 'pino';
import type { Command } from '../../commands/index.js';
import type { Db } from '../store/client.js';
import { getMeta, setMeta } from '../store/meta.js';

/**
 * Registers the slash commands with Discord, to one server (DEV_GUILD_ID: visible at once) or
 * globally, only when their definitions changed since the last deployment (or when forced).
 */
export async function deployCommands(
  client: Client<true>,
  db: Db,
  commands: Command[],
  opts: { guildId?: string; force?: boolean; log: Logger },
): Promise<'deployed' | 'unchanged'> {
  const body = commands.map((c) => c.data);
  const target = opts.guildId ? `guild:${opts.guildId}` : 'global';
  const hash = createHash('sha256').update(JSON.stringify({ application: client.application.id, body })).digest('hex');
  const key = `commands.hash.${target}`;
  if (!opts.force && (await getMeta(db, key)) === hash) return 'unchanged';
  await (opts.guildId ? client.application.commands.set(body, opts.guildId) : client.application.commands.set(body));
  await setMeta(db, key, hash);
  opts.log.info({ target, commands: body.map((c) => c.name) }, 'slash commands deployed');
  return 'deployed';
}

/** Waits between registration attempts after a failure: 5 s, 15 s, 1 min, then every 5 min. */
export const DEPLOY_RETRY_MS = [5_000, 15_000, 60_000, 300_000];

/**
 * Registers the commands, and if Discord's command endpoint fails (an incident, a 5xx), keeps
 * serving with the definitions Discord already has and tries again in the background with backoff:
 * start-up never depends on that endpoint. `stop()` cancels a pending retry.
 */
export async function deployCommandsWithRetry(
  client: Client<true>,
  db: Db,
  commands: Command[],
  opts: { guildId?: string; log: Logger; retryMs?: readonly number[] },
): Promise<{ stop(): void; deployed: Promise<void> }> {
  const waits = opts.retryMs ?? DEPLOY_RETRY_MS;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let done!: () => void;
  const deployed = new Promise<void>((resolve) => (done = resolve));
  const attempt = async (n: number): Promise<void> => {
    try {
      await deployCommands(client, db, commands, opts);
      done();
    } catch (err) {
      if (stopped) return;
      const waitMs = waits[Math.min(n, waits.length - 1)]!;
      opts.log.warn({ err, attempt: n + 1, retryInMs: waitMs }, 'slash commands not registered: serving with the definitions Discord already has, retrying');
      timer = setTimeout(() => void attempt(n + 1), waitMs);
      timer.unref();
    }
  };
  await attempt(0);
  return {
    deployed,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
