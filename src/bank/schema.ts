import { z } from 'zod';
import { TAG_NAMES, TOPICS } from './tags.js';

export const LOCALES = ['en-US', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/**
 * Characters that would break a Discord message or smuggle invisible text: C0 and C1 controls
 * (tab and newline allowed), zero-width and bidi marks, line separators, the BOM. Custom packs
 * use the same rules as the bank (src/packs/).
 */
// eslint-disable-next-line no-control-regex
export const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u0080-\u009f\u061c\u2028\u2029\u2060-\u2064\ufeff]/;
/** Ids (and pack names): lower-case words joined by "-". */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A choice that gives the answer away by pointing at the others. */
export const ALL_OR_NONE = [/^(all|none|both|neither) of (the )?(above|these)/i, /以上(都|全|均)/];

const text = (max: number) =>
  z
    .string({ error: (i) => (i.input === undefined ? 'is missing' : 'must be text') })
    .trim()
    .min(1, 'is empty')
    .max(max, `is longer than ${max} characters`)
    .refine((s) => !INVISIBLE.test(s), 'contains control characters');

const localized = (max: number) =>
  z.strictObject({ 'en-US': text(max), 'zh-CN': text(max) }, { error: 'needs both en-US and zh-CN' });

/** Where a question may point its readers: official documentation or the source. */
export const OFFICIAL_HOSTS = [
  'go.dev',
  'pkg.go.dev',
  'tip.golang.org',
  'kubernetes.io',
  'etcd.io',
  'coredns.io',
  'istio.io',
  'kiali.io',
  'www.envoyproxy.io',
  'docs.docker.com',
  'man7.org',
  'docs.kernel.org',
  'www.kernel.org',
  'opencontainers.org',
  'github.com',
  'www.cncf.io',
  'glossary.cncf.io',
  'containerd.io',
  'linuxcontainers.org',
  'datatracker.ietf.org',
  'www.rfc-editor.org',
] as const;

const officialLink = z
  .url({ protocol: /^https$/, error: 'is not an https URL' })
  .refine((u) => (OFFICIAL_HOSTS as readonly string[]).includes(new URL(u).hostname), {
    error: `is not on an official documentation host (${OFFICIAL_HOSTS.join(', ')})`,
  });

/** Languages a snippet may be written in (the code block's language tag). */
export const SNIPPET_LANGS = ['go', 'yaml', 'dockerfile', 'shell', 'text'] as const;
/** A snippet must read on a phone: no line wider than this (a tab counts as 4 columns). */
export const SNIPPET_MAX_COLUMNS = 60;
export const SNIPPET_MAX_LINES = 30;
export const SNIPPET_MAX_CHARS = 1200;
/** What `go run` of a Go snippet must show for the question's claim to hold (checked by bank:check). */
export const GO_EXPECTS = ['output', 'builds', 'compile-error', 'panic', 'fatal', 'vet', 'race'] as const;
/** "Go 1.25", "Kubernetes 1.34", "Istio 1.27", "Docker 28": the release whose behaviour the answer describes. */
export const VERSION_PATTERN = /^[A-Z][A-Za-z]*(?: [A-Za-z]+)* \d+(?:\.\d+){0,2}$/;
const version = z.string().regex(VERSION_PATTERN, 'must be a product and release, e.g. "Kubernetes 1.34"');

const columns = (line: string) => [...line.replace(/\t/g, '    ')].length;

const SnippetSchema = z
  .strictObject({
    lang: z.enum(SNIPPET_LANGS),
    code: z
      .string()
      .min(1, 'is empty')
      .max(SNIPPET_MAX_CHARS, `is longer than ${SNIPPET_MAX_CHARS} characters`)
      // eslint-disable-next-line no-control-regex
      .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/.test(s), 'contains control characters')
      .refine((s) => !s.includes('```'), 'contains a code fence')
      .refine((s) => s.trimEnd().split('\n').length <= SNIPPET_MAX_LINES, `has more than ${SNIPPET_MAX_LINES} lines`)
      .refine((s) => s.split('\n').every((l) => columns(l) <= SNIPPET_MAX_COLUMNS), `has a line wider than ${SNIPPET_MAX_COLUMNS} columns`),
    /** Go snippets: how `go run` proves the question's claim. */
    go: z
      .strictObject({
        expect: z.enum(GO_EXPECTS),
        /** exact standard output (expect: output) */
        stdout: z.string().optional(),
        /** text the diagnostics must contain (compile-error, panic, fatal, vet, race) */
        stderr: z.string().min(1).optional(),
        /** the oldest Go release with this behaviour; an older toolchain skips the run with a note */
        since: z.string().regex(/^1\.\d+$/).optional(),
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (s.lang === 'go' && !s.go) ctx.addIssue({ code: 'custom', path: ['go'], message: 'a Go snippet needs go.expect (how bank:check runs it)' });
    if (s.lang !== 'go' && s.go) ctx.addIssue({ code: 'custom', path: ['go'], message: 'only Go snippets are run' });
    if (s.go?.expect === 'output' && s.go.stdout === undefined) ctx.addIssue({ code: 'custom', path: ['go', 'stdout'], message: 'expect: output needs the exact stdout' });
    if (s.go && ['compile-error', 'panic', 'fatal', 'vet', 'race'].includes(s.go.expect) && !s.go.stderr) {
      ctx.addIssue({ code: 'custom', path: ['go', 'stderr'], message: `expect: ${s.go.expect} needs the text stderr must contain` });
    }
  });
export type Snippet = z.infer<typeof SnippetSchema>;

export const QuestionSchema = z
  .strictObject({
    id: z
      .string()
      .regex(ID_PATTERN, 'must be lower-case words joined by "-"')
      .max(64),
    difficulty: z.enum(DIFFICULTIES),
    tags: z.array(z.enum(TAG_NAMES, { error: (i) => `unknown tag "${String(i.input)}"` })).min(1),
    prompt: localized(600),
    choices: z.array(localized(160)).min(2, 'needs 2-5 choices').max(5, 'needs 2-5 choices'),
    /** index (0-based) of the one correct choice in `choices` */
    answer: z.int().min(0),
    explanation: localized(1200),
    links: z.array(officialLink).min(1),
    /** code or a manifest the prompt asks about, shown in a code block under the prompt */
    snippet: SnippetSchema.optional(),
    /** overrides the file's version */
    version: version.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.answer >= q.choices.length) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: `is out of range (0-${q.choices.length - 1})` });
    }
    for (const locale of LOCALES) {
      const seen = new Set<string>();
      q.choices.forEach((c, i) => {
        const key = c[locale].toLowerCase().replace(/\s+/g, ' ');
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['choices', i, locale], message: 'duplicates another choice' });
        seen.add(key);
        if (ALL_OR_NONE.some((r) => r.test(c[locale]))) {
          ctx.addIssue({ code: 'custom', path: ['choices', i, locale], message: 'is an "all/none of the above" choice' });
        }
      });
    }
    if (new Set(q.tags).size !== q.tags.length) ctx.addIssue({ code: 'custom', path: ['tags'], message: 'repeats a tag' });
  });
export type BankQuestion = z.infer<typeof QuestionSchema>;

export const BankFileSchema = z.strictObject({
  topic: z.enum(TOPICS),
  /** the release the file's answers describe, unless a question names its own */
  version: version.optional(),
  questions: z.array(z.unknown()),
});
