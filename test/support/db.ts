import { randomBytes } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { openStore } from '../../src/store/client.js';
import { TEMPLATE_DB, TMP_DIR } from './paths.js';

/** A fresh copy of the migrated template: a real SQLite file of this test's own. */
export function freshDatabaseUrl(): string {
  const path = `${TMP_DIR}${randomBytes(6).toString('hex')}.db`;
  copyFileSync(TEMPLATE_DB, path);
  return `file:${path}`;
}

export async function freshStore() {
  return openStore(freshDatabaseUrl());
}
