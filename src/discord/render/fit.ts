import type { APIEmbed } from 'discord.js';

/**
 * Making text fit Discord's limits, in one place for every renderer: a text is cut at a word
 * boundary and ends in an ellipsis, a list keeps whole lines and says how many it left out, and
 * an embed is brought within every limit Discord enforces (the emulator refuses anything over).
 */
export const LIMITS = { content: 2000, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256, embedTotal: 6000 } as const;

export const ELLIPSIS = '…';

/** Discord counts characters (code points), not UTF-16 units. */
export const length = (s: string) => [...s].length;

// Scripts written with spaces between words; a Han or kana character is a word of its own.
const WORD = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}_'’-]/u;

/**
 * `s` within `max` characters: unchanged when it fits, else cut before a word (never inside one,
 * unless a single word is longer than the room) with the ellipsis after it. A cut inside a code
 * block closes the block.
 */
export function fitText(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  if (max <= 0) return '';
  const fence = '\n```';
  for (const reserve of [0, fence.length]) {
    let end = Math.max(0, max - ELLIPSIS.length - reserve);
    if (WORD.test(chars[end] ?? '') && WORD.test(chars[end - 1] ?? '')) {
      let back = end;
      while (back > 0 && WORD.test(chars[back - 1]!)) back--;
      if (back > 0) end = back;
    }
    const cut = chars.slice(0, end).join('').trimEnd();
    const openFence = cut.split('```').length % 2 === 0;
    if (!openFence) return `${cut}${ELLIPSIS}`;
    if (reserve) return `${cut}${ELLIPSIS}${fence}`;
  }
  return chars.slice(0, max - 1).join('') + ELLIPSIS;
}

/**
 * Whole lines joined by newlines within `max`; the lines that do not fit are left out and
 * `more(n)` (in the reader's language) says how many. A first line longer than `max` is cut.
 */
export function fitLines(lines: readonly string[], max: number, more: (left: number) => string = () => ELLIPSIS): string {
  const all = lines.join('\n');
  if (length(all) <= max) return all;
  const kept: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const tail = length(more(lines.length - i)) + 1;
    const line = lines[i]!;
    const add = length(line) + (kept.length ? 1 : 0);
    if (used + add + tail > max) {
      if (!kept.length) kept.push(fitText(line, max - tail));
      kept.push(more(lines.length - kept.length));
      return kept.join('\n');
    }
    kept.push(line);
    used += add;
  }
  return kept.join('\n');
}

/**
 * Parts joined by newlines within `max`, shrinking only the part at `shrink` (an explanation, a
 * prompt): the others, such as the choices and the answer, are kept whole.
 */
export function fitParts(parts: readonly string[], max: number, shrink: number): string {
  const joined = parts.join('\n');
  const over = length(joined) - max;
  if (over <= 0) return joined;
  const target = parts[shrink] ?? '';
  return parts.map((p, i) => (i === shrink ? fitText(target, Math.max(0, length(target) - over)) : p)).join('\n');
}

/** An embed field of documentation links: whole links only, as many as fit. */
export const fitLinks = (links: readonly string[]) => fitLines(links.map((l) => `<${l}>`), LIMITS.fieldValue);

/** Text that counts toward Discord's 6,000-character total of a message's embeds. */
function embedText(e: APIEmbed): number {
  return length(e.title ?? '') + length(e.description ?? '') + length(e.footer?.text ?? '') + length(e.author?.name ?? '') + (e.fields ?? []).reduce((n, f) => n + length(f.name) + length(f.value), 0);
}

/** An embed within every per-field limit and within `total` characters in all (a message's embeds share 6,000). */
export function fitEmbed(e: APIEmbed, total: number = LIMITS.embedTotal): APIEmbed {
  const out: APIEmbed = { ...e };
  if (out.title !== undefined) out.title = fitText(out.title, LIMITS.title);
  if (out.description !== undefined) out.description = fitText(out.description, LIMITS.description);
  if (out.footer) out.footer = { ...out.footer, text: fitText(out.footer.text, LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: fitText(out.author.name, LIMITS.author) };
  if (out.fields) out.fields = out.fields.slice(0, LIMITS.fields).map((f) => ({ ...f, name: fitText(f.name, LIMITS.fieldName), value: fitLines(f.value.split('\n'), LIMITS.fieldValue) }));
  // Over the total: the description gives way first (down to a readable start), then the last fields.
  let over = embedText(out) - total;
  if (over > 0 && out.description) out.description = fitText(out.description, Math.max(Math.min(200, length(out.description)), length(out.description) - over));
  while ((over = embedText(out) - total) > 0 && out.fields?.length) {
    const last = out.fields.at(-1)!;
    const room = length(last.value) - over;
    if (room >= 20) out.fields = [...out.fields.slice(0, -1), { ...last, value: fitLines(last.value.split('\n'), room) }];
    else out.fields = out.fields.slice(0, -1);
  }
  return out;
}
