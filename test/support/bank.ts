import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { BANK_DIR } from '../../src/bank/files.js';

interface RawQuestion {
  id: string;
  difficulty: string;
  answer: number;
  tags: string[];
  prompt: Record<string, string>;
  choices: Record<string, string>[];
}

/** The bank as its YAML files say, read independently of the loader under test. */
export function bankFromFiles(): (RawQuestion & { topic: string })[] {
  return readdirSync(BANK_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => {
      const data = parse(readFileSync(`${BANK_DIR}${f}`, 'utf8')) as { topic: string; questions: RawQuestion[] };
      return data.questions.map((q) => ({ ...q, topic: data.topic }));
    });
}
