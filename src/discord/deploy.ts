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
