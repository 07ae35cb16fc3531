import type { Locale } from './question.js';

/** Discord locale -> the bot's language: any Chinese (zh-CN, zh-TW) reads zh-CN, all else en-US. */
export const localeFor = (discordLocale: string | null | undefined): Locale =>
  discordLocale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
