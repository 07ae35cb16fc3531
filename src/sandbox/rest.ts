import type { ServerResponse } from 'node:http';
import type { DiscordEmulator, MessageBody } from './emulator.js';
import { snowflake } from './snowflake.js';
import type { EmuInteraction, EmuMessage } from './state.js';
import { userPayload } from './payloads.js';

export interface RestReply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  contentType?: string;
  stream?: (res: ServerResponse) => void;
}

const EPHEMERAL = 64;
const ok = (json: unknown): RestReply => ({ status: 200, json });
const noContent: RestReply = { status: 204 };
const error = (status: number, code: number, message: string): RestReply => ({ status, json: { message, code } });
const unknownMessage = error(404, 10008, 'Unknown Message');

type Body = MessageBody & { type?: number; data?: MessageBody; __files?: { name: string; size: number; data: string }[]; attachments?: unknown[] };

/** Discord's REST v10 routes the bot uses; `path` is already split and percent-decoded. */
export function handleRest(emu: DiscordEmulator, method: string, path: string[], query: URLSearchParams, rawBody: unknown): RestReply {
  const body = (rawBody ?? {}) as Body;
  const isToken = (i: number) => i === 2 && (path[0] === 'webhooks' || path[0] === 'interactions');
  const route = `${method} ${path.map((p, i) => (/^\d{15,}$/.test(p) || isToken(i) ? ':' : p)).join('/')}`;
  const { bot, applicationId } = emu.state;

  switch (route) {
    case 'GET gateway/bot':
      return ok({ url: `ws://127.0.0.1:${emu.port}/gateway`, shards: emu.recommendedShards, session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 } });
    case 'GET gateway':
      return ok({ url: `ws://127.0.0.1:${emu.port}/gateway` });
    case 'GET users/@me':
      return ok(userPayload(bot));
    case 'GET applications/@me':
      return ok({ id: applicationId, name: bot.username, icon: null, description: '', bot_public: true, bot_require_code_grant: false, flags: 0, owner: userPayload(bot) });
    case 'PUT applications/:/commands':
    case 'PUT applications/:/guilds/:/commands':
      return ok(putCommands(emu, path[2] === 'guilds' ? path[3] : undefined, body as unknown as Record<string, unknown>[]));
    case 'GET applications/:/commands':
    case 'GET applications/:/guilds/:/commands':
      return ok([...emu.commands.values()].filter((c) => c.guild_id === (path[2] === 'guilds' ? path[3] : undefined)));
    case 'GET guilds/:': {
      const guild = emu.state.guilds.find((g) => g.id === path[1]);
      return guild ? ok({ id: guild.id, name: guild.name, owner_id: guild.owner_id, system_channel_id: guild.system_channel_id ?? null }) : error(404, 10004, 'Unknown Guild');
    }
    case 'POST interactions/:/:/callback':
      return interactionCallback(emu, path[1]!, path[2]!, body, query.get('with_response') === 'true');
  }

  if (path[0] === 'webhooks') return webhook(emu, method, path, body);

  if (path[0] === 'channels') {
    const channelId = path[1]!;
    const channel = emu.findChannel(channelId)?.channel;
    if (!channel) return error(404, 10003, 'Unknown Channel');
    if (method !== 'GET' && emu.faults.deniedChannels.has(channelId)) return error(403, 50013, 'Missing Permissions');
    const refused = emu.faults.channels.check(method, path, body);
    if (refused) return refused;
    const messageId = path[3];
    if (method === 'GET' && path.length === 2) return ok({ id: channel.id, type: channel.type, name: channel.name, guild_id: channel.guild_id });
    if (method === 'POST' && path.length === 3) return ok(emu.payload(emu.createMessage(channelId, body, withFiles(emu, body))));
    if (method === 'GET' && path.length === 3) {
      const limit = Math.min(100, Number(query.get('limit') ?? 50));
      return ok(emu.channelMessages(channelId).filter((m) => !m.ephemeralTo).slice(-limit).reverse().map((m) => emu.payload(m)));
    }
    const message = messageId ? emu.messages.get(messageId) : undefined;
    if (!message || message.channel_id !== channelId) return unknownMessage;
    if (method === 'GET' && path.length === 4) return ok(emu.payload(message));
    if (method === 'PATCH' && path.length === 4) return ok(emu.payload(emu.editMessage(message, { ...body, ...withFiles(emu, body) })));
    if (method === 'DELETE' && path.length === 4) {
      emu.messages.delete(message.id);
      return noContent;
    }
    if (method === 'POST' && path[4] === 'threads') return startThread(emu, message, body.name ?? 'thread');
  }
  return error(404, 0, `404: Not Found (${method} /${path.join('/')})`);
}

function putCommands(emu: DiscordEmulator, guildId: string | undefined, list: Record<string, unknown>[]) {
  for (const [id, c] of emu.commands) if (c.guild_id === guildId) emu.commands.delete(id);
  return list.map((c) => {
    const command = { ...c, id: snowflake(), application_id: emu.state.applicationId, guild_id: guildId, version: snowflake(), name: String(c.name) };
    emu.commands.set(command.id, command);
    return command;
  });
}

