import { randomBytes } from 'node:crypto';
import { snowflake } from './snowflake.js';

/** Everything a member can do in the demo server: Discord's permission bits as a decimal string. */
export const ALL_PERMISSIONS = ((1n << 50n) - 1n).toString();
/** View channel, send messages, read history, use application commands: an ordinary member. */
export const MEMBER_PERMISSIONS = ((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n)).toString();

export interface EmuUser {
  id: string;
  username: string;
  global_name: string;
  locale: string;
  /** Discord permission bits in the demo server */
  permissions: string;
  bot?: boolean;
  /** role ids the member has in the demo server */
  roles?: string[];
}

export interface EmuChannel {
  id: string;
  name: string;
  type: number;
  guild_id: string;
  parent_id?: string;
}

export interface EmuGuild {
  id: string;
  name: string;
  owner_id: string;
  system_channel_id: string;
  channels: EmuChannel[];
  members: EmuUser[];
}

export interface EmuMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: unknown[];
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
  /** set for ephemeral messages: only this member sees it */
  ephemeralTo?: string;
  /** the interaction that produced it, if any */
  interaction?: { id: string; userId: string; name?: string };
  /** what the sender allowed to ping, as sent (tests check that members are named without pinging) */
  allowed_mentions?: { parse?: string[] };
  thread?: { id: string; name: string };
}

export interface EmuCommand {
  id: string;
  guild_id?: string;
  name: string;
  [key: string]: unknown;
}

export type AckKind = 'reply' | 'defer' | 'update' | 'deferUpdate' | 'modal' | 'pong';

export interface EmuInteraction {
  id: string;
  token: string;
  type: number;
  userId: string;
  guildId: string;
  channelId: string;
  /** the message a component sat on */
  messageId?: string;
  /** the message created or edited by the response (the "@original") */
  originalMessageId?: string;
  dispatchedAt: number;
  /** whether the bot's gateway connection was open when the interaction was sent */
  delivered: boolean;
  ackedAt?: number;
  /** set once the bot answered through the interaction's webhook (an edit of @original or a follow-up) */
  webhookAnswered?: boolean;
  ack?: AckKind;
  /** the modal the bot answered with (callback type 9), as it sent it */
  modal?: EmuModal;
  /** the sandbox page submitted or dismissed that modal */
  modalClosed?: boolean;
}

/** A modal as the bot sends it: its custom_id, title and components (labels, or legacy action rows). */
export interface EmuModal {
  custom_id: string;
  title: string;
  components: unknown[];
}

export function makeDemoState() {
  const guildId = snowflake();
  const channel = (name: string): EmuChannel => ({ id: snowflake(), name, type: 0, guild_id: guildId });
  const general = channel('study-hall');
  const user = (username: string, global_name: string, locale: string, permissions = MEMBER_PERMISSIONS): EmuUser => ({
    id: snowflake(),
    username,
    global_name,
    locale,
    permissions,
  });
  const members = [
    user('alice', 'Alice', 'en-US', ALL_PERMISSIONS),
    user('wei', '王伟', 'zh-CN'),
    user('bob', 'Bob', 'en-GB'),
    user('lina', '李娜', 'zh-CN'),
  ];
  const guild: EmuGuild = {
    id: guildId,
    name: 'Cloud Native Study Group',
    owner_id: members[0]!.id,
    system_channel_id: general.id,
    channels: [general, channel('daily-challenge'), channel('kubernetes')],
    members,
  };
  const bot: EmuUser = { id: snowflake(), username: 'quizbot', global_name: 'Quiz Bot', locale: 'en-US', permissions: ALL_PERMISSIONS, bot: true };
  return { guilds: [guild], bot, applicationId: bot.id };
}

export const newToken = () => `aW50ZXJhY3Rpb246${randomBytes(24).toString('base64url')}`;

/** `count` ordinary members, numbered from `from` (for crowds: a live round with hundreds of players). */
export const makeMembers = (count: number, from: number, locale: string): EmuUser[] =>
  Array.from({ length: count }, (_, i) => ({ id: snowflake(), username: `member${from + i}`, global_name: `Member ${from + i}`, locale, permissions: MEMBER_PERMISSIONS }));

/** `count` servers of `membersEach` members with one text channel each. */
export const makeGuilds = (count: number, membersEach: number, fallbackOwner: string): EmuGuild[] =>
  Array.from({ length: count }, (_, g): EmuGuild => {
    // a millisecond apart, so the servers fall on every shard in turn ((id >> 22) % shards)
    const id = snowflake(Date.now() - count + g);
    const channel = { id: snowflake(), name: 'general', type: 0, guild_id: id };
    const members = Array.from({ length: membersEach }, (_, m) => ({ id: snowflake(), username: `g${g}m${m}`, global_name: `Server ${g} member ${m}`, locale: 'en-US', permissions: MEMBER_PERMISSIONS }));
    return { id, name: `Study group ${g}`, owner_id: members[0]?.id ?? fallbackOwner, system_channel_id: channel.id, channels: [channel], members };
  });
