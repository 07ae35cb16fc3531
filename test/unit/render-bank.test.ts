import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { parseBankTexts, readBankTexts } from '../../src/bank/files.js';
import { LOCALES, QuestionSchema, SNIPPET_MAX_CHARS, SNIPPET_MAX_LINES, type BankQuestion } from '../../src/bank/schema.js';
import { validateBank, formatProblem } from '../../src/bank/validate.js';
import { renderDailyPost, renderDailyResult, renderDailyReveal } from '../../src/discord/render/daily.js';
import { renderPracticeQuestion, renderPracticeResult } from '../../src/discord/render/practice.js';
import { renderRoundQuestion, renderRoundReveal } from '../../src/discord/render/round.js';
import type { Question } from '../../src/domain/question.js';
import { t } from '../../src/i18n/index.js';
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The bank as the app loads it (read, parsed and validated by the loader's own functions), at run time. */
async function loadQuestions(dir?: string): Promise<Question[]> {
  const { files, problems: yaml } = parseBankTexts(await readBankTexts(dir));
  const { questions, problems } = validateBank(files);
  expect([...yaml, ...problems].map(formatProblem)).toEqual([]);
  return questions;
}

const columns = (line: string) => [...line.replace(/\t/g, '    ')].length;

/** Every string a payload shows: content, and each embed's title, description, fields and footer. */
function texts(payload: { content?: string | null; embeds?: unknown }): string[] {
  const embeds = (payload.embeds ?? []) as APIEmbed[];
  return [payload.content ?? '', ...embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? ''])];
}

/** Discord's limits on one message, and a phone's width inside code blocks. */
function problemsOf(payload: { content?: string | null; embeds?: unknown; components?: unknown }): string[] {
  const problems: string[] = [];
  const check = (what: string, value: string | undefined, max: number) => {
    if ((value?.length ?? 0) > max) problems.push(`${what} is ${value!.length} characters (max ${max})`);
  };
  check('content', payload.content ?? '', 2000);
  const embeds = (payload.embeds ?? []) as APIEmbed[];
  if (embeds.length > 10) problems.push(`${embeds.length} embeds`);
  let total = 0;
  for (const e of embeds) {
    check('title', e.title, 256);
    check('description', e.description, 4096);
    check('footer', e.footer?.text, 2048);
    if ((e.fields ?? []).length > 25) problems.push('more than 25 fields');
    for (const f of e.fields ?? []) {
      check('field name', f.name, 256);
      check('field value', f.value, 1024);
      if (f.value.length === 0) problems.push('an empty field value');
    }
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  if (total > 6000) problems.push(`embeds total ${total} characters (max 6000)`);
  const rows = (payload.components ?? []) as { components: { custom_id?: string; label?: string }[] }[];
  if (rows.length > 5) problems.push(`${rows.length} component rows`);
  for (const row of rows) {
    if (row.components.length > 5) problems.push(`${row.components.length} buttons in a row`);
    for (const c of row.components) {
      check('custom_id', c.custom_id, 100);
      check('button label', c.label, 80);
    }
  }
  for (const text of texts(payload)) {
    if (text.split('```').length % 2 === 0) problems.push('an unbalanced code fence');
    for (const block of text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)) {
      for (const line of block[1]!.split('\n')) if (columns(line) > 60) problems.push(`a code line of ${columns(line)} columns: ${line}`);
    }
  }
  return problems;
}

/** Every renderer that shows a question or reveals its answer, in one language. */
function renderAll(q: Question, locale: (typeof LOCALES)[number]) {
  const order = q.choices.map((_, i) => q.choices.length - 1 - i);
  const wrong = (q.answer + 1) % q.choices.length;
  const round = { questionId: q.id, roundQuestionId: 'Zr0uNdQuEsTiOn1Zr0', index: 19, count: 20, order, deadlineAt: new Date('2026-12-03T10:00:00Z') };
  const daily = { id: 'Zd4iLyChAlLeNgE1Zd', number: 1234, order };
  const reveal = { counts: q.choices.map((_, i) => i * 1000), fastest: { userId: '123456789012345678', responseMs: 1234 }, last: false };
  return {
    practiceQuestion: renderPracticeQuestion(q, 'Zs6oWiNgIdEnTiFiEr', order, locale),
    reviewQuestion: renderPracticeQuestion(q, 'Zs6oWiNgIdEnTiFiEr', order, locale, t(locale, 'review.title', { due: 9999 }), t(locale, 'review.nextAfter', { next: 'in 3 days' })),
    practiceRight: renderPracticeResult(q, 'Zs6oWiNgIdEnTiFiEr', order, locale, { choiceIndex: q.answer, correct: true }),
    practiceWrong: renderPracticeResult(q, 'Zs6oWiNgIdEnTiFiEr', order, locale, { choiceIndex: wrong, correct: false }),
    roundQuestion: renderRoundQuestion(q, round, 999, locale),
    roundReveal: renderRoundReveal(q, round, reveal, locale),
    dailyPost: renderDailyPost(q, daily, 99999, locale),
    dailyReveal: renderDailyReveal(q, daily, { answered: 99999, correct: 12345, fastest: ['123456789012345678', '223456789012345678', '323456789012345678'] }, locale),
    dailyResult: renderDailyResult(q, daily, locale, { choiceIndex: wrong, correct: false }),
  };
}

