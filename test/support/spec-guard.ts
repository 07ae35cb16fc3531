import { afterAll, afterEach } from 'vitest';
import { processViolations } from '../../src/sandbox/emulator.js';
import type { Violation } from '../../src/sandbox/request-check.js';

/**
 * Loaded before every test file (vitest `setupFiles`, all projects): a test fails when any request
 * the bot sent during it broke Discord's spec or documented limits, whichever emulator took it.
 * There is no switch to turn this off.
 */
let reported = 0;

/** Violations recorded since the last check, across every emulator of this process. */
export function newViolations(): Violation[] {
  const all = processViolations();
  const found = all.slice(reported);
  reported = all.length;
  return found;
}

export function violationReport(found: Violation[]): string {
  return `${found.length} request(s) Discord would refuse (400 Invalid Form Body):\n${found.map((v) => `  ${v.route} ${v.field}: ${v.code} ${v.message} (${v.value})`).join('\n')}`;
}

function check() {
  const found = newViolations();
  if (found.length) throw new Error(violationReport(found));
}

afterEach(check);
afterAll(check);
