import type { APIButtonComponent } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { length, LIMITS } from '../../src/discord/render/fit.js';
import { renderStandings, standingsText, STANDINGS_SHOWN } from '../../src/discord/render/round.js';
import type { Standing } from '../../src/domain/scoring.js';
import { t } from '../../src/i18n/index.js';

const standings = (n: number): Standing[] =>
  Array.from({ length: n }, (_, k) => ({ userId: `${100000000000000000n + BigInt(k)}`, points: 10_000 - k, correct: 20, bestStreak: 20, rank: k + 1, perQuestion: new Map() }) as unknown as Standing);
const buttons = (m: ReturnType<typeof renderStandings>) => m.components.flatMap((r) => r.components as APIButtonComponent[]);

describe('round standings of any size', () => {
  it.each(['en-US', 'zh-CN'] as const)('500 players in %s: the top 25 by name, "and 475 more", and a My place button carrying the round id', (locale) => {
    const m = renderStandings(standings(500), false, locale, 'Zr0uNd1d');
    const lines = m.embeds[0]!.description!.split('\n');
    expect(lines).toHaveLength(STANDINGS_SHOWN + 1);
    expect(lines[0]).toContain('<@100000000000000000>');
    expect(lines[24]).toContain('<@100000000000000024>');
    expect(lines[25]).toBe(t(locale, 'round.standingsMore', { count: 475 }));
    expect(buttons(m)).toEqual([expect.objectContaining({ custom_id: 'rs:Zr0uNd1d', label: t(locale, 'round.myPlace') })]);
  });

  it('a round everyone can read in full has no "more" line and no button', () => {
    const m = renderStandings(standings(STANDINGS_SHOWN), false, 'en-US', 'Zr0uNd1d');
    expect(m.embeds[0]!.description!.split('\n')).toHaveLength(STANDINGS_SHOWN);
    expect(m.components).toEqual([]);
  });

  it('lines too long for the description: whole lines only, within 4,096, and the count covers everyone left out', () => {
    const lines = Array.from({ length: 40 }, (_, k) => `#${k + 1} ${'name '.repeat(60)}`);
    const { text, listed } = standingsText(lines, (n) => `…and ${n} more`);
    expect(length(text)).toBeLessThanOrEqual(LIMITS.description);
    const shown = text.split('\n');
    expect(shown.slice(0, -1)).toEqual(lines.slice(0, listed));
    expect(shown.at(-1)).toBe(`…and ${40 - listed} more`);
    expect(listed).toBeLessThan(STANDINGS_SHOWN);
  });

  it('nobody played: says so', () => {
    expect(renderStandings([], true, 'zh-CN', 'r').embeds[0]!.description).toBe(t('zh-CN', 'round.nobodyPlayed'));
  });
});
