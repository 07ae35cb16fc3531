import { decodePackFile } from './decode.js';
import type { PackResult } from './types.js';
import { validatePack } from './validate.js';

export { summarizeProblems } from './types.js';
export type { LocalizedText, Pack, PackProblem, PackProblemCode, PackQuestion, PackResult } from './types.js';

/**
 * Parses an uploaded question pack (YAML, or JSON when the file starts with `{` or `[` or is named
 * `.json`). Never throws: every way the bytes can be wrong comes back as problems, in document
 * order, and the pack comes back only when there are none.
 */
export function parsePack(bytes: Uint8Array, opts: { fileName?: string } = {}): PackResult {
  const decoded = decodePackFile(bytes, opts.fileName);
  return decoded.ok ? validatePack(decoded.data) : decoded;
}
