import { DIFFICULTIES, ID_PATTERN, LOCALES, type Locale } from '../bank/schema.js';
import { TAG_NAMES, TAGS, TOPICS, type Tag, type Topic } from '../bank/tags.js';
import { checkText, choiceKey, hostileFindings, type TextKind } from './text-rules.js';
import { PACK_LIMITS, packProblem, safeKey, type LocalizedText, type Pack, type PackFinding, type PackProblem, type PackQuestion, type PackResult } from './types.js';

/** Records a problem; returns undefined so a check can `return report(...)` in place of a value. */
type Report = (field: string | undefined, finding: PackFinding) => undefined;

const PACK_KEYS = ['pack', 'topic', 'questions'] as const;
const QUESTION_KEYS = ['id', 'difficulty', 'tags', 'prompt', 'choices', 'answer', 'explanation', 'links'] as const;

const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
const missing: PackFinding = { code: 'missing' };
const wrongType = (expected: 'mapping' | 'list' | 'text' | 'integer'): PackFinding => ({ code: 'wrong-type', params: { expected } });

/** A plain mapping as JSON.parse and yaml build them; a Date or Uint8Array from YAML tags is not one. */
function isMapping(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own properties only: a file must not be able to "have" `constructor` or `toString`. */
const own = (obj: Record<string, unknown>, key: string): unknown => (Object.hasOwn(obj, key) ? obj[key] : undefined);

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : undefined);
const isTag = (name: string): name is Tag => Object.hasOwn(TAGS, name);

/** A list whose every item passed, or undefined when one did not (its problem is already reported). */
const allDefined = <T>(items: (T | undefined)[]): T[] | undefined => (items.every((i): i is T => i !== undefined) ? items : undefined);

/**
 * Visits a mapping's fields in document order and reports the unknown ones (echoed only when they
 * look like a field name); absent known fields are visited last, with `undefined`.
 */
function visitFields<K extends string>(
  obj: Record<string, unknown>,
  known: readonly K[],
  path: string,
  report: Report,
  visit: (key: K, value: unknown, field: string) => void,
): void {
  const isKnown = (key: string): key is K => (known as readonly string[]).includes(key);
  for (const key of Object.keys(obj)) {
    if (isKnown(key)) visit(key, obj[key], join(path, key));
    else {
      const safe = safeKey(key);
      report(safe === undefined ? path || undefined : join(path, safe), { code: 'unknown-key', params: { allowed: known.join(', ') } });
    }
  }
  for (const key of known) if (!Object.hasOwn(obj, key)) visit(key, undefined, join(path, key));
}

/** Checks a list's type and size; a list over its maximum is not looked into (it may be huge). */
function checkList(value: unknown, limits: { min: number; max: number }, field: string, report: Report): unknown[] | undefined {
  if (value === undefined) return report(field, missing);
  if (!Array.isArray(value)) return report(field, wrongType('list'));
  if (value.length < limits.min || value.length > limits.max) {
    report(field, { code: 'wrong-count', params: { count: value.length, ...limits } });
  }
  return value.length > limits.max ? undefined : value;
}

function checkWord(value: unknown, max: number, code: 'bad-id' | 'bad-pack-name', field: string, report: Report): string | undefined {
  if (value === undefined) return report(field, missing);
  const word = trimmed(value);
  if (word === undefined) return report(field, wrongType('text'));
  if (word.length > max || !ID_PATTERN.test(word)) return report(field, { code, params: { max } });
  return word;
}

/** The languages of a question: those of its first localized text that names any. */
function languagesOf(question: Record<string, unknown>): Locale[] | undefined {
  for (const key of ['prompt', 'choices', 'explanation'] as const) {
    const value = own(question, key);
    for (const text of Array.isArray(value) ? value : [value]) {
      const locales = isMapping(text) ? LOCALES.filter((l) => Object.hasOwn(text, l)) : [];
      if (locales.length > 0) return locales;
    }
  }
  return undefined;
}

