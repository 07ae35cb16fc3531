import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DIFFICULTIES, LOCALES, type Locale } from '../../src/bank/schema.js';
import { TAG_NAMES, TAGS, TOPICS, type Topic } from '../../src/bank/tags.js';
import { serializePack } from '../../src/packs/export.js';
import { parsePack, type LocalizedText, type Pack, type PackQuestion, type PackResult } from '../../src/packs/parse.js';

const RUNS = { numRuns: 200 };
const enc = (s: string) => new TextEncoder().encode(s);
const tagsOf = (topic: Topic) => TAG_NAMES.filter((t) => TAGS[t].topic === topic);

/**
 * Words that stress YAML and JSON quoting (numbers, booleans, dates, indicators, quotes, CJK,
 * emoji) but, joined by single spaces or newlines, can never form a mention, a heading, a code
 * fence, a masked link or an "all of the above" choice: valid by construction.
 */
const WORDS = ['pod', 'Service', 'kube-proxy', '容器', '调度器', 'x: y', '#1', 'C#', '"quoted"', "it's", '[x]', '{y}', '- item', '? key', '`code`', '99', '1e3', '0x1F', 'true', 'null', '~', 'yes', '*', '&', '!', '%', '|', '>', '\\', 'é', '😀', '.inf', '2024-01-01', '---', '...', ',', "'", '"', ':'];
const textArb = (separators: string[], maxWords: number) =>
  fc
    .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...separators)), { minLength: 1, maxLength: maxWords })
    .map((parts) => parts.map(([word, sep], i) => (i === 0 ? word : sep + word)).join(''));
const proseArb = textArb([' ', ' ', '\n'], 12);

const localizedArb = (locales: readonly Locale[], text: (locale: Locale) => fc.Arbitrary<string>): fc.Arbitrary<LocalizedText> =>
  fc.tuple(...locales.map(text)).map((texts) => Object.fromEntries(locales.map((l, i) => [l, texts[i]])));

const idArb = fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}$/);
const linkArb = fc
  .tuple(
    fc.constantFrom('kubernetes.io', 'go.dev', 'wiki.example-corp.internal', 'docs.example.com:8443'),
    fc.array(fc.stringMatching(/^[A-Za-z0-9_.~-]{1,10}$/), { maxLength: 3 }),
    fc.option(fc.stringMatching(/^#[a-z-]{1,10}$/), { nil: '' }),
  )
  .map(([host, path, fragment]) => `https://${host}/${path.join('/')}${fragment}`);

const questionArb = (topic: Topic, id: string): fc.Arbitrary<PackQuestion> =>
  fc.constantFrom<readonly Locale[]>(['en-US'], ['zh-CN'], LOCALES).chain((locales) =>
    fc
      .record({
        difficulty: fc.constantFrom(...DIFFICULTIES),
        tags: fc.subarray(tagsOf(topic), { maxLength: 3 }),
        prompt: localizedArb(locales, () => proseArb),
        // a distinct letter in front keeps choices different from each other
        choices: fc.integer({ min: 2, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => localizedArb(locales, () => textArb([' '], 8).map((t) => `${'ABCDE'[i]}. ${t}`))))),
        explanation: localizedArb(locales, () => proseArb),
        links: fc.array(linkArb, { minLength: 1, maxLength: 5 }),
      })
      .chain((q) => fc.integer({ min: 0, max: q.choices.length - 1 }).map((answer) => ({ id, ...q, answer }))),
  );

const packArb: fc.Arbitrary<Pack> = fc
  .record({ name: fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,7}){0,2}$/), topic: fc.constantFrom(...TOPICS), ids: fc.uniqueArray(idArb, { minLength: 1, maxLength: 5 }) })
  .chain(({ name, topic, ids }) => fc.tuple(...ids.map((id) => questionArb(topic, id))).map((questions) => ({ name, topic, questions })));

/** The file an organiser would write; an empty tag list is left out, as the format allows. */
type FileQuestion = Record<string, unknown> & { id: string; prompt: Record<string, unknown>; choices: Record<string, unknown>[]; explanation: Record<string, unknown> };
const toFile = (pack: Pack) => ({
  pack: pack.name,
  topic: pack.topic,
  questions: pack.questions.map(({ tags, ...q }): FileQuestion => ({ ...structuredClone(q), ...(tags.length > 0 ? { tags: [...tags] } : {}) })),
});
type PackFile = ReturnType<typeof toFile>;

const refusedAt = (result: PackResult, labels: string[]) => !result.ok && result.problems.some((p) => p.question !== undefined && labels.includes(p.question));

