import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, fitEmbed, fitLines, fitParts, fitText, length } from '../../src/discord/render/fit.js';
import { messageLimits } from '../../src/sandbox/discord-limits.js';

describe('fitText', () => {
  it('leaves a text that fits alone, counting characters as Discord does', () => {
    expect(fitText('题'.repeat(100), 100)).toBe('题'.repeat(100));
    expect(fitText('🙂'.repeat(10), 10)).toBe('🙂'.repeat(10));
  });

  it('cuts before a word, never inside one, and ends in an ellipsis', () => {
    expect(fitText('The kubelet restarts the container', 20)).toBe(`The kubelet${ELLIPSIS}`);
    expect(fitText('一二三四五六七八九十', 5)).toBe(`一二三四${ELLIPSIS}`);
  });

  it('cuts a single word longer than the room, with the ellipsis', () => {
    expect(fitText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}${ELLIPSIS}`);
  });

  it('closes a code block it cuts into', () => {
    const cut = fitText(`Look:\n\`\`\`go\n${'fmt.Println(1)\n'.repeat(20)}\`\`\``, 60);
    expect(length(cut)).toBeLessThanOrEqual(60);
    expect(cut.split('```').length % 2).toBe(1);
    expect(cut.endsWith('\n```')).toBe(true);
  });

  it('always fits and keeps a prefix of the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 1, max: 200 }), (s, max) => {
        const out = fitText(s, max);
        expect(length(out)).toBeLessThanOrEqual(max);
        if (out !== s) expect(out.includes(ELLIPSIS)).toBe(true);
      }),
    );
  });
});

describe('fitLines and fitParts', () => {
  it('keeps whole lines and says how many it left out', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `<https://kubernetes.io/docs/concepts/page-${i}>`);
    const out = fitLines(lines, 1024, (n) => `+${n}`);
    expect(length(out)).toBeLessThanOrEqual(1024);
    const kept = out.split('\n');
    expect(kept.slice(0, -1).every((l) => lines.includes(l))).toBe(true);
    expect(kept.at(-1)).toBe(`+${30 - kept.length + 1}`);
  });

  it('shrinks only the part it is told to, keeping the answer whole', () => {
    const answer = '**Answer: B. ClusterIP**';
    const out = fitParts(['Prompt', answer, 'why '.repeat(2000)], 4096, 2);
    expect(length(out)).toBeLessThanOrEqual(4096);
    expect(out).toContain(answer);
  });
});

describe('fitEmbed', () => {
  it('brings an embed over every limit within them all', () => {
    const huge = fitEmbed({
      title: 't'.repeat(300),
      description: 'word '.repeat(2000),
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `n${i}`.repeat(200), value: 'line\n'.repeat(400) })),
      footer: { text: 'f'.repeat(3000) },
      author: { name: 'a'.repeat(300) },
    });
    expect(messageLimits({ embeds: [huge] })).toEqual([]);
  });
});
