// @ts-check
/**
 * `npm run build`: src/ and commands/ to JavaScript in dist/, file by file (not bundled), so
 * `npm start` runs plain `node dist/src/main.js` without tsx's loader in memory (~39 MB RSS) or its
 * transpiling at start. Type checking stays with `npm run typecheck`; this only strips types.
 * Plain .mjs so it starts without tsx: it runs before every `npm start`.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'dist');
// Files that modules read beside themselves at run time (relative to import.meta.url).
const ASSETS = ['src/sandbox/page.html'];

const started = performance.now();
const entryPoints = ['src', 'commands'].flatMap((dir) =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f)),
);

// Built beside dist/ and swapped in whole: a command file deleted from commands/ must not linger in
// dist/commands/ (the loader imports whatever is there), and a bot starting meanwhile never sees
// half a tree.
const staging = `${OUT}.${process.pid}.tmp`;
rmSync(staging, { recursive: true, force: true });
try {
  await build({
    absWorkingDir: ROOT,
    entryPoints,
    outbase: '.',
    outdir: staging,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  for (const asset of ASSETS) {
    mkdirSync(dirname(join(staging, asset)), { recursive: true });
    copyFileSync(join(ROOT, asset), join(staging, asset));
  }
  const old = `${OUT}.${process.pid}.old`;
  try {
    if (existsSync(OUT)) renameSync(OUT, old);
    renameSync(staging, OUT);
  } catch (err) {
    // Another build (a second `npm start`) swapped its tree in between: same sources, keep that one.
    const code = /** @type {NodeJS.ErrnoException} */ (err).code;
    if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
  }
  rmSync(old, { recursive: true, force: true });
} finally {
  rmSync(staging, { recursive: true, force: true });
}

if (!process.argv.includes('--quiet')) {
  console.error(`built ${entryPoints.length} files to ${relative(process.cwd(), OUT) || '.'}/ in ${Math.round(performance.now() - started)} ms`);
}
