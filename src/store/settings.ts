import type { ServerScope } from '../domain/catalog.js';
import { DEFAULT_SETTINGS, SETTING_KEYS, SETTING_SCHEMAS, type ServerSettings, type SettingKey } from '../domain/settings.js';
import type { Db } from './client.js';

/** Settings are read on every interaction in a server (its language); a change here forgets the entry at once. */
const TTL_MS = 30_000;
const LIMIT = 50_000;
const cache = new Map<string, { settings: ServerSettings; until: number }>();

/** A server's settings; a key never set, or a stored value that no longer validates, reads as its default. */
export async function getServerSettings(db: Db, guildId: string): Promise<ServerSettings> {
  const hit = cache.get(guildId);
  if (hit && hit.until > Date.now()) return hit.settings;
  const rows = await db.serverSetting.findMany({ where: { guildId } });
  const settings = { ...DEFAULT_SETTINGS } as Record<SettingKey, unknown>;
  for (const row of rows) {
    if (!(SETTING_KEYS as string[]).includes(row.key)) continue;
    const key = row.key as SettingKey;
    let value: unknown;
    try {
      value = JSON.parse(row.value);
    } catch {
      continue;
    }
    const parsed = SETTING_SCHEMAS[key].safeParse(value);
    if (parsed.success) settings[key] = parsed.data;
  }
  if (cache.size >= LIMIT) cache.clear();
  cache.set(guildId, { settings: settings as ServerSettings, until: Date.now() + TTL_MS });
  return settings as ServerSettings;
}

/** Validates and saves one setting; returns the value before and after. Throws a ZodError on a bad value (callers validate first). */
export async function setServerSetting<K extends SettingKey>(db: Db, guildId: string, key: K, value: ServerSettings[K], by: string) {
  const valid = SETTING_SCHEMAS[key].parse(value) as ServerSettings[K];
  const before = (await getServerSettings(db, guildId))[key];
  const json = JSON.stringify(valid);
  await db.serverSetting.upsert({ where: { guildId_key: { guildId, key } }, create: { guildId, key, value: json, updatedBy: by }, update: { value: json, updatedBy: by } });
  cache.delete(guildId);
  return { before, after: valid };
}

/** What a server serves, as the question catalog takes it. */
export const scopeOf = (guildId: string, s: ServerSettings): ServerScope => ({ guildId, topics: s.topics, builtin: s.builtin });

export const serverScope = async (db: Db, guildId: string): Promise<ServerScope> => scopeOf(guildId, await getServerSettings(db, guildId));
