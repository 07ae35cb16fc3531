import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Question } from '../domain/question.js';
import { isUniqueViolation, type Db } from '../store/client.js';
import { getMeta, setMeta } from '../store/meta.js';
import { loadActiveQuestions, syncQuestions } from '../store/questions.js';
import { BANK_DIR, parseBankTexts, readBankTexts } from './files.js';
import { formatProblem, validateBank, type ValidQuestion } from './validate.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const contentHash = (q: ValidQuestion) => {
  const { file: _file, ...rest } = q;
  return sha256(JSON.stringify(rest));
};

export interface BankLoad {
  questions: Question[];
  /** what happened: skipped (unchanged), synced, or rejected (problems; the store's last good bank is served) */
  outcome: 'unchanged' | 'synced' | 'rejected';
  problems: string[];
}

/**
 * Syncs the bank files into the store and returns the questions to serve. An unchanged bank costs
 * one hash; a broken bank never half-loads: its problems are reported and the last good questions
 * in the store stay in service.
 */
export async function loadBank(db: Db, log: Logger, now: Date, dir = BANK_DIR, retried = false): Promise<BankLoad> {
  const texts = await readBankTexts(dir);
  const hash = sha256(JSON.stringify(texts));
  if ((await getMeta(db, 'bank.hash')) === hash) {
    return { questions: await loadActiveQuestions(db), outcome: 'unchanged', problems: [] };
  }
  const parsed = parseBankTexts(texts);
  const { questions, problems } = validateBank(parsed.files);
  const all = [...parsed.problems, ...problems].map(formatProblem);
  if (all.length) {
    for (const problem of all) log.error({ problem }, 'question bank problem');
    log.error({ problems: all.length }, 'question bank rejected: serving the last good questions from the store');
    return { questions: await loadActiveQuestions(db), outcome: 'rejected', problems: all };
  }
  let counts;
  try {
    counts = await syncQuestions(db, questions.map((q) => ({ ...q, contentHash: contentHash(q) })), now);
  } catch (err) {
    // Replicas starting together on one PostgreSQL store: another one synced the same questions
    // first (its transaction won). Sync again against what it wrote: nothing, or what differs.
    if (!isUniqueViolation(err) || retried) throw err;
    log.info('question bank synced by another process meanwhile: checking again');
    return loadBank(db, log, now, dir, true);
  }
  await setMeta(db, 'bank.hash', hash);
  log.info({ ...counts, total: questions.length }, 'question bank synced');
  return { questions: await loadActiveQuestions(db), outcome: 'synced', problems: [] };
}