export function interactionCallback(emu: DiscordEmulator, id: string, token: string, body: Body, withResponse: boolean): RestReply {
  const interaction = emu.interactions.get(id);
  if (!interaction || interaction.token !== token) return error(404, 10062, 'Unknown interaction');
  if (interaction.ack) return error(400, 40060, 'Interaction has already been acknowledged.');
  const data = body.data ?? {};
  const ephemeral = ((data.flags ?? 0) & EPHEMERAL) !== 0;
  let message: EmuMessage | undefined;
  switch (body.type) {
    case 4:
    case 5:
      message = emu.createMessage(interaction.channelId, body.type === 5 ? { flags: data.flags, content: '' } : data, {
        ephemeralTo: ephemeral ? interaction.userId : undefined,
        interaction: { id, userId: interaction.userId },
        ...withFiles(emu, body),
      });
      interaction.ack = body.type === 4 ? 'reply' : 'defer';
      break;
    case 6:
    case 7: {
      message = interaction.messageId ? emu.messages.get(interaction.messageId) : undefined;
      if (!message) return error(400, 50035, 'This interaction has no message to update');
      if (body.type === 7) emu.editMessage(message, { ...data, ...withFiles(emu, body) });
      interaction.ack = body.type === 7 ? 'update' : 'deferUpdate';
      break;
    }
    case 9: {
      // A modal is the first answer to a command or a component only, never to a modal submit.
      if (interaction.type === 5) return error(400, 50035, 'A modal submit cannot be answered with a modal');
      const modal = body.data as { custom_id?: unknown; title?: unknown; components?: unknown } | undefined;
      if (typeof modal?.custom_id !== 'string' || typeof modal.title !== 'string' || !Array.isArray(modal.components)) return error(400, 50035, 'Invalid Form Body: a modal needs custom_id, title and components');
      // A member sees one modal at a time: a new one replaces any still open.
      for (const other of emu.interactions.values()) if (other.userId === interaction.userId && other.modal) other.modalClosed = true;
      interaction.modal = { custom_id: modal.custom_id, title: modal.title, components: modal.components };
      interaction.ack = 'modal';
      break;
    }
    default:
      return error(400, 50035, `Unsupported interaction callback type ${body.type}`);
  }
  interaction.ackedAt = performance.now();
  interaction.originalMessageId = message?.id;
  emu.acknowledged(id);
  if (!withResponse) return noContent;
  return ok({ interaction: { id, type: interaction.type }, resource: { type: body.type, message: message ? emu.payload(message) : undefined } });
}

function webhook(emu: DiscordEmulator, method: string, path: string[], body: Body): RestReply {
  const interaction: EmuInteraction | undefined = emu.interactionsByToken.get(path[2] ?? '');
  if (!interaction) return error(404, 10015, 'Unknown Webhook');
  if (method === 'POST' && path.length === 3) {
    const ephemeral = ((body.flags ?? 0) & EPHEMERAL) !== 0;
    const message = emu.createMessage(interaction.channelId, body, {
      ephemeralTo: ephemeral ? interaction.userId : undefined,
      interaction: { id: interaction.id, userId: interaction.userId },
      ...withFiles(emu, body),
    });
    interaction.webhookAnswered = true;
    return ok(emu.payload(message));
  }
  const target = path[4] === '@original' ? interaction.originalMessageId : path[4];
  const message = target ? emu.messages.get(target) : undefined;
  if (!message) return unknownMessage;
  if (method === 'GET') return ok(emu.payload(message));
  if (method === 'PATCH') {
    const edited = emu.editMessage(message, { ...body, ...withFiles(emu, body) });
    interaction.webhookAnswered = true;
    return ok(emu.payload(edited));
  }
  if (method === 'DELETE') {
    emu.messages.delete(message.id);
    return noContent;
  }
  return error(405, 0, 'Method Not Allowed');
}

function startThread(emu: DiscordEmulator, message: EmuMessage, name: string): RestReply {
  // As Discord: one thread per message.
  if (message.thread) return error(400, 160004, 'A thread has already been created for this message');
  const guild = emu.findChannel(message.channel_id)?.guild ?? emu.guild;
  const thread = { id: snowflake(), name, type: 11, guild_id: guild.id, parent_id: message.channel_id };
  guild.channels.push(thread);
  message.thread = { id: thread.id, name };
  return ok({ ...thread, owner_id: emu.state.bot.id, thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false }, message_count: 0, member_count: 1 });
}

/** Attachments sent as multipart: kept in memory and served to the sandbox page. */
function withFiles(emu: DiscordEmulator, body: Body): Partial<EmuMessage> {
  if (!body.__files?.length) return {};
  return {
    attachments: body.__files.map((f) => {
      const id = snowflake();
      emu.files.set(id, f);
      return { id, filename: f.name, size: f.size, url: `http://127.0.0.1:${emu.port}/sandbox/files/${id}/${encodeURIComponent(f.name)}`, proxy_url: '' };
    }),
  };
}
