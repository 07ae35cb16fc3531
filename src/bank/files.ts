import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { RawBankFile } from './validate.js';

export const BANK_DIR = fileURLToPath(new URL('./data/', import.meta.url));

/** Reads every `*.yaml` bank file; a file that is not valid YAML becomes a problem, not a throw. */
export async function readBankFiles(dir = BANK_DIR): Promise<{ files: RawBankFile[]; texts: string[]; yamlProblems: { file: string; message: string }[] }> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  const files: RawBankFile[] = [];
  const texts: string[] = [];
  const yamlProblems: { file: string; message: string }[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    texts.push(text);
    try {
      files.push({ file: name, data: parse(text, { maxAliasCount: 0, uniqueKeys: true }) });
    } catch (err) {
      yamlProblems.push({ file: name, message: `is not valid YAML: ${(err as Error).message.split('\n')[0]}` });
    }
  }
  return { files, texts, yamlProblems };
}
