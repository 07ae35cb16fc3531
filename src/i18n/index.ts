import type { Locale } from '../domain/question.js';
import { enUS } from './en-US.js';
import { zhCN } from './zh-CN.js';

type Source = typeof enUS;
export type MessageKey = keyof Source;
/** Same keys as en-US; a message with parameters takes the same parameters. */
export type Catalog = { [K in MessageKey]: Source[K] extends (p: infer P) => string ? (p: P) => string : string };

const catalogs: Record<Locale, Catalog> = { 'en-US': enUS, 'zh-CN': zhCN };

type ParamsOf<K extends MessageKey> = Source[K] extends (p: infer P) => string ? [params: P] : [];

/** The message `key` in `locale`; a key that does not exist, or a missing parameter, is a compile error. */
export function t<K extends MessageKey>(locale: Locale, key: K, ...params: ParamsOf<K>): string {
  const message = catalogs[locale][key] as string | ((p: unknown) => string);
  return typeof message === 'function' ? message(params[0]) : message;
}

/** Keys whose message takes no parameters (command descriptions, labels). */
export type PlainKey = { [K in MessageKey]: Source[K] extends string ? K : never }[MessageKey];
