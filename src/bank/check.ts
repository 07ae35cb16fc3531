/**
 * `npm run bank:check`: validates the bank files, prints every problem with file, question id and
 * field, runs every Go snippet's claim through the Go toolchain and parses every YAML snippet
 * (src/bank/snippet-check.ts), checks that every concept of the study notes is asked about, and with `--write` refreshes
 * the coverage table in src/bank/README.md. Exits 1 on any problem.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBankTexts, readBankTexts } from './files.js';
import { coverageProblems, renderBankReadme } from './coverage.js';
import { checkSnippets } from './snippet-check.js';
import { formatProblem, validateBank } from './validate.js';
import { ROOT } from '../paths.js';

const README = join(ROOT, 'src/bank/README.md');

// `--dir D` checks another folder of bank files (a draft); it skips the coverage and README checks.
const dirFlag = process.argv.indexOf('--dir');
const draftDir = dirFlag > 0 ? process.argv[dirFlag + 1] : undefined;
const { files, problems: yamlProblems } = parseBankTexts(await readBankTexts(draftDir));
const { questions, problems } = validateBank(files);
const all = [...yamlProblems, ...problems].map(formatProblem);
// Each snippet's claim is proven (Go built and run, YAML parsed) once the bank itself is valid.
if (!all.length) {
  const snippets = await checkSnippets(questions);
  all.push(...snippets.problems.map(formatProblem));
  for (const note of snippets.notes) console.log(note);
  console.log(`snippets: ${snippets.goRun} Go run, ${snippets.goCached} Go cached, ${snippets.goSkipped} Go skipped, ${snippets.yamlParsed} YAML parsed`);
}
if (draftDir) {
  for (const line of all) console.error(line);
  console.log(all.length ? `\n${all.length} problem(s)` : `draft ok: ${questions.length} questions`);
  process.exit(all.length ? 1 : 0);
}
if (!all.length) all.push(...coverageProblems(questions));

const readme = renderBankReadme(questions);
if (!all.length) {
  if (process.argv.includes('--write')) await writeFile(README, readme);
  else if ((await readFile(README, 'utf8').catch(() => '')) !== readme) all.push('src/bank/README.md is out of date: run `npm run bank:check -- --write`');
}

for (const line of all) console.error(line);
if (all.length) {
  console.error(`\n${all.length} problem(s) in the question bank.`);
  process.exit(1);
}
console.log(`bank ok: ${questions.length} questions in ${files.length} files`);
