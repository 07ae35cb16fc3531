import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';

export interface Instruction {
  keyword: string;
  /** the arguments, continuation lines joined */
  args: string;
  /** the flags before the arguments (`--from=build`, `--interval=30s`) */
  flags: Record<string, string>;
  /** what follows the flags */
  rest: string;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** The Dockerfile's stages and their instructions (comments dropped, `\` continuations joined). */
export function parseDockerfile(text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')): Stage[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!current && (line.startsWith('#') || !line)) continue;
    if (line.startsWith('#')) continue;
    current += (current ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (!line.endsWith('\\')) {
      logical.push(current);
      current = '';
    }
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const flags: Record<string, string> = {};
    let rest = args;
    for (let m = /^--([\w-]+)=(\S+)\s*/.exec(rest); m; m = /^--([\w-]+)=(\S+)\s*/.exec(rest)) {
      flags[m[1]!] = m[2]!;
      rest = rest.slice(m[0].length);
    }
    const instruction = { keyword: keyword.toUpperCase(), args, flags, rest };
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = rest.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      if (!stages.length) throw new Error(`${keyword} before the first FROM`);
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

/** An exec-form argument (`["node", "x"]`) as its array, or undefined in shell form. */
export function execForm(rest: string): string[] | undefined {
  if (!rest.trim().startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(rest);
  return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
}

/** A stage's COPY instructions as [from stage or undefined, sources, destination]. */
export function copies(stage: Stage): { from?: string; sources: string[]; dest: string }[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((i) => {
      const parts = i.rest.split(/\s+/);
      return { from: i.flags.from, sources: parts.slice(0, -1), dest: parts.at(-1)! };
    });
}
