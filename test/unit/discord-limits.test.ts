import { describe, expect, it } from 'vitest';
import { attachmentRule, commandLimits, messageLimits, requestLimits } from '../../src/sandbox/discord-limits.js';
import type { FieldError } from '../../src/sandbox/discord-spec.js';

const x = (n: number, c = 'a') => c.repeat(n);
const command = (extra: Record<string, unknown> = {}) => ({ type: 1, name: 'quiz', description: 'Practise', ...extra });
const option = (n: number, extra: Record<string, unknown> = {}) => ({ type: 3, name: `o${n}`, description: 'd', ...extra });
const button = (extra: Record<string, unknown> = {}) => ({ type: 2, style: 1, custom_id: 'pa:1:0', label: 'A', ...extra });
const row = (components: unknown[]) => ({ type: 1, components });
const select = (options: unknown[], extra: Record<string, unknown> = {}) => ({ type: 3, custom_id: 'sel', options, ...extra });
const opt = (extra: Record<string, unknown> = {}) => ({ label: 'l', value: 'v', ...extra });
const embed = (extra: Record<string, unknown>) => ({ embeds: [{ ...extra }] });
const field = (name: string, value: string) => ({ name, value });

interface Rule {
  rule: string;
  check: (body: unknown) => FieldError[];
  /** the payload just over the limit, and the field the error names */
  over: unknown;
  field: string;
  /** the same payload at the limit */
  at: unknown;
}

const rules: Rule[] = [
  { rule: 'command name pattern (32 characters)', check: commandLimits, over: command({ name: x(33) }), field: 'name', at: command({ name: x(32) }) },
  { rule: 'command name characters', check: commandLimits, over: command({ name: 'quiz start' }), field: 'name', at: command({ name: "测验-go_k8s'" }) },
  { rule: 'command name lowercase', check: commandLimits, over: command({ name: 'Quiz' }), field: 'name', at: command({ name: 'quiz' }) },
  { rule: 'option name lowercase', check: commandLimits, over: command({ options: [option(1, { name: 'Topic' })] }), field: 'options.0.name', at: command({ options: [option(1, { name: 'topic' })] }) },
  { rule: 'localized name lowercase', check: commandLimits, over: command({ name_localizations: { 'en-GB': 'Quiz' } }), field: 'name_localizations.en-GB', at: command({ name_localizations: { 'zh-CN': '测验' } }) },
  { rule: 'description 1-100', check: commandLimits, over: command({ description: x(101) }), field: 'description', at: command({ description: x(100) }) },
  { rule: 'description not empty', check: commandLimits, over: command({ description: '' }), field: 'description', at: command({ description: 'a' }) },
  { rule: 'option description 1-100', check: commandLimits, over: command({ options: [option(1, { description: x(101) })] }), field: 'options.0.description', at: command({ options: [option(1, { description: x(100) })] }) },
  { rule: 'localized description 1-100', check: commandLimits, over: command({ description_localizations: { 'zh-CN': x(101, '题') } }), field: 'description_localizations.zh-CN', at: command({ description_localizations: { 'zh-CN': x(100, '题') } }) },
  { rule: '25 options', check: commandLimits, over: command({ options: Array.from({ length: 26 }, (_, i) => option(i)) }), field: 'options', at: command({ options: Array.from({ length: 25 }, (_, i) => option(i)) }) },
  { rule: '25 choices', check: commandLimits, over: command({ options: [option(1, { choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `v${i}` })) })] }), field: 'options.0.choices', at: command({ options: [option(1, { choices: Array.from({ length: 25 }, (_, i) => ({ name: `c${i}`, value: `v${i}` })) })] }) },
  { rule: 'choice name and value 1-100', check: commandLimits, over: command({ options: [option(1, { choices: [{ name: 'c', value: x(101) }] })] }), field: 'options.0.choices.0.value', at: command({ options: [option(1, { choices: [{ name: x(100), value: x(100) }] })] }) },
  {
    rule: '4,000 characters per command per locale',
    check: commandLimits,
    // quiz (4) + Practise (8) + 25 options of o<n> and 100-character descriptions + choices, in zh-CN
    over: sized(4001),
    field: '',
    at: sized(4000),
  },
  { rule: 'valid locales only', check: commandLimits, over: command({ name_localizations: { zh: '测验' } }), field: 'name_localizations.zh', at: command({ name_localizations: { 'zh-CN': '测验', 'zh-TW': '測驗' } }) },
  { rule: 'content 2,000', check: messageLimits, over: { content: x(2001) }, field: 'content', at: { content: x(2000, '题') } },
  { rule: '10 embeds', check: messageLimits, over: { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }, field: 'embeds', at: { embeds: Array.from({ length: 10 }, () => ({ title: 't' })) } },
  { rule: 'embed title 256', check: messageLimits, over: embed({ title: x(257) }), field: 'embeds.0.title', at: embed({ title: x(256) }) },
  { rule: 'embed description 4,096', check: messageLimits, over: embed({ description: x(4097) }), field: 'embeds.0.description', at: embed({ description: x(4096) }) },
  { rule: 'embed 25 fields', check: messageLimits, over: embed({ fields: Array.from({ length: 26 }, () => field('n', 'v')) }), field: 'embeds.0.fields', at: embed({ fields: Array.from({ length: 25 }, () => field('n', 'v')) }) },
  { rule: 'field name 256', check: messageLimits, over: embed({ fields: [field(x(257), 'v')] }), field: 'embeds.0.fields.0.name', at: embed({ fields: [field(x(256), 'v')] }) },
  { rule: 'field value 1,024', check: messageLimits, over: embed({ fields: [field('n', x(1025))] }), field: 'embeds.0.fields.0.value', at: embed({ fields: [field('n', x(1024))] }) },
  { rule: 'footer 2,048', check: messageLimits, over: embed({ footer: { text: x(2049) } }), field: 'embeds.0.footer.text', at: embed({ footer: { text: x(2048) } }) },
  { rule: 'author 256', check: messageLimits, over: embed({ author: { name: x(257) } }), field: 'embeds.0.author.name', at: embed({ author: { name: x(256) } }) },
  {
    rule: "all embeds' text 6,000",
    check: messageLimits,
    over: { embeds: [{ description: x(4096) }, { description: x(1905) }] },
    field: 'embeds',
    at: { embeds: [{ description: x(4096) }, { description: x(1904) }] },
  },
  { rule: '5 action rows', check: messageLimits, over: { components: Array.from({ length: 6 }, () => row([button()])) }, field: 'components', at: { components: Array.from({ length: 5 }, () => row([button()])) } },
  { rule: '5 buttons a row', check: messageLimits, over: { components: [row(Array.from({ length: 6 }, () => button()))] }, field: 'components.0.components', at: { components: [row(Array.from({ length: 5 }, () => button()))] } },
  { rule: 'custom_id 1-100', check: messageLimits, over: { components: [row([button({ custom_id: x(101) })])] }, field: 'components.0.components.0.custom_id', at: { components: [row([button({ custom_id: x(100) })])] } },
  { rule: 'custom_id not empty', check: messageLimits, over: { components: [row([button({ custom_id: '' })])] }, field: 'components.0.components.0.custom_id', at: { components: [row([button({ style: 5, custom_id: undefined, url: 'https://go.dev/' })])] } },
  { rule: 'button label 80', check: messageLimits, over: { components: [row([button({ label: x(81) })])] }, field: 'components.0.components.0.label', at: { components: [row([button({ label: x(80) })])] } },
  { rule: 'select 25 options', check: messageLimits, over: { components: [row([select(Array.from({ length: 26 }, (_, i) => opt({ value: `v${i}` })))])] }, field: 'components.0.components.0.options', at: { components: [row([select(Array.from({ length: 25 }, (_, i) => opt({ value: `v${i}` })))])] } },
  { rule: 'select option label 100', check: messageLimits, over: { components: [row([select([opt({ label: x(101) })])])] }, field: 'components.0.components.0.options.0.label', at: { components: [row([select([opt({ label: x(100) })])])] } },
  { rule: 'select option value 100', check: messageLimits, over: { components: [row([select([opt({ value: x(101) })])])] }, field: 'components.0.components.0.options.0.value', at: { components: [row([select([opt({ value: x(100) })])])] } },
  { rule: 'select option description 100', check: messageLimits, over: { components: [row([select([opt({ description: x(101) })])])] }, field: 'components.0.components.0.options.0.description', at: { components: [row([select([opt({ description: x(100) })])])] } },
  { rule: 'attachment within the upload limit', check: (files) => attachmentRule(files as { name: string; size: number }[], 25 * 1024 * 1024), over: [{ name: 'pack.yaml', size: 25 * 1024 * 1024 + 1 }], field: 'files[0]', at: [{ name: 'pack.yaml', size: 25 * 1024 * 1024 }] },
];

