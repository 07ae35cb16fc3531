import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord.js';
import type { Locale, Question } from '../../domain/question.js';
import { t } from '../../i18n/index.js';
import { encodeCustomId } from '../custom-id.js';
import { fitParts, LIMITS } from './fit.js';

/** The snippet as a fenced code block with its language tag (the bank keeps fences out of the code). */
export const codeBlock = (q: Question): string | undefined => (q.snippet ? `\`\`\`${q.snippet.lang}\n${q.snippet.code.replace(/\s+$/, '')}\n\`\`\`` : undefined);

/** The prompt and, right under it, the code or manifest it asks about. */
export const promptBlock = (q: Question, locale: Locale): string => [q.prompt[locale], codeBlock(q)].filter(Boolean).join('\n');

/** The release the answer describes, for a footer ("As of Kubernetes 1.34"), after the footer's own text. */
export const versionFooter = (q: Question, locale: Locale, text?: string): { footer: { text: string } } | Record<string, never> => {
  const parts = [text, q.version ? t(locale, 'question.version', { version: q.version }) : undefined].filter((p): p is string => Boolean(p));
  return parts.length ? { footer: { text: parts.join(' · ') } } : {};
};

/**
 * A description made of lines, within Discord's 4,096 characters: if a long prompt, snippet and
 * explanation together overflow, the explanation (the one part with a "read more" link beside it)
 * is shortened, never the code block.
 */
export const fitDescription = (before: string[], explanation: string, after: string[] = []): string => fitParts([...before, explanation, ...after], LIMITS.description, before.length);

/** "Report a problem" under a revealed answer; the custom_id names where the member saw the question (ids only). */
export const reportButton = (source: 'p' | 'r' | 'd', sourceId: string, locale: Locale): APIButtonComponent => ({
  type: ComponentType.Button,
  style: ButtonStyle.Secondary,
  label: t(locale, 'report.button'),
  emoji: { name: '🚩' },
  custom_id: encodeCustomId('rp', source, sourceId),
});
