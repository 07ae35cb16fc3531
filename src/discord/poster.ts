import { DiscordAPIError, RESTJSONErrorCodes, Routes, type Client } from 'discord.js';
import type { ChannelMessage } from './render/round.js';

/** Posting failed for a reason that will not go away by retrying: the channel is gone or closed to us. */
export class ChannelUnavailableError extends Error {
  constructor(readonly channelId: string, readonly code: number) {
    super(`cannot post in channel ${channelId} (Discord error ${code})`);
  }
}

export interface ChannelPoster {
  send(channelId: string, message: ChannelMessage): Promise<string>;
  edit(channelId: string, messageId: string, message: ChannelMessage): Promise<void>;
}

const UNAVAILABLE = new Set<number>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.UnknownMessage,
]);

const translate = (channelId: string) => (err: unknown): never => {
  if (err instanceof DiscordAPIError && typeof err.code === 'number' && UNAVAILABLE.has(err.code)) throw new ChannelUnavailableError(channelId, err.code);
  throw err;
};

/** Channel messages through discord.js's REST queue (which keeps the 50 requests/s global limit). */
export function createChannelPoster(client: Client): ChannelPoster {
  return {
    async send(channelId, message) {
      const sent = (await client.rest.post(Routes.channelMessages(channelId), { body: message }).catch(translate(channelId))) as { id: string };
      return sent.id;
    },
    async edit(channelId, messageId, message) {
      await client.rest.patch(Routes.channelMessage(channelId, messageId), { body: message }).catch(translate(channelId));
    },
  };
}
