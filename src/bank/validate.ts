import { BankFileSchema, LOCALES, QuestionSchema, type BankQuestion } from './schema.js';
import type { Topic } from './tags.js';

export interface BankProblem {
  file: string;
  /** the question's id, or its position (#3) when it has no usable id */
  question?: string;
  field?: string;
  message: string;
}

export interface ValidQuestion extends BankQuestion {
  topic: Topic;
  file: string;
}

export interface RawBankFile {
  file: string;
  data: unknown;
}

const normalise = (s: string) => s.toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();

/** A correct choice much longer than every distractor gives the answer away. */
function answerStandsOutByLength(q: BankQuestion): boolean {
  return LOCALES.some((locale) => {
    const lengths = q.choices.map((c) => [...c[locale]].length);
    const right = lengths[q.answer] ?? 0;
    const others = lengths.filter((_, i) => i !== q.answer);
    const longestOther = Math.max(...others);
    return right > 1.6 * longestOther && right - longestOther > 25;
  });
}

/**
 * Validates every bank file completely and returns all problems at once; questions come back only
 * when there are no problems, so a broken bank never half-loads.
 */
export function validateBank(files: RawBankFile[]): { questions: ValidQuestion[]; problems: BankProblem[] } {
  const problems: BankProblem[] = [];
  const questions: ValidQuestion[] = [];
  const idsSeen = new Map<string, string>();
  const promptsSeen = new Map<string, string>();

  for (const { file, data } of files) {
    const parsedFile = BankFileSchema.safeParse(data);
    if (!parsedFile.success) {
      for (const issue of parsedFile.error.issues) problems.push({ file, field: issue.path.join('.') || undefined, message: issue.message });
      continue;
    }
    parsedFile.data.questions.forEach((raw, index) => {
      const rawId = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : undefined;
      const label = rawId ?? `#${index + 1}`;
      const parsed = QuestionSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push({ file, question: label, field: issue.path.join('.') || undefined, message: issue.message });
        return;
      }
      const q = parsed.data;
      const otherFile = idsSeen.get(q.id);
      if (otherFile) problems.push({ file, question: q.id, field: 'id', message: `duplicate id (also in ${otherFile})` });
      idsSeen.set(q.id, file);
      for (const locale of LOCALES) {
        const key = `${locale}:${normalise(q.prompt[locale])}`;
        const other = promptsSeen.get(key);
        if (other) problems.push({ file, question: q.id, field: `prompt.${locale}`, message: `duplicate prompt (same as ${other})` });
        promptsSeen.set(key, q.id);
      }
      if (answerStandsOutByLength(q)) {
        problems.push({ file, question: q.id, field: `choices.${q.answer}`, message: 'the correct choice is much longer than the others and gives the answer away' });
      }
      questions.push({ ...q, version: q.version ?? parsedFile.data.version, topic: parsedFile.data.topic, file });
    });
  }
  return { questions: problems.length ? [] : questions, problems };
}

export const formatProblem = (p: BankProblem) =>
  [p.file, p.question, p.field].filter(Boolean).join(' > ') + `: ${p.message}`;
