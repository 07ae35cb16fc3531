import type { CommandOption } from './emulator.js';
import { userPayload } from './payloads.js';
import { ALL_PERMISSIONS, type EmuGuild } from './state.js';

/**
 * What Discord sends in `data.resolved` beside a command's options: the channels, members, roles
 * and attachments they name (a user who left has no member entry; an unknown attachment resolves
 * to a URL that fails, like an expired CDN link).
 */
export function resolveOptions(options: CommandOption[], at: { guilds: readonly EmuGuild[]; files: ReadonlyMap<string, { name: string; size: number }>; port: number; joinedAt: string }) {
  const flat = (list: CommandOption[]): CommandOption[] => list.flatMap((o) => [o, ...flat(o.options ?? [])]);
  const channels = Object.fromEntries(
    flat(options)
      .filter((o) => o.type === 7)
      .map((o) => at.guilds.flatMap((g) => g.channels).find((c) => c.id === o.value))
      .filter((c) => c !== undefined)
      .map((c) => [c.id, { id: c.id, name: c.name, type: c.type, guild_id: c.guild_id, permissions: ALL_PERMISSIONS, parent_id: c.parent_id ?? null }]),
  );
  const people = flat(options)
    .filter((o) => o.type === 6)
    .map((o) => at.guilds.flatMap((g) => g.members).find((m) => m.id === o.value))
    .filter((m) => m !== undefined);
  const users = Object.fromEntries(people.map((m) => [m.id, userPayload(m)]));
  const members = Object.fromEntries(people.map((m) => [m.id, { roles: [], permissions: m.permissions, joined_at: at.joinedAt, nick: null, deaf: false, mute: false, flags: 0, pending: false }]));
  const roles = Object.fromEntries(
    flat(options)
      .filter((o) => o.type === 8)
      .map((o) => [o.value, { id: o.value, name: `role-${String(o.value).slice(-4)}`, color: 0, hoist: false, position: 1, permissions: '0', managed: false, mentionable: false, flags: 0 }]),
  );
  // Attachments the page or a test uploaded; an unknown id resolves to a URL that fails, like an expired CDN link.
  const attachments = Object.fromEntries(
    flat(options)
      .filter((o) => o.type === 11)
      .map((o) => {
        const id = String(o.value);
        const file = at.files.get(id);
        const name = file?.name ?? 'missing.yaml';
        return [id, { id, filename: name, size: file?.size ?? 1, url: `http://127.0.0.1:${at.port}/sandbox/files/${id}/${encodeURIComponent(name)}`, proxy_url: '', content_type: 'application/octet-stream' }];
      }),
  );
  const resolved = {
    ...(Object.keys(channels).length ? { channels } : {}),
    ...(people.length ? { users, members } : {}),
    ...(Object.keys(roles).length ? { roles } : {}),
    ...(Object.keys(attachments).length ? { attachments } : {}),
  };
  return Object.keys(resolved).length ? resolved : undefined;
}
