import { DiscordAPIError, RESTJSONErrorCodes, Routes, type Client } from 'discord.js';
import type { ChannelMessage } from './render/round.js';

/** Posting failed for a reason that will not go away by retrying: the channel is gone or closed to us. */
export class ChannelUnavailableError extends Error {
  constructor(readonly channelId: string, readonly code: number) {
    super(`cannot post in channel ${channelId} (Discord error ${code})`);
  }
}

/** A file sent with a channel message (a chart), referenced from an embed as attachment://name. */
export interface PostedFile {
  name: string;
  data: Buffer;
}

export interface ChannelPoster {
  send(channelId: string, message: ChannelMessage, files?: readonly PostedFile[]): Promise<string>;
  edit(channelId: string, messageId: string, message: ChannelMessage): Promise<void>;
  /** a public thread on a message, for discussion */
  startThread(channelId: string, messageId: string, name: string): Promise<string>;
  /** the id of one of the channel's recent messages (newest 50) whose buttons' custom_ids start with `prefix` */
  findRecent(channelId: string, customIdPrefix: string): Promise<string | undefined>;
}

/** The message was deleted (by a moderator, say): the channel itself is still there. */
export class MessageGoneError extends Error {
  constructor(readonly channelId: string, readonly messageId: string) {
    super(`message ${messageId} in channel ${channelId} is gone`);
  }
}

const UNAVAILABLE = new Set<number>([RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions]);

const translate = (channelId: string, messageId?: string) => (err: unknown): never => {
  if (err instanceof DiscordAPIError && typeof err.code === 'number') {
    if (messageId && err.code === RESTJSONErrorCodes.UnknownMessage) throw new MessageGoneError(channelId, messageId);
    if (UNAVAILABLE.has(err.code)) throw new ChannelUnavailableError(channelId, err.code);
  }
  throw err;
};

/** Channel messages through discord.js's REST queue (which keeps the 50 requests/s global limit). */
export function createChannelPoster(client: Client): ChannelPoster {
  return {
    async send(channelId, message, files) {
      const upload = files?.length
        ? { body: { ...message, attachments: files.map((f, n) => ({ id: String(n), filename: f.name })) }, files: files.map((f) => ({ name: f.name, data: f.data })) }
        : { body: message };
      const sent = (await client.rest.post(Routes.channelMessages(channelId), upload).catch(translate(channelId))) as { id: string };
      return sent.id;
    },
    async edit(channelId, messageId, message) {
      await client.rest.patch(Routes.channelMessage(channelId, messageId), { body: message }).catch(translate(channelId, messageId));
    },
    async startThread(channelId, messageId, name) {
      const thread = (await client.rest.post(Routes.threads(channelId, messageId), { body: { name, auto_archive_duration: 1440 } }).catch(translate(channelId, messageId))) as { id: string };
      return thread.id;
    },
    async findRecent(channelId, prefix) {
      const messages = (await client.rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit: '50' }) }).catch(translate(channelId))) as {
        id: string;
        components?: { components?: { custom_id?: string }[] }[];
      }[];
      return messages.find((m) => m.components?.some((row) => row.components?.some((c) => c.custom_id?.startsWith(prefix))))?.id;
    },
  };
}
