import { Composer, CST, isScalar, Lexer, LineCounter, Parser, visit, type Document } from 'yaml';
import { PACK_LIMITS, packProblem, safeKey, type PackFinding, type PackProblem } from './types.js';

export type Decoded = { ok: true; data: unknown } | { ok: false; problems: PackProblem[] };
type Format = 'json' | 'yaml';

const fail = (finding: PackFinding): Decoded => ({ ok: false, problems: [packProblem({}, finding)] });

/**
 * Turns uploaded bytes into plain data, refusing what is too big, not text, not JSON/YAML, nested
 * too deep, or written with YAML features a pack never needs (aliases, anchors, tags) before any
 * of it can cost time or memory.
 */
export function decodePackFile(bytes: Uint8Array, fileName?: string): Decoded {
  if (bytes.length > PACK_LIMITS.fileBytes) return fail({ code: 'file-too-large', params: { bytes: bytes.length, max: PACK_LIMITS.fileBytes } });
  // Text never contains NUL; images, archives and office documents always do.
  if (bytes.includes(0)) return fail({ code: 'binary-file' });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops a leading BOM
  } catch {
    return fail({ code: 'invalid-utf8' });
  }
  const start = text.trimStart();
  if (start === '') return fail({ code: 'empty-file' });
  return formatOf(fileName, start[0]) === 'json' ? decodeJson(text) : decodeYaml(text);
}

function formatOf(fileName: string | undefined, firstChar: string | undefined): Format {
  const ext = fileName?.toLowerCase().match(/\.(json|ya?ml)$/)?.[1];
  if (ext) return ext === 'json' ? 'json' : 'yaml';
  return firstChar === '{' || firstChar === '[' ? 'json' : 'yaml';
}

function lineCounter(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return lines;
}

const position = (lines: LineCounter, offset: number) => {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
};

/** Something found at a place in the file; it becomes a problem with a line and a column. */
type Refusal = { offset: number; code: 'yaml-alias' | 'yaml-tag' | 'duplicate-key' | 'invalid-yaml'; key?: string | undefined };

function refuse(text: string, refused: Refusal[]): Decoded {
  const lines = lineCounter(text);
  const problems = refused
    .sort((a, b) => a.offset - b.offset)
    .map(({ offset, code, key }): PackProblem => ({ code, params: { ...position(lines, offset), ...(key === undefined ? {} : { key }) } }));
  return { ok: false, problems };
}

function decodeJson(text: string): Decoded {
  const scan = scanJson(text);
  if (scan.tooDeep) return fail({ code: 'nesting-too-deep', params: { max: PACK_LIMITS.depth } });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    // V8 names the offset for most errors; its message quotes the file, so it is not passed on.
    const offset = /at position (\d+)/.exec((err as Error).message)?.[1];
    return fail({ code: 'invalid-json', params: offset === undefined ? {} : position(lineCounter(text), Number(offset)) });
  }
  if (scan.duplicates.length === 0) return { ok: true, data };
  return refuse(text, scan.duplicates.map(({ offset, key }) => ({ offset, code: 'duplicate-key', key: safeKey(key) })));
}

/**
 * One linear pass over JSON text: stops at the first collection nested deeper than the limit (so
 * 100,000 `[` cost nothing) and finds the duplicate keys JSON.parse would silently merge.
 */
function scanJson(text: string): { tooDeep: boolean; duplicates: { offset: number; key: string }[] } {
  const open: (Set<string> | null)[] = []; // the keys of each open object; null for an array
  const duplicates: { offset: number; key: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      open.push(c === '{' ? new Set() : null);
      if (open.length > PACK_LIMITS.depth) return { tooDeep: true, duplicates };
    } else if (c === '}' || c === ']') {
      open.pop();
    } else if (c === '"') {
      const from = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const keys = open.at(-1);
      let next = i + 1;
      while (next < text.length && /\s/.test(text[next] ?? '')) next++;
      if (keys && text[next] === ':') {
        const key = jsonString(text.slice(from, i + 1));
        if (keys.has(key)) duplicates.push({ offset: from, key });
        keys.add(key);
      }
    }
  }
  return { tooDeep: false, duplicates };
}

