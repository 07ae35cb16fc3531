import { ALL_PERMISSIONS, type EmuChannel, type EmuGuild, type EmuMessage, type EmuUser } from './state.js';

/** The bot's own permissions: everything but Administrator (1 << 3), which would mask any denial. */
const BOT_PERMISSIONS = (BigInt(ALL_PERMISSIONS) & ~(1n << 3n)).toString();
/** In a channel closed to it: also without Send Messages (1 << 11) and Embed Links (1 << 14). */
const BOT_PERMISSIONS_DENIED = (BigInt(BOT_PERMISSIONS) & ~((1n << 11n) | (1n << 14n))).toString();

/** INTERACTION_CREATE's payload (or the body POSTed in HTTP mode), before the command's own fields. */
export const interactionPayload = (p: { id: string; token: string; applicationId: string; guild: EmuGuild; channel?: EmuChannel; channelId: string; user: EmuUser; locale?: string; joinedAt: string; denied: boolean; deniedBits?: bigint }) => ({
  id: p.id,
  application_id: p.applicationId,
  token: p.token,
  version: 1,
  guild_id: p.guild.id,
  channel_id: p.channelId,
  channel: p.channel ? { id: p.channel.id, type: p.channel.type, name: p.channel.name, guild_id: p.channel.guild_id, parent_id: p.channel.parent_id ?? null } : undefined,
  member: { user: userPayload(p.user), roles: p.user.roles ?? [], permissions: p.user.permissions, joined_at: p.joinedAt, nick: null, deaf: false, mute: false, flags: 0, pending: false },
  locale: p.locale ?? p.user.locale,
  guild_locale: 'en-US',
  app_permissions: (BigInt(p.denied ? BOT_PERMISSIONS_DENIED : BOT_PERMISSIONS) & ~(p.deniedBits ?? 0n)).toString(),
  entitlements: [],
  authorizing_integration_owners: { '0': p.guild.id },
  context: 0,
  attachment_size_limit: 10485760,
});

/** Payloads shaped as Discord's API v10 sends them (fields discord.js relies on included). */
export const userPayload = (u: EmuUser) => ({
  id: u.id,
  username: u.username,
  global_name: u.global_name,
  discriminator: '0',
  avatar: null,
  bot: u.bot ?? false,
  public_flags: 0,
});

export const memberPayload = (u: EmuUser, joinedAt: string) => ({
  user: userPayload(u),
  nick: null,
  roles: [],
  joined_at: joinedAt,
  deaf: false,
  mute: false,
  flags: 0,
  pending: false,
});

export const channelPayload = (c: EmuChannel, position: number) => ({
  id: c.id,
  type: c.type,
  name: c.name,
  guild_id: c.guild_id,
  position,
  permission_overwrites: [],
  parent_id: c.parent_id ?? null,
  nsfw: false,
  topic: null,
  last_message_id: null,
  rate_limit_per_user: 0,
});

export const guildCreatePayload = (g: EmuGuild, bot: EmuUser, joinedAt: string) => ({
  id: g.id,
  name: g.name,
  icon: null,
  owner_id: g.owner_id,
  afk_channel_id: null,
  afk_timeout: 300,
  system_channel_id: g.system_channel_id,
  verification_level: 0,
  default_message_notifications: 0,
  explicit_content_filter: 0,
  mfa_level: 0,
  premium_tier: 0,
  preferred_locale: 'en-US',
  features: [],
  roles: [
    { id: g.id, name: '@everyone', permissions: '2248473465835073', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
  ],
  emojis: [],
  stickers: [],
  channels: g.channels.filter((c) => c.type !== 11).map((c, i) => channelPayload(c, i)),
  threads: g.channels.filter((c) => c.type === 11).map((c, i) => channelPayload(c, i)),
  members: [bot, ...g.members].map((m) => memberPayload(m, joinedAt)),
  member_count: g.members.length + 1,
  presences: [],
  voice_states: [],
  stage_instances: [],
  guild_scheduled_events: [],
  large: false,
  unavailable: false,
  joined_at: joinedAt,
});

export const messagePayload = (m: EmuMessage, bot: EmuUser, applicationId: string) => ({
  id: m.id,
  type: m.interaction ? 20 : 0,
  channel_id: m.channel_id,
  guild_id: m.guild_id,
  author: userPayload(bot),
  content: m.content,
  embeds: m.embeds,
  components: m.components,
  attachments: m.attachments,
  mentions: [],
  mention_roles: [],
  mention_everyone: false,
  pinned: false,
  tts: false,
  timestamp: m.timestamp,
  edited_timestamp: m.edited_timestamp,
  flags: m.flags,
  application_id: m.interaction ? applicationId : undefined,
  webhook_id: m.interaction ? applicationId : undefined,
  interaction_metadata: m.interaction
    ? { id: m.interaction.id, type: 2, user: { id: m.interaction.userId, username: 'member', discriminator: '0', avatar: null, global_name: null }, authorizing_integration_owners: {} }
    : undefined,
  thread: m.thread ? { id: m.thread.id, name: m.thread.name, type: 11, guild_id: m.guild_id, parent_id: m.channel_id } : undefined,
});
