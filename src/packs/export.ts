import { stringify } from 'yaml';
import { PACK_LIMITS, type Pack } from './types.js';

export { packTemplate } from './template.js';

/**
 * A pack as the YAML file an organiser would write (kubectl-style lists, no anchors, no folded
 * lines), so an exported pack can be edited and imported again unchanged. YAML can come out a
 * little larger than the compact JSON a script may have uploaded; when it would not fit the import
 * limit, the JSON is returned instead (JSON is YAML too, and imports the same).
 */
export function serializePack(pack: Pack): string {
  const file = { pack: pack.name, topic: pack.topic, questions: pack.questions };
  const yaml = stringify(file, { aliasDuplicateObjects: false, lineWidth: 0, indentSeq: false });
  return Buffer.byteLength(yaml) <= PACK_LIMITS.fileBytes ? yaml : JSON.stringify(file);
}
