import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** `file:./data/quiz.db` -> absolute path; creates the folder so a fresh clone starts at once. */
export function sqlitePathFromUrl(url: string): string {
  if (!url.startsWith('file:')) throw new Error(`DATABASE_URL must be a SQLite file: URL, got ${url.split(':')[0]}:`);
  const raw = url.slice('file:'.length).split('?')[0] ?? '';
  if (raw === ':memory:') return raw;
  const path = resolve(raw);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