/** A command of exactly `n` characters in zh-CN (and fewer in the default locale). */
function sized(n: number) {
  const base = command({ name_localizations: { 'zh-CN': '测验' }, description_localizations: { 'zh-CN': '练习' } });
  const options = Array.from({ length: 25 }, (_, i) => option(i, { name: `o${String(i).padStart(2, '0')}`, description: 'd', description_localizations: { 'zh-CN': x(100, '题') } }));
  // 2 + 2 + 25 x (3 + 100) = 2579 in zh-CN; the rest in one option's choices
  let left = n - 2579;
  const choices: { name: string; value: string }[] = [];
  while (left > 0) {
    const take = Math.min(left, 200);
    choices.push({ name: x(Math.ceil(take / 2)), value: x(take - Math.ceil(take / 2)) });
    left -= take;
  }
  const withChoices: Record<string, unknown>[] = [{ ...options[0]!, choices }, ...options.slice(1)];
  return { ...base, options: withChoices };
}

describe('Discord limits the spec does not encode', () => {
  it.each(rules)('$rule: fires over the limit, passes at it', ({ check, over, at, field }) => {
    const errors = check(over);
    expect(errors.map((e) => e.path.join('.'))).toContain(field);
    expect(errors.every((e) => e.code && e.message)).toBe(true);
    expect(check(at)).toEqual([]);
  });

  it('applies by route: commands in a PUT list are named by index, a callback by its data', () => {
    expect(requestLimits('PUT', '/applications/{application_id}/commands', [command(), command({ name: 'Bad' })]).map((e) => e.path)).toEqual([[1, 'name']]);
    expect(requestLimits('POST', '/interactions/{interaction_id}/{interaction_token}/callback', { type: 4, data: { content: x(2001) } }).map((e) => e.path)).toEqual([['data', 'content']]);
    expect(requestLimits('PATCH', '/webhooks/{webhook_id}/{webhook_token}/messages/@original', { content: x(2001) })).toHaveLength(1);
    expect(requestLimits('POST', '/channels/{channel_id}/messages/{message_id}/threads', { name: x(2001) })).toEqual([]);
  });
});
