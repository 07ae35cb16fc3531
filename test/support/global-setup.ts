import { mkdirSync, rmSync } from 'node:fs';
import { applyMigrations } from '../../src/store/migrate.js';
import { TEMPLATE_DB, TMP_DIR } from './paths.js';

/** Migrates one template database for the whole run; each test copies it (fast, and never shared). */
export default async function setup() {
  rmSync(TMP_DIR, { recursive: true, force: true });
  mkdirSync(TMP_DIR, { recursive: true });
  await applyMigrations(TEMPLATE_DB);
}