function jsonString(literal: string): string {
  try {
    return String(JSON.parse(literal));
  } catch {
    return literal; // invalid JSON: JSON.parse of the whole text reports it
  }
}

const COLLECTIONS: ReadonlySet<string> = new Set(['block-map', 'block-seq', 'flow-collection']);
/** Explicit tags can construct types (`!!binary`, `!!js/function`); anchors and aliases can expand exponentially. */
const REFUSED_PROPS: Readonly<Record<string, 'yaml-alias' | 'yaml-tag'>> = { anchor: 'yaml-alias', alias: 'yaml-alias', tag: 'yaml-tag' };

/**
 * The yaml library costs about 2 µs per token, so a 1 MiB file of tiny tokens would hold the event
 * loop for seconds: lexing and parsing token by token lets the token budget stop it early, and the
 * nesting limit stop a deep file before the composer recurses into it (it runs out of memory on
 * 100,000 nested `[`).
 */
function decodeYaml(text: string): Decoded {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  const refused: Refusal[] = [];
  let count = 0;
  let scalarNext = false;
  for (const lexeme of new Lexer().lex(text)) {
    if (++count > PACK_LIMITS.yamlTokens) return fail({ code: 'too-complex', params: { max: PACK_LIMITS.yamlTokens } });
    // The lexeme after a scalar marker is the scalar's own text, whatever its first character.
    const code = scalarNext ? undefined : REFUSED_PROPS[CST.tokenType(lexeme) ?? ''];
    if (code) refused.push({ offset: parser.offset, code });
    scalarNext = lexeme === CST.SCALAR;
    for (const token of parser.next(lexeme)) {
      // The first syntax error is the one to fix (later ones are mostly its echoes), and composing
      // a file of errors is slow: stop here.
      if (token.type === 'error') return refuse(text, [...refused, { offset: token.offset, code: 'invalid-yaml' }]);
      tokens.push(token);
    }
    if (parser.stack.length > PACK_LIMITS.depth && parser.stack.filter((t) => COLLECTIONS.has(t.type)).length > PACK_LIMITS.depth) {
      return fail({ code: 'nesting-too-deep', params: { max: PACK_LIMITS.depth } });
    }
  }
  for (const token of parser.end()) tokens.push(token);
  // Composing is what costs; a file already refused for its aliases or tags need not be composed.
  if (refused.length > 0) return refuse(text, refused);

  // The composer's own duplicate-key check is quadratic in a mapping's size: ours is linear.
  const docs: Document.Parsed[] = [];
  for (const doc of new Composer({ uniqueKeys: false, merge: false, logLevel: 'silent' }).compose(tokens)) {
    if (docs.push(doc) === 2) break; // a pack is one document; there is no need to build a thousand
  }
  const [doc, second] = docs;
  if (!doc) return fail({ code: 'empty-file' }); // only comments
  if (second) refused.push({ offset: second.range[0], code: 'invalid-yaml' });
  const [syntax] = doc.errors;
  if (syntax) refused.push({ offset: syntax.pos[0], code: 'invalid-yaml' });
  refused.push(...duplicateKeys(doc));
  return refused.length > 0 ? refuse(text, refused) : { ok: true, data: doc.toJS() };
}

/** Keys repeated within one mapping, compared as the JavaScript object would (1 and "1" collide). */
function duplicateKeys(doc: Document.Parsed): Refusal[] {
  const found: Refusal[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue; // a collection as a key is an unknown field anyway
        const name = String(key.value);
        if (seen.has(name)) found.push({ offset: key.range?.[0] ?? 0, code: 'duplicate-key', key: typeof key.value === 'string' ? safeKey(key.value) : undefined });
        seen.add(name);
      }
    },
  });
  return found;
}
