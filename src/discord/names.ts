import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';

/**
 * The name a server shows for the member behind an interaction: the cached member's display name,
 * else the server nickname the payload carries, else the account's global name or username. Read
 * from the interaction itself: never a REST call.
 */
export function memberName(i: ChatInputCommandInteraction | ButtonInteraction): string {
  const m = i.member;
  if (m && 'displayName' in m) return m.displayName;
  if (m && 'nick' in m && m.nick) return m.nick;
  return i.user.displayName;
}