describe('parsePack properties', () => {
  it('accepts any valid pack from JSON and from serializePack, returning an equal pack', () => {
    fc.assert(
      fc.property(packArb, (pack) => {
        expect(parsePack(enc(JSON.stringify(toFile(pack))))).toEqual({ ok: true, pack });
        expect(parsePack(enc(serializePack(pack)))).toEqual({ ok: true, pack });
      }),
      RUNS,
    );
  });

  type Pick = <T>(items: readonly T[]) => T;
  /** Each breaks question `q` (the i-th of `file`); one returns the position of the question it adds. */
  const MUTATIONS: Record<string, (q: FileQuestion, pick: Pick, file: PackFile) => number | void> = {
    'drop a required field': (q, pick) => void delete q[pick(['id', 'difficulty', 'prompt', 'choices', 'answer', 'explanation', 'links'])],
    'answer out of range': (q, pick) => void (q.answer = pick([q.choices.length, -1, 99])),
    'wrong type': (q, pick) => void Object.assign(q, pick([{ answer: '0' }, { answer: 1.5 }, { choices: 'A' }, { prompt: 42 }, { links: 'https://go.dev/' }, { difficulty: 3 }, { tags: 'service' }, { id: 7 }])),
    'unknown key': (q, pick) => void (pick([q, q.prompt, q.explanation, q.choices[0]!])['fr-FR'] = 'x'),
    'mention injected': (q, pick) => {
      const text = pick([q.prompt, q.explanation, ...q.choices]);
      const locale = pick(Object.keys(text));
      text[locale] = `${String(text[locale])} ${pick(['@everyone', '@here', '<@123>', '<@!123>', '<@&123>', '<#123>', '</quiz start:123>'])}`;
    },
    'control char injected': (q, pick) => {
      const locale = pick(Object.keys(q.explanation));
      const text = String(q.explanation[locale]);
      q.explanation[locale] = text.slice(0, 1) + pick(['\u0007', '\u202e', '\u200b', '\u2066', '\u0000']) + text.slice(1);
    },
    'string over limit': (q, pick) => {
      const [text, max] = pick([[q.prompt, 600], [q.explanation, 1200], [q.choices[0]!, 160]] as const);
      text[pick(Object.keys(text))] = 'x'.repeat(max + 1);
    },
    'layout-breaking markdown': (q, pick) => {
      const locale = pick(Object.keys(q.prompt));
      q.prompt[locale] = pick(['# Title\n', 'Intro\n-# small\n', 'Read [docs](https://e.com) ', '```go\n']) + String(q.prompt[locale]);
    },
    'multi-line choice': (q, pick) => {
      const locale = pick(Object.keys(q.choices[0]!));
      q.choices[0]![locale] = `${String(q.choices[0]![locale])}\nmore`;
    },
    'duplicate choice': (q) => void (q.choices[1] = structuredClone(q.choices[0]!)),
    'all of the above': (q) => void (q.choices[1] = Object.fromEntries(Object.keys(q.choices[1]!).map((l) => [l, l === 'en-US' ? 'All of the above' : '以上都对']))),
    'one choice': (q) => void (q.choices = q.choices.slice(0, 1)),
    'languages differ': (q) => {
      const locales = Object.keys(q.explanation);
      if (locales.length === 2) delete q.explanation[locales[0]!];
      else q.prompt[locales[0] === 'en-US' ? 'zh-CN' : 'en-US'] = 'x';
    },
    'duplicate id': (q, _, file) => file.questions.push(structuredClone(q)),
    'unknown tag': (q) => void (q.tags = ['no-such-tag']),
    'topic mismatch tag': (q, pick, file) => void (q.tags = [pick(TAG_NAMES.filter((t) => TAGS[t].topic !== file.topic))]),
    'bad link': (q, pick) => void (q.links = [pick(['http://kubernetes.io/', 'https://user:pw@kubernetes.io/', 'kubernetes docs', 'javascript:alert(1)', 'https://e.com/<@123>', 'https://e.com/\u202e'])]),
  };

  it('refuses a pack broken by a known mutation, with a problem at the mutated question', () => {
    fc.assert(
      fc.property(packArb, fc.constantFrom(...Object.keys(MUTATIONS)), fc.nat(), fc.infiniteStream(fc.nat()), (pack, name, at, choices) => {
        const file = toFile(pack);
        const i = at % file.questions.length;
        const q = file.questions[i]!;
        const pick: Pick = (items) => items[choices.next().value % items.length]!;
        const added = MUTATIONS[name]!(q, pick, file);
        const labels = typeof added === 'number' ? [`#${added}`] : [pack.questions[i]!.id, `#${i + 1}`];
        expect(refusedAt(parsePack(enc(JSON.stringify(file))), labels), `${name} as JSON`).toBe(true);
        expect(refusedAt(parsePack(enc(stringify(file, { aliasDuplicateObjects: false }))), labels), `${name} as YAML`).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('parsePack never throws', () => {
  const answers = (result: PackResult): void => {
    expect(result.ok || result.problems.length > 0).toBe(true);
  };

  it('on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => answers(parsePack(bytes))), RUNS);
  });

  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 500 })), (text) => answers(parsePack(enc(text)))), RUNS);
  });

  it('on YAML-like text assembled from YAML syntax', () => {
    const pieces = ['- ', ': ', '? ', '[', ']', '{', '}', ',', '&a ', '*a', '!!str ', '!x ', '|', '>-', '"', "'", '#', '\n', '  ', '---\n', '...\n', '%YAML 1.1\n', 'pack', 'questions', 'en-US', 'x', '0', '\t', '\\'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => answers(parsePack(enc(parts.join(''))))), RUNS);
  });

  it('on any JSON value, alone or in place of a field of a valid pack (as JSON and as YAML)', () => {
    const keys = ['pack', 'topic', 'questions', 'id', 'difficulty', 'tags', 'prompt', 'choices', 'answer', 'explanation', 'links', '__proto__'];
    const valueArb = fc.anything({ withNullPrototype: true, withDate: true, withSparseArray: true });
    fc.assert(
      fc.property(packArb, valueArb, fc.constantFrom(...keys), fc.boolean(), (pack, value, key, inQuestion) => {
        answers(parsePack(enc(JSON.stringify(value) ?? 'null')));
        const file: Record<string, unknown> = toFile(pack);
        const target = inQuestion ? (file.questions as Record<string, unknown>[])[0]! : file;
        // an own property even for __proto__, as JSON.parse would make it
        Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
        answers(parsePack(enc(JSON.stringify(file) ?? 'null')));
        answers(parsePack(enc(stringify(file, { aliasDuplicateObjects: false }))));
      }),
      RUNS,
    );
  });
});
