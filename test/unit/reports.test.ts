import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { renderReportModal } from '../../src/discord/render/report-modal.js';
import { renderReports, REPORTS_PAGE_SIZE } from '../../src/discord/render/reports.js';
import { QuestionCatalog } from '../../src/domain/catalog.js';
import type { Question } from '../../src/domain/question.js';
import { checkReport, pageOf, REPORT_REASONS, type ReportGroup } from '../../src/domain/report.js';

describe('checkReport: what a member typed into the modal', () => {
  it('accepts a known reason with an optional comment, trimmed', () => {
    expect(checkReport({ reason: 'typo', comment: '' })).toEqual({ reason: 'typo', comment: '' });
    expect(checkReport({ reason: 'unclear', comment: '  which one?  ' })).toEqual({ reason: 'unclear', comment: 'which one?' });
    expect(checkReport({ reason: 'other', comment: 'x'.repeat(500) })).toEqual({ reason: 'other', comment: 'x'.repeat(500) });
    expect(checkReport({ reason: 'outdated', comment: 'see `kubectl get pods -o wide` and <https://kubernetes.io/>' })).toMatchObject({ reason: 'outdated' });
  });

  it('refuses each kind of bad input with its own reason', () => {
    expect(checkReport({ reason: 'spam', comment: '' })).toEqual({ refused: 'badReason' });
    expect(checkReport({ reason: undefined, comment: '' })).toEqual({ refused: 'badReason' });
    expect(checkReport({ reason: 'typo', comment: 42 })).toEqual({ refused: 'badReason' });
    expect(checkReport({ reason: 'other', comment: ' \n ' })).toEqual({ refused: 'commentNeeded' });
    expect(checkReport({ reason: 'typo', comment: 'x'.repeat(501) })).toEqual({ refused: 'commentTooLong' });
    for (const mention of ['@everyone', '@here', '<@123456789012345678>', '<@!123456789012345678>', '<@&123456789012345678>', '<#123456789012345678>']) {
      expect(checkReport({ reason: 'typo', comment: `look ${mention}` }), mention).toEqual({ refused: 'commentMentions' });
    }
    expect(checkReport({ reason: 'typo', comment: 'hidden\u200btext' })).toEqual({ refused: 'commentControl' });
  });

  it('never accepts a comment over 500 characters or with @everyone, whatever else it holds', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REPORT_REASONS), fc.string({ maxLength: 700 }), (reason, comment) => {
        const checked = checkReport({ reason, comment });
        if ('refused' in checked) return;
        expect(checked.comment.length).toBeLessThanOrEqual(500);
        expect(checked.comment).not.toMatch(/@everyone|<@\d+>/);
        if (reason === 'other') expect(checked.comment).not.toBe('');
      }),
    );
  });
});

describe('pageOf', () => {
  it('clamps the page into range and never returns more than a page', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 50 }), fc.integer({ min: -5, max: 20 }), fc.integer({ min: 1, max: 10 }), (items, page, size) => {
        const view = pageOf(items, page, size);
        expect(view.page).toBeGreaterThanOrEqual(0);
        expect(view.page).toBeLessThan(view.pages);
        expect(view.items.length).toBeLessThanOrEqual(size);
        if (items.length) expect(view.items.length).toBeGreaterThan(0);
      }),
    );
  });
});

const question = (id: string, over: Partial<Question> = {}): Question => ({
  id,
  topic: 'kubernetes',
  difficulty: 'easy',
  tags: ['service'],
  prompt: { 'en-US': `Which Pods does ${id} select? **bold** and a long tail ${'w'.repeat(400)}`, 'zh-CN': `${id} 选择哪些 Pod？` },
  choices: [{ 'en-US': 'a', 'zh-CN': '甲' }, { 'en-US': 'b', 'zh-CN': '乙' }],
  answer: 0,
  explanation: { 'en-US': 'e', 'zh-CN': '解' },
  links: ['https://kubernetes.io/'],
  ...over,
});

