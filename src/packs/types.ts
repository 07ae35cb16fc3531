import type { Difficulty, Locale } from '../bank/schema.js';
import type { Tag, Topic } from '../bank/tags.js';

/** The limits of a custom question pack; the template quotes them, and problems carry them as parameters. */
export const PACK_LIMITS = {
  fileBytes: 1_048_576,
  /** how many collections may nest; a valid pack needs 5 (pack > questions > question > choices > choice) */
  depth: 16,
  /** YAML tokens; a 500-question pack with every list full has about 130,000 in block style */
  yamlTokens: 200_000,
  questions: 500,
  name: 32,
  id: 64,
  prompt: 600,
  choice: 160,
  explanation: 1200,
  link: 500,
  choices: { min: 2, max: 5 },
  links: { min: 1, max: 5 },
  tags: { min: 0, max: 10 },
} as const;

/** One text in one or both languages; a question uses the same languages in all its texts. */
export type LocalizedText = Partial<Record<Locale, string>>;

export interface PackQuestion {
  id: string;
  difficulty: Difficulty;
  tags: Tag[];
  prompt: LocalizedText;
  choices: LocalizedText[];
  /** index (0-based) of the correct choice */
  answer: number;
  explanation: LocalizedText;
  links: string[];
}

export interface Pack {
  name: string;
  topic: Topic;
  questions: PackQuestion[];
}

type Position = { line: number; column: number };
type NoParams = Record<never, never>;

/**
 * Every way a pack can be refused, with the parameters its message needs. Parameters never carry
 * the organiser's own text: a problem is shown back in Discord, where that text could ping or
 * flood the channel.
 */
export interface PackProblemParams {
  // the file as a whole
  'file-too-large': { bytes: number; max: number };
  'binary-file': NoParams;
  'invalid-utf8': NoParams;
  'empty-file': NoParams;
  'invalid-json': Partial<Position>;
  'invalid-yaml': Partial<Position>;
  'duplicate-key': Position & { key?: string };
  'yaml-alias': Position;
  'yaml-tag': Position;
  'nesting-too-deep': { max: number };
  'too-complex': { max: number };
  'too-many-questions': { count: number; max: number };
  // structure
  'wrong-type': { expected: 'mapping' | 'list' | 'text' | 'integer' };
  missing: NoParams;
  'unknown-key': { allowed: string };
  'wrong-count': { count: number; min: number; max: number };
  // values
  'bad-pack-name': { max: number };
  'unknown-topic': NoParams;
  'bad-id': { max: number };
  'duplicate-id': { first: number };
  'bad-difficulty': NoParams;
  'unknown-tag': { allowed: string };
  'tag-topic-mismatch': { tag: string; tagTopic: string; topic: string };
  'duplicate-tag': { tag: string };
  'missing-locale': NoParams;
  'locale-mismatch': { expected: string };
  'empty-text': NoParams;
  'too-long': { length: number; max: number };
  'control-char': { char: string };
  mention: NoParams;
  'markdown-heading': NoParams;
  'code-fence-unbalanced': NoParams;
  'masked-link': NoParams;
  'choice-multiline': NoParams;
  'choice-duplicate': NoParams;
  'choice-all-none': NoParams;
  'answer-out-of-range': { max: number };
  'link-invalid': NoParams;
  'link-not-https': NoParams;
  'link-credentials': NoParams;
}
export type PackProblemCode = keyof PackProblemParams;

export interface PackProblem {
  /** the question's id, or "#n" (1-based position) when it has no usable id */
  question?: string;
  /** the field inside the question (or the pack), e.g. "choices.1.en-US" */
  field?: string;
  code: PackProblemCode;
  params?: Record<string, string | number>;
}

export type PackResult = { ok: true; pack: Pack } | { ok: false; problems: PackProblem[] };

/** A problem's code and parameters, before it is placed at a question and field. */
export type PackFinding = {
  [C in PackProblemCode]: [keyof PackProblemParams[C]] extends [never] ? { code: C } : { code: C; params: PackProblemParams[C] };
}[PackProblemCode];

export function packProblem(where: { question?: string; field?: string }, finding: PackFinding): PackProblem {
  const p: PackProblem = { code: finding.code };
  if (where.question !== undefined) p.question = where.question;
  if (where.field !== undefined) p.field = where.field;
  if ('params' in finding) p.params = finding.params as Record<string, string | number>;
  return p;
}

/** Keys are echoed back only when they are plainly a field name, never free text. */
export const safeKey = (key: string): string | undefined => (/^[A-Za-z0-9_-]{1,40}$/.test(key) ? key : undefined);

/** What a reply can show: the first `max` problems and how many more there are. */
export function summarizeProblems(problems: readonly PackProblem[], max = 20): { shown: PackProblem[]; more: number } {
  return { shown: problems.slice(0, max), more: Math.max(0, problems.length - max) };
}
