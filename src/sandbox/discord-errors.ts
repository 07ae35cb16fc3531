import type { RestReply } from './rest.js';

/**
 * The channel permissions the bot needs, as a server admin can take them away in one channel, and
 * what real Discord answers then (checked against Discord's docs and API threads):
 * - View Channel: every request on the channel, reads included, is 403 50001 Missing Access;
 * - Send Messages: a new message is 403 50013 Missing Permissions (editing its own old ones still works);
 * - Attach Files: a message or edit carrying files is 403 50013;
 * - Create Public Threads: starting a thread is 403 50013;
 * - Embed Links: Discord does NOT refuse a message with embeds when it has anything else (content,
 *   buttons, files): it sends it with its embeds silently dropped (discord/discord-api-docs#2601,
 *   #5648); only a message that would be left empty is 403 50013.
 */
export type BotPermission = 'ViewChannel' | 'SendMessages' | 'EmbedLinks' | 'AttachFiles' | 'CreatePublicThreads';

/** 160004: a thread already exists for the message; 50024: the channel's type allows no threads. */
export type ThreadFaultCode = 160004 | 50024;

/** Discord's permission bits (for the interactions' app_permissions). */
export const PERMISSION_BITS: Record<BotPermission, bigint> = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  CreatePublicThreads: 1n << 35n,
};

const THREAD_MESSAGES: Record<ThreadFaultCode, string> = {
  160004: 'A thread has already been created for this message',
  50024: 'Cannot execute action on this channel type',
};

const refuse = (status: number, code: number, message: string): RestReply => ({ status, json: { message, code } });
const missingAccess = refuse(403, 50001, 'Missing Access');
const missingPermissions = refuse(403, 50013, 'Missing Permissions');

interface MessageLike {
  content?: string | null;
  embeds?: unknown[] | null;
  components?: unknown[] | null;
  __files?: unknown[];
}

/** Per-channel denials and thread faults, switched on and off by tests (`emu.faults.channels`). */
export class ChannelRefusals {
  private readonly denied = new Map<string, Set<BotPermission>>();
  private readonly threads = new Map<string, ThreadFaultCode>();
  /** messages sent or edited whose embeds Discord dropped (Embed Links denied) */
  droppedEmbeds = 0;
  /** requests refused by the switches below, by Discord error code */
  readonly refused = new Map<number, number>();

  /** Takes a permission away from the bot in one channel (as a channel overwrite would). */
  deny(channelId: string, permission: BotPermission): this {
    const set = this.denied.get(channelId) ?? new Set<BotPermission>();
    set.add(permission);
    this.denied.set(channelId, set);
    return this;
  }

  /** Gives one permission back, or all of them. */
  allow(channelId: string, permission?: BotPermission): this {
    if (permission) this.denied.get(channelId)?.delete(permission);
    else this.denied.delete(channelId);
    return this;
  }

  /** Makes every thread started in the channel fail with this code (undefined: no longer). */
  threadFault(channelId: string, code: ThreadFaultCode | undefined): this {
    if (code) this.threads.set(channelId, code);
    else this.threads.delete(channelId);
    return this;
  }

  /** The permission bits the bot lacks in the channel. */
  deniedBits(channelId: string): bigint {
    let bits = 0n;
    for (const p of this.denied.get(channelId) ?? []) bits |= PERMISSION_BITS[p];
    return bits;
  }

  private has = (channelId: string, p: BotPermission) => this.denied.get(channelId)?.has(p) ?? false;

  /**
   * Discord's answer to a request on an existing channel (`path` = ['channels', id, ...]) when a
   * switch refuses it; drops the embeds of a message body in place when Embed Links is denied.
   */
  check(method: string, path: string[], body: MessageLike): RestReply | undefined {
    const reply = this.decide(method, path, body);
    if (reply) {
      const code = (reply.json as { code: number }).code;
      this.refused.set(code, (this.refused.get(code) ?? 0) + 1);
    }
    return reply;
  }

  private decide(method: string, path: string[], body: MessageLike): RestReply | undefined {
    const channelId = path[1]!;
    if (this.has(channelId, 'ViewChannel')) return missingAccess;
    if (method === 'POST' && path[2] === 'messages' && path[4] === 'threads') {
      if (this.has(channelId, 'CreatePublicThreads')) return missingPermissions;
      const code = this.threads.get(channelId);
      return code ? refuse(400, code, THREAD_MESSAGES[code]) : undefined;
    }
    const send = method === 'POST' && path.length === 3 && path[2] === 'messages';
    const edit = method === 'PATCH' && path.length === 4 && path[2] === 'messages';
    if (!send && !edit) return undefined;
    if (send && this.has(channelId, 'SendMessages')) return missingPermissions;
    if (body.__files?.length && this.has(channelId, 'AttachFiles')) return missingPermissions;
    if (body.embeds?.length && this.has(channelId, 'EmbedLinks')) {
      if (send && !body.content && !body.components?.length && !body.__files?.length) return missingPermissions;
      body.embeds = [];
      this.droppedEmbeds++;
    }
    return undefined;
  }
}