function checkLocalized(value: unknown, kind: TextKind, languages: Locale[] | undefined, field: string, report: Report): LocalizedText | undefined {
  if (value === undefined) return report(field, missing);
  if (!isMapping(value)) return report(field, wrongType('mapping'));
  const texts: LocalizedText = {};
  visitFields(value, LOCALES, field, report, (locale, text, textField) => {
    if (text === undefined) return; // which languages are present is checked below, once
    const checked = checkText(text, kind);
    if ('findings' in checked) for (const finding of checked.findings) report(textField, finding);
    else texts[locale] = checked.text;
  });
  const present = LOCALES.filter((l) => Object.hasOwn(value, l));
  if (present.length === 0) report(field, { code: 'missing-locale' });
  else if (languages && present.join() !== languages.join()) report(field, { code: 'locale-mismatch', params: { expected: languages.join(', ') } });
  return texts;
}

function checkChoices(value: unknown, languages: Locale[] | undefined, field: string, report: Report): LocalizedText[] | undefined {
  const list = checkList(value, PACK_LIMITS.choices, field, report);
  if (!list) return undefined;
  const seen = new Map(LOCALES.map((l) => [l, new Set<string>()]));
  return allDefined(
    list.map((raw, i) => {
      const choice = checkLocalized(raw, 'choice', languages, join(field, i), report);
      for (const locale of LOCALES) {
        const text = choice?.[locale];
        const keys = seen.get(locale);
        if (text === undefined || !keys) continue;
        if (keys.has(choiceKey(text))) report(join(field, `${i}.${locale}`), { code: 'choice-duplicate' });
        keys.add(choiceKey(text));
      }
      return choice;
    }),
  );
}

function checkAnswer(value: unknown, choiceCount: number | undefined, field: string, report: Report): number | undefined {
  if (value === undefined) return report(field, missing);
  if (typeof value !== 'number' || !Number.isInteger(value)) return report(field, wrongType('integer'));
  const last = (choiceCount !== undefined && choiceCount >= 1 ? choiceCount : PACK_LIMITS.choices.max) - 1;
  if (value < 0 || value > last) report(field, { code: 'answer-out-of-range', params: { max: last } });
  return value;
}

function checkTags(value: unknown, topic: Topic | undefined, field: string, report: Report): Tag[] | undefined {
  if (value === undefined) return [];
  const list = checkList(value, PACK_LIMITS.tags, field, report);
  if (!list) return undefined;
  const tags: Tag[] = [];
  list.forEach((raw, i) => {
    const tag = trimmed(raw);
    const at = join(field, i);
    if (tag === undefined) report(at, wrongType('text'));
    else if (!isTag(tag)) {
      const allowed = topic === undefined ? TAG_NAMES : TAG_NAMES.filter((t) => TAGS[t].topic === topic);
      report(at, { code: 'unknown-tag', params: { allowed: allowed.join(', ') } });
    } else if (topic !== undefined && TAGS[tag].topic !== topic) {
      report(at, { code: 'tag-topic-mismatch', params: { tag, tagTopic: TAGS[tag].topic, topic } });
    } else if (tags.includes(tag)) report(at, { code: 'duplicate-tag', params: { tag } });
    else tags.push(tag);
  });
  return tags;
}

function checkLink(value: unknown, field: string, report: Report): string | undefined {
  const link = trimmed(value);
  if (link === undefined) return report(field, wrongType('text'));
  if (link === '') return report(field, { code: 'empty-text' });
  if (link.length > PACK_LIMITS.link) return report(field, { code: 'too-long', params: { length: link.length, max: PACK_LIMITS.link } });
  const hostile = hostileFindings(link);
  if (hostile.length > 0) {
    for (const finding of hostile) report(field, finding);
    return undefined;
  }
  // URL() would quietly drop tabs and newlines and encode spaces; a link shown to members must be literal.
  if (/[\s<>]/.test(link) || !URL.canParse(link)) return report(field, { code: 'link-invalid' });
  const url = new URL(link);
  if (url.protocol !== 'https:') return report(field, { code: 'link-not-https' });
  if (url.username !== '' || url.password !== '') return report(field, { code: 'link-credentials' });
  return link;
}

interface QuestionContext {
  topic: Topic | undefined;
  /** index of an earlier question with the same id */
  duplicateOf: number | undefined;
  report: Report;
}

