import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults } from './faults.js';
import { TokenFaults } from './token-faults.js';
import { shardOf } from '../discord/shards.js';
import { Gateway } from './gateway.js';
import { readBody } from './http-body.js';
import { HttpDelivery } from './http-delivery.js';
import { guildCreatePayload, interactionPayload, messagePayload, userPayload } from './payloads.js';
import { resolveOptions } from './resolved.js';
import { AckWaiters, waitForChange } from './waiting.js';
import { handleRest, type RestReply } from './rest.js';
import { DEFAULT_UPLOAD_LIMIT } from './discord-limits.js';
import { checkRequest, type Violation } from './request-check.js';
import { servePage } from './page.js';
import { snowflake } from './snowflake.js';
import { makeDemoState, makeGuilds, makeMembers, newToken, type EmuCommand, type EmuGuild, type EmuInteraction, type EmuMessage, type EmuUser } from './state.js';

/** how long Discord keeps a message nonce for enforce_nonce ("the past few minutes"; two here) */
const NONCE_WINDOW_MS = 120_000;

export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: CommandOption[];
}

/**
 * A local stand-in for Discord: REST v10 and gateway v10 on loopback, enough for the real
 * discord.js client. It records every message and every acknowledgement, so tests and the sandbox
 * page see exactly what the bot sent.
 */
export class DiscordEmulator extends EventEmitter {
  readonly state = makeDemoState();

  constructor() {
    super();
    this.setMaxListeners(0);
  }
  /**
   * Every request body Discord would have refused (its OpenAPI spec, its documented limits), in
   * order: each was answered as Discord answers it and emitted as 'violation'. Tests fail on any.
   */
  readonly violations: Violation[] = [];
  /** the servers' upload limit for attachments (Discord's default without boosts) */
  uploadLimitBytes = DEFAULT_UPLOAD_LIMIT;
  readonly messages = new Map<string, EmuMessage>();
  /** nonces of the bot's messages sent with enforce_nonce, and when */
  private readonly nonces = new Map<string, { messageId: string; at: number }>();
  readonly interactions = new Map<string, EmuInteraction>();
  readonly interactionsByToken = new Map<string, EmuInteraction>();
  readonly commands = new Map<string, EmuCommand>();
  /** attachments the bot uploaded, by attachment id */
  readonly files = new Map<string, { name: string; size: number; data: string }>();
  /** every REST request, for tests that count calls */
  readonly requests: { method: string; path: string }[] = [];
  readonly startedAt = new Date().toISOString();
  private server?: Server;
  private gateway = this.newGateway();

