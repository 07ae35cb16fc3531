import { ALL_OR_NONE, INVISIBLE } from '../bank/schema.js';
import { PACK_LIMITS, type PackFinding as Finding } from './types.js';

export type TextKind = 'prompt' | 'choice' | 'explanation';

/** Discord mentions: @everyone/@here, users, roles, channels and slash commands (`</name sub:id>`). */
const MENTION = /@(?:everyone|here)\b|<@[!&]?\d+>|<#\d+>|<\/[^<>:\n]+:\d+>/i;

/** Markdown that changes a message's layout: headings, subtext, and links that hide their target. */
const HEADING = /^[ \t]*(?:#{1,3}|-#)[ \t]+\S/m;
const MASKED_LINK = /\[[^\]\n]*\]\(\s*<?[a-z][a-z0-9+.-]*:/i;
const CODE = /```[\s\S]*?```|`[^`\n]*`/g;


const MAX: Record<TextKind, number> = { prompt: PACK_LIMITS.prompt, choice: PACK_LIMITS.choice, explanation: PACK_LIMITS.explanation };

/** The invisible or mention problems any shown string can have; links are checked with it too. */
export function hostileFindings(s: string): Finding[] {
  const findings: Finding[] = [];
  const invisible = INVISIBLE.exec(s)?.[0].codePointAt(0);
  if (invisible !== undefined) findings.push({ code: 'control-char', params: { char: `U+${invisible.toString(16).toUpperCase().padStart(4, '0')}` } });
  if (MENTION.test(s)) findings.push({ code: 'mention' });
  return findings;
}

/**
 * Checks one localized text. Returns the trimmed text, or the findings that refuse it; a text over
 * its limit reports only that (it has to be rewritten anyway, and is never scanned further).
 */
export function checkText(value: unknown, kind: TextKind): { text: string } | { findings: Finding[] } {
  if (typeof value !== 'string') return { findings: [{ code: 'wrong-type', params: { expected: 'text' } }] };
  const text = value.trim();
  if (text === '') return { findings: [{ code: 'empty-text' }] };
  if (text.length > MAX[kind]) return { findings: [{ code: 'too-long', params: { length: text.length, max: MAX[kind] } }] };

  const findings = hostileFindings(text);
  // Code spans render literally, so a `# comment` or `[i](x)` inside one is harmless.
  const prose = text.replace(CODE, ' ');
  if (HEADING.test(prose)) findings.push({ code: 'markdown-heading' });
  if (MASKED_LINK.test(prose)) findings.push({ code: 'masked-link' });
  if (text.split('```').length % 2 === 0) findings.push({ code: 'code-fence-unbalanced' });
  if (kind === 'choice') {
    if (text.includes('\n')) findings.push({ code: 'choice-multiline' });
    if (ALL_OR_NONE.some((re) => re.test(text))) findings.push({ code: 'choice-all-none' });
  }
  return findings.length > 0 ? { findings } : { text };
}

/** How two choices compare for "duplicates another choice", as in the bank. */
export const choiceKey = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');
