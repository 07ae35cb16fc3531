import { DiscordAPIError } from 'discord.js';

/**
 * Discord's answers that mean an interaction can no longer be answered through its callback:
 * 10062 Unknown Interaction (acknowledged after its 3 seconds), 40060 already acknowledged (by a
 * duplicate delivery or another process). Neither is worth retrying or apologising for: nothing
 * more can be said through that interaction.
 */
export type GoneCode = 10062 | 40060 | 50027;

/** 10062, 40060, or 50027 Invalid Webhook Token (the token's 15 minutes are over: no edit or follow-up either). */
export function goneCode(err: unknown): GoneCode | undefined {
  return err instanceof DiscordAPIError && (err.code === 10062 || err.code === 40060 || err.code === 50027) ? err.code : undefined;
}

/** Thrown by the responder for every call after the interaction was found gone (no request is made). */
export class InteractionGoneError extends Error {
  constructor(readonly code: GoneCode) {
    super(code === 10062 ? 'Unknown interaction (not acknowledged within 3 seconds)' : code === 40060 ? 'Interaction has already been acknowledged' : 'Invalid Webhook Token (the interaction is older than 15 minutes)');
  }
}

/** How long Discord keeps an interaction's token (follow-ups, edits of the reply): 15 minutes. */
export const TOKEN_LIFETIME_MS = 15 * 60_000;

/** Discord's 50027 Invalid Webhook Token: the interaction's 15 minutes are over. */
export const tokenExpired = (err: unknown): boolean => err instanceof DiscordAPIError && err.code === 50027;