/** The largest question the schema allows: every text at its limit, a snippet of 30 lines of 60 columns. */
function largestQuestion(lang: 'go' | 'yaml'): Question {
  const line = (n: number) => `// ${String(n).padStart(2, '0')} ${'x'.repeat(54)}`;
  const code = Array.from({ length: SNIPPET_MAX_LINES }, (_, n) => line(n)).join('\n').slice(0, SNIPPET_MAX_CHARS);
  const text = (n: number, zh = false) => (zh ? '汉'.repeat(n) : 'w'.repeat(n));
  const raw: unknown = {
    id: `largest-${lang}`,
    difficulty: 'hard',
    tags: ['goroutine'],
    prompt: { 'en-US': text(600), 'zh-CN': text(600, true) },
    choices: Array.from({ length: 5 }, (_, i) => ({ 'en-US': `${i}${text(159)}`, 'zh-CN': `${i}${text(159, true)}` })),
    answer: 4,
    explanation: { 'en-US': text(1200), 'zh-CN': text(1200, true) },
    links: Array.from({ length: 12 }, (_, i) => `https://go.dev/ref/spec#${'a'.repeat(60)}${i}`),
    snippet: lang === 'go' ? { lang, code, go: { expect: 'builds' } } : { lang, code: code.replace(/\/\//g, '##') },
    version: 'Kubernetes 1.34',
  };
  const q: BankQuestion = QuestionSchema.parse(raw);
  return { ...q, topic: 'go' };
}

describe('every question renders within Discord limits, in both languages, through every renderer', async () => {
  const bank = await loadQuestions();
  const fixtures = await loadQuestions(join(FIXTURES, 'snippet-bank/'));
  const all = [...bank, ...fixtures, largestQuestion('go'), largestQuestion('yaml')];

  it('reads the bank at run time, and the snippet fixture has snippets', () => {
    expect(bank.length).toBeGreaterThanOrEqual(345);
    expect(fixtures.filter((q) => q.snippet)).toHaveLength(fixtures.length);
    expect(new Set(fixtures.map((q) => q.snippet!.lang))).toEqual(new Set(['go', 'yaml', 'dockerfile', 'shell']));
  });

  it(`${all.length} questions × 2 languages × 9 renderers: within limits, code lines at most 60 columns`, () => {
    const problems: string[] = [];
    for (const q of all) for (const locale of LOCALES) for (const [renderer, payload] of Object.entries(renderAll(q, locale))) for (const p of problemsOf(payload)) problems.push(`${q.id} ${locale} ${renderer}: ${p}`);
    expect(problems).toEqual([]);
  });

  it('shows the snippet in a fenced block with its language right under the prompt, and the version in the footer', () => {
    for (const q of all.filter((x) => x.snippet)) {
      for (const locale of LOCALES) {
        const views = renderAll(q, locale);
        const fence = `\`\`\`${q.snippet!.lang}\n${q.snippet!.code.trimEnd()}\n\`\`\``;
        for (const name of ['practiceQuestion', 'roundQuestion', 'dailyPost'] as const) {
          const description = (views[name].embeds as APIEmbed[])[0]!.description!;
          expect(description.startsWith(`${q.prompt[locale]}\n${fence}`), `${q.id} ${name}`).toBe(true);
        }
        for (const name of ['practiceRight', 'roundReveal', 'dailyReveal', 'dailyResult'] as const) expect((views[name].embeds as APIEmbed[])[0]!.description, `${q.id} ${name}`).toContain(fence);
        if (q.version) for (const payload of Object.values(views)) expect((payload.embeds as APIEmbed[])[0]!.footer?.text).toContain(t(locale, 'question.version', { version: q.version }));
      }
    }
  });

  it('shortens only the explanation when the largest question would overflow a description, keeping the code block whole', () => {
    const q = largestQuestion('go');
    const description = (renderPracticeResult(q, 's', [0, 1, 2, 3, 4], 'zh-CN', { choiceIndex: 0, correct: false }).embeds as APIEmbed[])[0]!.description!;
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description).toContain(q.snippet!.code);
    expect(description.endsWith('…')).toBe(true);
  });

  it('offers "Report a problem" on every revealed answer, and never on an open question', () => {
    const q = fixtures[0]!;
    const views = renderAll(q, 'en-US');
    const reportIds = (payload: { components?: unknown }) => ((payload.components ?? []) as { components: { custom_id: string }[] }[]).flatMap((r) => r.components.map((c) => c.custom_id)).filter((id) => id.startsWith('rp:'));
    expect(reportIds(views.practiceRight)).toEqual(['rp:p:Zs6oWiNgIdEnTiFiEr']);
    expect(reportIds(views.roundReveal)).toEqual(['rp:r:Zr0uNdQuEsTiOn1Zr0']);
    expect(reportIds(views.dailyResult)).toEqual(['rp:d:Zd4iLyChAlLeNgE1Zd']);
    expect(reportIds(views.dailyReveal)).toEqual(['rp:d:Zd4iLyChAlLeNgE1Zd']);
    for (const open of [views.practiceQuestion, views.roundQuestion, views.dailyPost]) expect(reportIds(open)).toEqual([]);
  });
});
