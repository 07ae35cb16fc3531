import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** The figures one `npm run bench` prints; every scenario adds to them. `--only plan` runs one scenario alone (while developing it). */
export const { values: flags } = parseArgs({ options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, only: { type: 'string' } } });

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  target: string;
  met: boolean | null;
}

export const figures: Figure[] = [];
const round = (n: number) => Math.round(n * 100) / 100;

export const record = (name: string, value: number, unit: string, baseline: number | null, target: string, met: boolean | null) =>
  figures.push({ name, value: round(value), unit, baseline: baseline === null ? null : round(baseline), ratio: baseline ? round(value / baseline) : null, target, met });

/** The p-th percentile of sorted samples. */
export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

export const log = (s: string) => !flags.json && console.error(s);

/** Median duration of `fn` in ms, after a warm-up. */
export async function median(fn: () => Promise<unknown> | unknown, n = flags.quick ? 100 : 500): Promise<number> {
  for (let i = 0; i < 20; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return pct(samples.sort((a, b) => a - b), 0.5);
}

/** Resident set size of a process, in MB. */
export const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

/** The figures as a markdown table (or JSON with --json). */
export function printFigures() {
  if (flags.json) console.log(JSON.stringify({ figures }));
  else {
    console.log(`\n| figure | value | baseline | ratio | target | met |\n|---|---:|---:|---:|---|:-:|`);
    for (const f of figures) console.log(`| ${f.name} | ${f.value} ${f.unit} | ${f.baseline ?? ''} | ${f.ratio ?? ''} | ${f.target} | ${f.met === null ? '' : f.met ? 'yes' : '**no**'} |`);
  }
}