function checkQuestion(raw: unknown, { topic, duplicateOf, report }: QuestionContext): PackQuestion | undefined {
  if (!isMapping(raw)) return report(undefined, wrongType('mapping'));
  const languages = languagesOf(raw);
  const rawChoices = own(raw, 'choices');
  const q: Partial<PackQuestion> = {};
  visitFields(raw, QUESTION_KEYS, '', report, (key, value, field) => {
    switch (key) {
      case 'id':
        q.id = checkWord(value, PACK_LIMITS.id, 'bad-id', field, report);
        if (duplicateOf !== undefined) report(field, { code: 'duplicate-id', params: { first: duplicateOf + 1 } });
        break;
      case 'difficulty': {
        const text = trimmed(value);
        q.difficulty = DIFFICULTIES.find((d) => d === text);
        if (value === undefined) report(field, missing);
        else if (!q.difficulty) report(field, { code: 'bad-difficulty' });
        break;
      }
      case 'tags':
        q.tags = checkTags(value, topic, field, report);
        break;
      case 'choices':
        q.choices = checkChoices(value, languages, field, report);
        break;
      case 'answer':
        q.answer = checkAnswer(value, Array.isArray(rawChoices) ? rawChoices.length : undefined, field, report);
        break;
      case 'links': {
        const list = checkList(value, PACK_LIMITS.links, field, report);
        q.links = list && allDefined(list.map((link, i) => checkLink(link, join(field, i), report)));
        break;
      }
      default:
        q[key] = checkLocalized(value, key, languages, field, report);
    }
  });
  const { id, difficulty, tags, prompt, choices, answer, explanation, links } = q;
  if (!id || !difficulty || !tags || !prompt || !choices || answer === undefined || !explanation || !links) return undefined;
  return { id, difficulty, tags, prompt, choices, answer, explanation, links };
}

/** Each question's label: its id when usable and first, else its position; later twins point back. */
function labelQuestions(list: unknown[]): { raw: unknown; label: string; duplicateOf: number | undefined }[] {
  const first = new Map<string, number>();
  return list.map((raw, i) => {
    const id = isMapping(raw) ? trimmed(own(raw, 'id')) : undefined;
    if (id !== undefined && id.length <= PACK_LIMITS.id && ID_PATTERN.test(id)) {
      const earlier = first.get(id);
      if (earlier === undefined) {
        first.set(id, i);
        return { raw, label: id, duplicateOf: undefined };
      }
      return { raw, label: `#${i + 1}`, duplicateOf: earlier };
    }
    return { raw, label: `#${i + 1}`, duplicateOf: undefined };
  });
}

/** Validates decoded pack data completely; the pack comes back only when nothing is wrong. */
export function validatePack(data: unknown): PackResult {
  const problems: PackProblem[] = [];
  const reporter =
    (question?: string): Report =>
    (field, finding) => {
      problems.push(packProblem({ question, field }, finding));
      return undefined;
    };
  const report = reporter();
  const refuse = (finding: PackFinding): PackResult => ({ ok: false, problems: [packProblem({}, finding)] });

  if (data === null || data === undefined) return refuse({ code: 'empty-file' });
  if (!isMapping(data)) return refuse(wrongType('mapping'));
  const rawQuestions = own(data, 'questions');
  if (Array.isArray(rawQuestions) && rawQuestions.length > PACK_LIMITS.questions) {
    return refuse({ code: 'too-many-questions', params: { count: rawQuestions.length, max: PACK_LIMITS.questions } });
  }
  const topicText = trimmed(own(data, 'topic'));
  const topic = TOPICS.find((t) => t === topicText);

  let name: string | undefined;
  let questions: PackQuestion[] | undefined;
  visitFields(data, PACK_KEYS, '', report, (key, value, field) => {
    if (key === 'pack') name = checkWord(value, PACK_LIMITS.name, 'bad-pack-name', field, report);
    else if (key === 'topic') {
      if (value === undefined) report(field, missing);
      else if (topicText === undefined) report(field, wrongType('text'));
      else if (topic === undefined) report(field, { code: 'unknown-topic' });
    } else {
      const list = checkList(value, { min: 1, max: PACK_LIMITS.questions }, field, report);
      const checked = labelQuestions(list ?? []).map(({ raw, label, duplicateOf }) => checkQuestion(raw, { topic, duplicateOf, report: reporter(label) }));
      questions = list && allDefined(checked);
    }
  });
  if (problems.length > 0 || name === undefined || topic === undefined || questions === undefined) return { ok: false, problems };
  return { ok: true, pack: { name, topic, questions } };
}