  private newGateway() {
    return new Gateway(
    () => `ws://127.0.0.1:${this.port}/gateway`,
    ([shard, count]) => {
      // A server the bot was removed from is not in READY after a reconnect, as on Discord.
      const guilds = this.state.guilds.filter((g) => shardOf(g.id, count) === shard && !this.removedGuilds.has(g.id));
      return {
        ready: {
          v: 10,
          user: userPayload(this.state.bot),
          guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
          application: { id: this.state.applicationId, flags: 0 },
          private_channels: [],
        },
        guilds: guilds.map((g) => guildCreatePayload(g, this.state.bot, this.startedAt)),
      };
    },
  );
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get guild() {
    return this.state.guilds[0]!;
  }
  get botConnected(): boolean {
    return this.gateway.connected();
  }

  /** The shard count GET /gateway/bot recommends (sharding tests set it). */
  recommendedShards = 1;

  /** Set: interactions are POSTed, signed, to the bot's endpoint instead of the gateway. */
  http?: HttpDelivery;

  /** Delivers interactions over HTTP to `url` from now on; the bot needs `http.publicKeyHex`. */
  deliverOverHttp(url: string): HttpDelivery {
    this.http ??= new HttpDelivery(this, url);
    this.http.url = url;
    return this.http;
  }

  /** Starts (or, after stop(), restarts) the emulator; the state it recorded is kept. */
  async start(port = 0): Promise<this> {
    this.gateway = this.newGateway();
    this.server = createServer((req, res) => void this.route(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      if (req.url?.startsWith('/gateway')) this.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    return this;
  }

  async stop(): Promise<void> {
    this.gateway.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The sandbox page's clock control: how far the bot's clock runs ahead of real time. */
  clockOffsetMs = 0;

  /** The bot's clock in the sandbox (real time plus the page's offset). */
  readonly clock = () => new Date(Date.now() + this.clockOffsetMs);

  moveClock(add: number | 'reset') {
    this.clockOffsetMs = add === 'reset' ? 0 : this.clockOffsetMs + add;
    this.emit('clock', this.clockOffsetMs);
    this.emit('change');
  }

  /** Fault injection: Discord's global rate limit, slow and closed channels. */
  readonly faults = new Faults();

  /** Interaction tokens and acknowledgements as real Discord limits them (15-minute tokens, 3-second acks). */
  readonly tokens = new TokenFaults();

  /** Every interaction token issued so far expires, as 15 minutes later: their webhooks answer 401 50027. */
  expireInteractionTokens() {
    this.tokens.expireAll(this.interactionsByToken.keys());
  }

  /** Adds `count` ordinary members (for crowds: a live round with hundreds of players). */
  addMembers(count: number, locale = 'en-US'): EmuUser[] {
    const added = makeMembers(count, this.guild.members.length, locale);
    this.guild.members.push(...added);
    this.membersById = undefined;
    return added;
  }

  /**
   * Adds servers of `membersEach` members with one text channel each (for fan-out and memory runs).
   * Call before the bot connects: servers arrive as GUILD_CREATE on identify, as on Discord.
   */
  addGuilds(count: number, membersEach: number): EmuGuild[] {
    const added = makeGuilds(count, membersEach, this.state.bot.id);
    this.state.guilds.push(...added);
    this.membersById = undefined;
    return added;
  }

  /** The server a channel belongs to (the first server when it is unknown, like the tests' extra channels). */
  private guildOf(channelId: string): EmuGuild {
    return this.state.guilds.find((g) => g.channels.some((c) => c.id === channelId)) ?? this.guild;
  }

  /** Deletes a channel, as an admin would mid-round: later sends get 404 Unknown Channel. */
  deleteChannel(channelId: string) {
    const channel = this.guild.channels.find((c) => c.id === channelId);
    this.guild.channels = this.guild.channels.filter((c) => c.id !== channelId);
    if (channel) this.gateway.dispatch('CHANNEL_DELETE', { id: channel.id, type: channel.type, guild_id: channel.guild_id, name: channel.name });
  }

  private membersById?: Map<string, EmuUser>;

  member(idOrName: string): EmuUser {
    this.membersById ??= new Map(this.state.guilds.flatMap((g) => g.members).flatMap((u) => [[u.id, u], [u.username, u]]));
    const found = this.membersById.get(idOrName);
    if (found) return found;
    throw new Error(`no member ${idOrName}`);
  }

  /** Messages in a channel, oldest first, as member `viewerId` sees them (ephemerals of others hidden). */
  channelMessages(channelId: string, viewerId?: string): EmuMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && (!m.ephemeralTo || m.ephemeralTo === viewerId));
  }

  /** A member runs a slash command; returns the interaction id. */
  sendCommand(input: { user: string; channelId?: string; name: string; options?: CommandOption[]; locale?: string }): string {
    const user = this.member(input.user);
    const command = [...this.commands.values()].find((c) => c.name === input.name);
    return this.dispatchInteraction(user, input.channelId ?? this.guild.channels[0]!.id, input.locale, {
      type: 2,
      data: { id: command?.id ?? snowflake(), name: input.name, type: 1, options: input.options ?? [], guild_id: command?.guild_id, resolved: resolveOptions(input.options ?? [], { guilds: this.state.guilds, files: this.files, port: this.port, joinedAt: this.startedAt }) },
    });
  }

  /** A file a member attaches to a command (the value of an attachment option). */
  uploadAttachment(name: string, data: Buffer): string {
    const id = snowflake();
    this.files.set(id, { name, size: data.length, data: data.toString('base64') });
    return id;
  }

  /** A member clicks a button on a message; returns the interaction id. */
  clickButton(input: { user: string; messageId: string; customId: string; locale?: string }): string {
    const user = this.member(input.user);
    const message = this.messages.get(input.messageId);
    if (!message) throw new Error(`no message ${input.messageId}`);
    return this.dispatchInteraction(
      user,
      message.channel_id,
      input.locale,
      { type: 3, data: { custom_id: input.customId, component_type: 2 }, message: messagePayload(message, this.state.bot, this.state.applicationId) },
      message.id,
    );
  }

  /**
   * A member submits a modal (interaction type 5, MODAL_SUBMIT) with `components` shaped as Discord
   * sends them back: labels with one `component` each (`{ custom_id, value }` for a text input,
   * `{ custom_id, values }` for a select). `messageId` is the message whose button opened it.
   */
  submitModal(input: { user: string; customId: string; components: unknown[]; channelId?: string; messageId?: string; locale?: string }): string {
    const user = this.member(input.user);
    const message = input.messageId ? this.messages.get(input.messageId) : undefined;
    if (input.messageId && !message) throw new Error(`no message ${input.messageId}`);
    return this.dispatchInteraction(
      user,
      message?.channel_id ?? input.channelId ?? this.guild.channels[0]!.id,
      input.locale,
      { type: 5, data: { custom_id: input.customId, components: input.components }, ...(message ? { message: messagePayload(message, this.state.bot, this.state.applicationId) } : {}) },
      message?.id,
    );
  }

  private readonly acks = new AckWaiters();

  /** Resolves with the interaction once the bot has acknowledged it (or rejects after `ms`). */
  waitForAck(interactionId: string, ms = 60_000): Promise<EmuInteraction> {
    const interaction = this.interactions.get(interactionId);
    if (!interaction) return Promise.reject(new Error(`no interaction ${interactionId}`));
    return interaction.ack ? Promise.resolve(interaction) : this.acks.wait(interaction, ms);
  }

  /**
   * Resolves with the bot's answer to an interaction once it is final: the reply itself, or, when
   * the bot deferred (as it does for any handler slower than its safety limit, e.g. on a busy
   * machine), the deferred message once edited with the real answer.
   */
  waitForReply(interactionId: string, ms = 60_000): Promise<EmuMessage | undefined> {
    return this.waitForAck(interactionId, ms).then(async (interaction) => {
      if (interaction.ack !== 'defer' && interaction.ack !== 'deferUpdate') return this.responseTo(interactionId);
      await this.waitFor(() => interaction.webhookAnswered || undefined, ms, 'the answer after a defer');
      const followUps = [...this.messages.values()].filter((m) => m.interaction?.id === interactionId && m.id !== interaction.originalMessageId);
      return followUps.at(-1) ?? this.responseTo(interactionId);
    });
  }

  /** Called by the REST side when an interaction is acknowledged. */
  acknowledged(interactionId: string) {
    this.acks.wake(interactionId);
  }

  /** Polls `check` on every change the emulator records until it returns a value. */
  waitFor<T>(check: () => T | undefined, ms = 60_000, what = 'condition'): Promise<T> {
    return waitForChange(this, check, ms, what);
  }

  /** The message the bot produced in answer to an interaction (its "@original"). */
  responseTo(interactionId: string): EmuMessage | undefined {
    const id = this.interactions.get(interactionId)?.originalMessageId;
    return id ? this.messages.get(id) : undefined;
  }

  private dispatchInteraction(user: EmuUser, channelId: string, locale: string | undefined, body: Record<string, unknown>, messageId?: string): string {
    const id = snowflake();
    const token = newToken();
    const guild = this.guildOf(channelId);
    const channel = guild.channels.find((c) => c.id === channelId);
    const interaction: EmuInteraction = { id, token, type: body.type as number, userId: user.id, guildId: guild.id, channelId, messageId, dispatchedAt: performance.now(), delivered: this.http !== undefined || this.gateway.connected(guild.id) };
    this.interactions.set(id, interaction);
    this.interactionsByToken.set(token, interaction);
    this.tokens.issued(token);
    const payload = { ...interactionPayload({ id, token, applicationId: this.state.applicationId, guild, channel, channelId, user, locale, joinedAt: this.startedAt, denied: this.faults.deniedChannels.has(channelId), deniedBits: this.faults.channels.deniedBits(channelId) }), ...body };
    if (this.http) void this.http.deliver(id, token, payload);
    else this.gateway.dispatch('INTERACTION_CREATE', payload);
    this.emit('change');
    return id;
  }

  private async route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const body = await readBody(req);
    let reply: RestReply;
    try {
      if (segments[0] === 'api') {
        this.requests.push({ method: req.method ?? 'GET', path: url.pathname });
        const rest = segments[1]?.startsWith('v') ? segments.slice(2) : segments.slice(1);
        const method = req.method ?? 'GET';
        const limited = rest[0] !== 'interactions' && this.faults.overGlobalLimit();
        const messageWrite = rest[0] === 'channels' && (method === 'POST' || method === 'PATCH');
        const delay = rest[0] === 'channels' ? (this.faults.slowChannels.get(rest[1] ?? '') ?? 0) + (messageWrite ? this.faults.slowMessagesMs : 0) : 0;
        if (delay) await new Promise((r) => setTimeout(r, delay));
        if (rest[0] === 'channels') await this.faults.whileHeld(rest[1] ?? '');
        const fault = limited || this.missingAccess(rest) || this.tokens.fault(rest) || this.refusal(method, rest, body) || this.faults.commandsFault(method, rest) || (messageWrite ? this.faults.messageFault() : rest.at(-1) === 'callback' ? this.faults.callbackFault() : undefined);
        reply = fault ? fault : handleRest(this, method, rest, url.searchParams, body);
        this.emit('change');
      } else {
        reply = servePage(this, req.method ?? 'GET', segments, body);
      }
    } catch (err) {
      reply = { status: 400, json: { message: (err as Error).message, code: 50035 } };
    }
    if (reply.stream) return reply.stream(res);
    res.writeHead(reply.status, {
      ...reply.headers,
      'Content-Type': reply.json !== undefined ? 'application/json' : (reply.contentType ?? 'text/plain; charset=utf-8'),
    });
    res.end(reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? ''));
  }

