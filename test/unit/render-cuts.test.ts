import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { TAGS, type Tag } from '../../src/bank/tags.js';
import { length } from '../../src/discord/render/fit.js';
import { renderPlan, weekLine } from '../../src/discord/render/plan.js';
import { renderReports } from '../../src/discord/render/reports.js';
import { MAX_WEEKS, type Plan } from '../../src/domain/plan.js';
import { t } from '../../src/i18n/index.js';

/** Shortened text in the renderers that cut by hand before: now before a word, with an ellipsis, never inside an emoji. */
const WORD = /[\p{Script=Latin}\p{N}_'’-]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('reports: a long member comment', () => {
  it('is cut before a word with an ellipsis, and an emoji at the cut stays whole or goes', () => {
    // 148 characters of words, then an emoji straddling the old cut at 149 UTF-16 units
    const comment = `${'unclear wording '.repeat(9)}abc 🙂🙂 then more words after the limit`;
    const { embeds } = renderReports([{ questionId: 'q1', counts: { unclear: 1 }, total: 1, comments: [comment], latestAt: new Date(0) }], 0, () => undefined, 'en-US');
    const line = (embeds as APIEmbed[])[0]!.description!.split('\n').find((l) => l.startsWith('> '))!;
    const shown = line.slice(2);
    expect(shown).not.toMatch(LONE_SURROGATE);
    expect(shown.endsWith('…')).toBe(true);
    const kept = shown.slice(0, -1);
    expect(comment.startsWith(kept)).toBe(true);
    expect(WORD.test(comment[kept.length - 1] ?? '') && WORD.test(comment[kept.length] ?? '')).toBe(false);
    expect(length(shown)).toBeLessThanOrEqual(150);
  });
});

describe('plan: the whole plan of 52 weeks', () => {
  const tags = (Object.keys(TAGS) as Tag[]).slice(0, 12);
  const plan: Plan = {
    template: 'notes',
    pausedAt: null,
    weeks: Array.from({ length: MAX_WEEKS }, (_, k) => ({ number: k + 1, startDate: `2027-01-${String((k % 28) + 1).padStart(2, '0')}`, endDate: `2027-02-${String((k % 28) + 1).padStart(2, '0')}`, tags })),
  };
  it.each(['en-US', 'zh-CN'] as const)('lists whole weeks within 1,024 characters and counts the rest (%s)', (locale) => {
    const { embeds } = renderPlan(plan, '2027-01-01', 'UTC', undefined, locale);
    const whole = (embeds as APIEmbed[])[0]!.fields!.find((f) => f.name === t(locale, 'plan.whole'))!.value;
    expect(length(whole)).toBeLessThanOrEqual(1024);
    const lines = whole.split('\n');
    const listed = lines.length - 1;
    expect(lines.slice(0, -1)).toEqual(plan.weeks.slice(0, listed).map((w) => weekLine(w, locale, 60)));
    expect(lines.at(-1)).toBe(t(locale, 'plan.moreWeeks', { count: MAX_WEEKS - listed }));
  });
});