describe('renderReports: /pack reports', () => {
  const groups: ReportGroup[] = Array.from({ length: 10 }, (_, n) => ({
    questionId: `k8s-question-${String(n).padStart(2, '0')}-${'x'.repeat(50)}`,
    counts: { 'wrong-answer': n + 1, typo: 1 },
    total: n + 2,
    comments: [`comment ${n} with *markdown* and \`\`\`fence`, 'y'.repeat(400)],
    latestAt: new Date(2026, 11, n + 1),
  }));
  const catalog = new Map(groups.map((g) => [g.questionId, question(g.questionId)]));

  it('pages the most reported questions first, a row of buttons each and one for paging, within Discord limits', () => {
    const first = renderReports(groups, 0, (id) => catalog.get(id), 'en-US');
    const embed = (first.embeds as APIEmbed[])[0]!;
    expect(embed.title).toBe('Open reports · 65 on 10 question(s)');
    expect(embed.description!.split('\n\n')[0]).toMatch(/^\*\*#1\*\* `k8s-question-09-/);
    expect(embed.description!.length).toBeLessThanOrEqual(4096);
    expect(embed.description).toContain('The answer is wrong ×10 · There is a typo ×1');
    expect(embed.description).not.toContain('```');
    const rows = first.components as unknown as { components: { custom_id: string; disabled?: boolean }[] }[];
    expect(rows).toHaveLength(REPORTS_PAGE_SIZE + 1);
    expect(rows[0]!.components.map((b) => b.custom_id)).toEqual([`rr:0:${groups[9]!.questionId}`, `rh:0:${groups[9]!.questionId}`]);
    expect(rows.at(-1)!.components.map((b) => [b.custom_id, b.disabled])).toEqual([['rg:-1', true], ['rg:1', false]]);
    for (const row of rows) for (const b of row.components) expect(b.custom_id.length).toBeLessThanOrEqual(100);

    const last = renderReports(groups, 99, (id) => catalog.get(id), 'zh-CN');
    expect((last.embeds as APIEmbed[])[0]!.footer!.text).toMatch(/^第 3\/3 页/);
    expect((last.components as unknown[]).length).toBe(3);
  });

  it('says so when there is nothing open', () => {
    expect((renderReports([], 0, () => undefined, 'en-US').embeds as APIEmbed[])[0]!.description).toBe('There are no open reports in this server.');
  });
});

describe('QuestionCatalog: hidden questions', () => {
  it('a question hidden in one server is not served there, and is elsewhere', () => {
    const catalog = new QuestionCatalog([question('a'), question('b')]);
    const scope = (guildId: string) => ({ guildId, topics: ['kubernetes' as const], builtin: ['kubernetes' as const] });
    catalog.setServerHidden('g1', ['a']);
    expect(catalog.filter('any', 'any', scope('g1')).map((q) => q.id)).toEqual(['b']);
    expect(catalog.filter('any', 'any', scope('g2')).map((q) => q.id)).toEqual(['a', 'b']);
    expect(catalog.isHidden('g1', 'a')).toBe(true);
    expect(catalog.isHidden('g2', 'a')).toBe(false);
    expect(catalog.get('a')?.id).toBe('a');
    catalog.setServerHidden('g1', []);
    expect(catalog.filter('any', 'any', scope('g1'))).toHaveLength(2);
  });
});

describe('renderReportModal', () => {
  it('fits Discord’s modal limits in both languages and carries ids only', () => {
    for (const locale of ['en-US', 'zh-CN'] as const) {
      const modal = renderReportModal('p', 'Zs6oWiNgIdEnTiFiEr', locale);
      expect(modal.custom_id).toBe('rm:p:Zs6oWiNgIdEnTiFiEr');
      expect(modal.title.length).toBeLessThanOrEqual(45);
      const labels = modal.components as { label: string; description?: string; component: { options?: { label: string; value: string }[] } }[];
      for (const l of labels) {
        expect(l.label.length).toBeLessThanOrEqual(45);
        expect((l.description ?? '').length).toBeLessThanOrEqual(100);
        for (const o of l.component.options ?? []) expect(o.label.length).toBeLessThanOrEqual(100);
      }
      expect(labels[0]!.component.options!.map((o) => o.value)).toEqual([...REPORT_REASONS]);
    }
  });
});