  /** Discord's answer to a body its spec or limits refuse (recorded in `violations`), if it is one. */
  refusal(method: string, path: string[], body: unknown): RestReply | undefined {
    const { __files: files = [], ...json } = body && typeof body === 'object' && !Array.isArray(body) ? (body as { __files?: { name: string; size: number }[] }) : {};
    const refused = checkRequest(method, path, Array.isArray(body) || body === undefined ? body : json, files, this.uploadLimitBytes);
    if (!refused) return undefined;
    this.violations.push(...refused.violations);
    refusedInProcess.push(...refused.violations);
    for (const v of refused.violations) this.emit('violation', v);
    return refused.reply;
  }

  // Internal helpers shared with rest.ts
  createMessage(channelId: string, body: MessageBody, extra: Partial<EmuMessage> = {}): EmuMessage {
    // Discord: with enforce_nonce, a nonce the same author used in the past few minutes returns that message, sending nothing.
    const nonce = body.enforce_nonce && body.nonce != null ? String(body.nonce) : undefined;
    const earlier = nonce === undefined ? undefined : this.nonces.get(nonce);
    if (earlier && Date.now() - earlier.at < NONCE_WINDOW_MS && this.messages.has(earlier.messageId)) return this.messages.get(earlier.messageId)!;
    const message: EmuMessage = {
      id: snowflake(),
      channel_id: channelId,
      guild_id: this.findChannel(channelId)?.guild.id ?? this.guild.id,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: [],
      flags: body.flags ?? 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...(body.allowed_mentions ? { allowed_mentions: body.allowed_mentions } : {}),
      ...extra,
    };
    this.messages.set(message.id, message);
    if (nonce !== undefined) this.nonces.set(nonce, { messageId: message.id, at: Date.now() });
    return message;
  }

