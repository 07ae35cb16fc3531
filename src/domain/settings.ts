import { z } from 'zod';
import { TOPICS, type Topic } from '../bank/tags.js';
import { isValidTime } from './daily.js';
import { DEFAULT_RECAP } from './recap.js';

/**
 * A server's settings: one key per concern, each with its zod schema and default. They are stored
 * as validated key-value rows (ServerSetting), so a new setting is a new entry here, not a column.
 */
export const SETTING_SCHEMAS = {
  /** "member": each member's own Discord language; or one language for everyone */
  language: z.enum(['member', 'en-US', 'zh-CN']),
  /** topics served in practice, rounds and the daily challenge */
  topics: z.array(z.enum(TOPICS)).min(1).refine((t) => new Set(t).size === t.length),
  /** topics whose built-in questions are served (a server's packs are served regardless) */
  builtin: z.array(z.enum(TOPICS)).refine((t) => new Set(t).size === t.length),
  /** what /quiz start uses when the member does not say */
  roundDefaults: z.strictObject({ questions: z.int().min(3).max(20), seconds: z.int().min(10).max(60) }),
  /** the role that may start and stop rounds besides Manage Server (null: everyone starts) */
  roundRole: z.string().regex(/^\d{17,20}$/).nullable(),
  /** whether /leaderboard answers in the channel or only to the member */
  leaderboard: z.enum(['public', 'private']),
  /** the weekly recap: on or off, and when (a plan's weeks decide the day while one runs) */
  recap: z.strictObject({ enabled: z.boolean(), weekday: z.int().min(1).max(7), time: z.string().refine(isValidTime) }),
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export type ServerSettings = { [K in SettingKey]: z.infer<(typeof SETTING_SCHEMAS)[K]> };

export const DEFAULT_SETTINGS: ServerSettings = {
  language: 'member',
  topics: [...TOPICS],
  builtin: [...TOPICS],
  roundDefaults: { questions: 10, seconds: 20 },
  roundRole: null,
  leaderboard: 'public',
  recap: DEFAULT_RECAP,
};

export const SETTING_KEYS = Object.keys(SETTING_SCHEMAS) as SettingKey[];

/** Whether a topic is served in this server at all. */
export const topicServed = (s: ServerSettings, topic: Topic) => s.topics.includes(topic);
