import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../paths.js';
import type { BankProblem, RawBankFile } from './validate.js';

// From the repository root: the compiled build (dist/src/bank/) has no copy of the data files.
export const BANK_DIR = join(ROOT, 'src/bank/data/');

export interface BankText {
  file: string;
  text: string;
}

/** The bank files' raw text, in name order: hashing it is how an unchanged bank is skipped. */
export async function readBankTexts(dir = BANK_DIR): Promise<BankText[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  return Promise.all(names.map(async (file) => ({ file, text: await readFile(join(dir, file), 'utf8') })));
}

/** Parses YAML without aliases (no expansion bombs); a file that does not parse becomes a problem. */
export function parseBankTexts(texts: BankText[]): { files: RawBankFile[]; problems: BankProblem[] } {
  const files: RawBankFile[] = [];
  const problems: BankProblem[] = [];
  for (const { file, text } of texts) {
    try {
      files.push({ file, data: parse(text, { maxAliasCount: 0, uniqueKeys: true }) });
    } catch (err) {
      problems.push({ file, message: `is not valid YAML: ${(err as Error).message.split('\n')[0]}` });
    }
  }
  return { files, problems };
}