  editMessage(message: EmuMessage, body: MessageBody): EmuMessage {
    if (body.content !== undefined) message.content = body.content ?? '';
    if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
    if (body.components !== undefined) message.components = body.components ?? [];
    message.edited_timestamp = new Date().toISOString();
    return message;
  }

  payload(message: EmuMessage) {
    return messagePayload(message, this.state.bot, this.state.applicationId);
  }

  dispatchEvent(t: string, d: unknown) {
    this.gateway.dispatch(t, d);
  }

  // --- The bot's membership of servers (GUILD_DELETE / GUILD_CREATE) ---

  /** Servers the bot was kicked from (or that were deleted): REST on their channels answers 403 50001 Missing Access. */
  readonly removedGuilds = new Set<string>();

  /** The bot is kicked, or the server deleted: GUILD_DELETE without `unavailable`, as Discord sends it. */
  removeBotFrom(guildId: string) {
    this.removedGuilds.add(guildId);
    this.gateway.dispatch('GUILD_DELETE', { id: guildId }, guildId);
  }

  /** A Discord outage: GUILD_DELETE with `unavailable: true`, which is not a removal. */
  guildOutage(guildId: string) {
    this.gateway.dispatch('GUILD_DELETE', { id: guildId, unavailable: true }, guildId);
  }

