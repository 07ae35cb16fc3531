import { ApplicationCommandOptionType, type APIApplicationCommandBasicOption, type APIApplicationCommandOptionChoice } from 'discord.js';
import { TOPICS } from '../bank/tags.js';
import { DIFFICULTIES } from '../bank/schema.js';
import { t, type PlainKey } from '../i18n/index.js';

/** Name, description and their zh-CN localizations from the catalogs. */
export const described = (key: PlainKey) => ({
  description: t('en-US', key),
  description_localizations: { 'zh-CN': t('zh-CN', key) },
});

/** A subcommand with its zh-CN name and the catalogs' descriptions. */
export const subcommand = (name: string, zh: string, key: PlainKey, options: APIApplicationCommandBasicOption[] = []) => ({
  type: ApplicationCommandOptionType.Subcommand as const,
  name,
  name_localizations: { 'zh-CN': zh },
  ...described(key),
  options,
});

export const choice = (value: string, key: PlainKey): APIApplicationCommandOptionChoice<string> => ({
  name: t('en-US', key),
  name_localizations: { 'zh-CN': t('zh-CN', key) },
  value,
});

export const topicOption = {
  type: ApplicationCommandOptionType.String,
  name: 'topic',
  name_localizations: { 'zh-CN': '主题' },
  ...described('option.topic.description'),
  choices: [...TOPICS, 'any' as const].map((topic) => choice(topic, `topic.${topic}`)),
} as const;

export const difficultyOption = {
  type: ApplicationCommandOptionType.String,
  name: 'difficulty',
  name_localizations: { 'zh-CN': '难度' },
  ...described('option.difficulty.description'),
  choices: [...DIFFICULTIES, 'any' as const].map((d) => choice(d, `difficulty.${d}`)),
} as const;
