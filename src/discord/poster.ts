import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, Routes, type Client } from 'discord.js';
import type { ChannelMessage } from './render/round.js';

/** The channel permissions the bot's posts need, by the names Discord's settings show. */
export type ChannelPermission = 'ViewChannel' | 'SendMessages' | 'EmbedLinks' | 'AttachFiles' | 'CreatePublicThreads';

const FLAGS: Record<ChannelPermission, bigint> = {
  ViewChannel: PermissionFlagsBits.ViewChannel,
  SendMessages: PermissionFlagsBits.SendMessages,
  EmbedLinks: PermissionFlagsBits.EmbedLinks,
  AttachFiles: PermissionFlagsBits.AttachFiles,
  CreatePublicThreads: PermissionFlagsBits.CreatePublicThreads,
};

/**
 * Posting failed for a reason that will not go away by retrying: the channel is gone (10003,
 * `missing` empty) or closed to us (50001, 50013: `missing` names the permissions the refused
 * request needed, narrowed to those the bot's cached permissions say it lacks when it can tell).
 */
export class ChannelUnavailableError extends Error {
  constructor(readonly channelId: string, readonly code: number, readonly missing: readonly ChannelPermission[] = []) {
    super(`cannot post in channel ${channelId} (Discord error ${code}${missing.length ? `, needs ${missing.join(', ')}` : ''})`);
  }
}

/** Discord refused a thread on a message: one exists already (160004) or the channel's type allows none (50024). */
export class ThreadRefusedError extends Error {
  constructor(readonly channelId: string, readonly code: number) {
    super(`no thread in channel ${channelId} (Discord error ${code})`);
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

/** What a request needed, in the order an admin should check them. */
type Needs = readonly ChannelPermission[];

/** The bot's permissions in a channel, from the gateway's cache (undefined when it cannot tell: HTTP mode). */
export type PermissionsIn = (channelId: string) => bigint | undefined;

function cachedPermissions(client: Client): PermissionsIn {
  return (channelId) => {
    const channel = client.channels.cache.get(channelId);
    if (!channel || !('permissionsFor' in channel) || !client.user) return undefined;
    return channel.permissionsFor(client.user)?.bitfield;
  };
}

/** One classification of Discord's answer for every posting path. */
export function classifyPostError(err: unknown, channelId: string, needs: Needs, permissionsIn: PermissionsIn, messageId?: string): unknown {
  if (!(err instanceof DiscordAPIError) || typeof err.code !== 'number') return err;
  switch (err.code) {
    case RESTJSONErrorCodes.UnknownMessage:
      return messageId ? new MessageGoneError(channelId, messageId) : err;
    case RESTJSONErrorCodes.UnknownChannel:
      return new ChannelUnavailableError(channelId, err.code);
    case RESTJSONErrorCodes.MissingAccess:
      return new ChannelUnavailableError(channelId, err.code, ['ViewChannel']);
    case RESTJSONErrorCodes.MissingPermissions:
      return new ChannelUnavailableError(channelId, err.code, narrow(needs, permissionsIn(channelId)));
    case RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage:
    case RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType:
      return needs.includes('CreatePublicThreads') ? new ThreadRefusedError(channelId, err.code) : err;
  }
  return err;
}

/** Discord's 50013 does not say which permission: those the request needed that the cache says are missing, else all it needed. */
function narrow(needs: Needs, bits: bigint | undefined): Needs {
  const lacking = bits === undefined ? [] : needs.filter((p) => (bits & FLAGS[p]) === 0n);
  return lacking.length ? lacking : needs;
}

/**
 * What a refused message may have lacked: Send Messages for a new one, Attach Files for files, and
 * Embed Links only when embeds are all it has (otherwise Discord drops them instead of refusing,
 * which `embedsDropped` sees). Never empty: an empty list means the channel is gone.
 */
function needsOf(message: ChannelMessage, files: number, send: boolean): Needs {
  const embedsOnly = Boolean(message.embeds?.length) && !message.content && !message.components?.length && !files;
  const needs: ChannelPermission[] = [...(send ? (['SendMessages'] as const) : []), ...(embedsOnly ? (['EmbedLinks'] as const) : []), ...(files ? (['AttachFiles'] as const) : [])];
  return needs.length ? needs : ['SendMessages'];
}

/** Without Embed Links, Discord sends a message that has anything besides embeds with its embeds dropped. */
const embedsDropped = (message: ChannelMessage, answer: { embeds?: unknown[] }) => (message.embeds?.length ?? 0) > 0 && !answer.embeds?.length;

/** Channel messages through discord.js's REST queue (which keeps the 50 requests/s global limit). */
export function createChannelPoster(client: Client, permissionsIn: PermissionsIn = cachedPermissions(client)): ChannelPoster {
  const fail = (channelId: string, needs: Needs, messageId?: string) => (err: unknown): never => {
    throw classifyPostError(err, channelId, needs, permissionsIn, messageId);
  };
  return {
    async send(channelId, message, files) {
      const upload = files?.length
        ? { body: { ...message, attachments: files.map((f, n) => ({ id: String(n), filename: f.name })) }, files: files.map((f) => ({ name: f.name, data: f.data })) }
        : { body: message };
      const sent = (await client.rest.post(Routes.channelMessages(channelId), upload).catch(fail(channelId, needsOf(message, files?.length ?? 0, true)))) as { id: string; embeds?: unknown[] };
      if (embedsDropped(message, sent)) {
        // A question without its embed is buttons with nothing to answer: take it back and report it, once, as refused.
        await client.rest.delete(Routes.channelMessage(channelId, sent.id)).catch(() => undefined);
        throw new ChannelUnavailableError(channelId, RESTJSONErrorCodes.MissingPermissions, ['EmbedLinks']);
      }
      return sent.id;
    },
    async edit(channelId, messageId, message) {
      const edited = (await client.rest.patch(Routes.channelMessage(channelId, messageId), { body: message }).catch(fail(channelId, needsOf(message, 0, false), messageId))) as { embeds?: unknown[] };
      if (embedsDropped(message, edited)) throw new ChannelUnavailableError(channelId, RESTJSONErrorCodes.MissingPermissions, ['EmbedLinks']);
    },
    async startThread(channelId, messageId, name) {
      const thread = (await client.rest.post(Routes.threads(channelId, messageId), { body: { name, auto_archive_duration: 1440 } }).catch(fail(channelId, ['CreatePublicThreads'], messageId))) as { id: string };
      return thread.id;
    },
    async findRecent(channelId, prefix) {
      const messages = (await client.rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit: '50' }) }).catch(fail(channelId, ['ViewChannel']))) as {
        id: string;
        components?: { components?: { custom_id?: string }[] }[];
      }[];
      return messages.find((m) => m.components?.some((row) => row.components?.some((c) => c.custom_id?.startsWith(prefix))))?.id;
    },
  };
}
