import { DiscordAPIError } from 'discord.js';
import { ChannelUnavailableError, MessageGoneError } from '../discord/poster.js';

/**
 * What a failed round step means for the round: its message was deleted (post it again), the bot
 * lost the channel or Discord refuses the request (end the round now), or something that may pass (a 5xx, the network, the
 * store): try again, a few times.
 */
export type RoundFailure = 'message-gone' | 'refused' | 'transient';

/** Failed steps in a row after which a round ends with its standings instead of staying "running". */
export const MAX_STEP_FAILURES = 5;

export function classifyRoundFailure(err: unknown): RoundFailure {
  if (err instanceof MessageGoneError) return 'message-gone';
  if (err instanceof ChannelUnavailableError) return 'refused';
  // Other 4xx answers from Discord will not pass by retrying the same request.
  if (err instanceof DiscordAPIError && err.status >= 400 && err.status < 500 && err.status !== 429) return 'refused';
  return 'transient';
}