  /** The bot is invited back: GUILD_CREATE with the server's channels and members. */
  inviteBotTo(guildId: string) {
    const guild = this.state.guilds.find((g) => g.id === guildId);
    if (!guild) throw new Error(`no server ${guildId}`);
    this.removedGuilds.delete(guildId);
    this.gateway.dispatch('GUILD_CREATE', guildCreatePayload(guild, this.state.bot, this.startedAt), guildId);
  }

  private missingAccess(path: string[]): RestReply | undefined {
    const guild = path[0] === 'channels' ? this.findChannel(path[1] ?? '')?.guild.id : path[0] === 'guilds' ? path[1] : undefined;
    return guild && this.removedGuilds.has(guild) ? { status: 403, json: { message: 'Missing Access', code: 50001 } } : undefined;
  }

  /** op 9 (invalid session, not resumable): the client identifies again. */
  invalidateSession() {
    this.gateway.invalidateSession();
  }

  /** The connection drops without a close frame; the client reconnects and resumes. */
  dropConnection() {
    this.gateway.dropConnection();
  }

  /** A channel of any server. */
  findChannel(channelId: string) {
    for (const g of this.state.guilds) {
      const channel = g.channels.find((c) => c.id === channelId);
      if (channel) return { guild: g, channel };
    }
    return undefined;
  }

  requestReconnect() {
    this.gateway.requestReconnect();
  }
}

const refusedInProcess: Violation[] = [];

/** Every violation any emulator of this process recorded, in order (the test support fails tests on them). */
export function processViolations(): readonly Violation[] {
  return refusedInProcess;
}

export interface MessageBody {
  content?: string | null;
  embeds?: unknown[] | null;
  components?: unknown[] | null;
  flags?: number;
  name?: string;
  allowed_mentions?: { parse?: string[] };
  nonce?: string | number | null;
  enforce_nonce?: boolean | null;
}
