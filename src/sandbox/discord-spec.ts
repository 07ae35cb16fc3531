import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ROOT } from '../paths.js';

/** Discord's own OpenAPI 3.1 description of API v10, vendored unchanged (see its README). */
export const SPEC_PATH = join(ROOT, 'test/fixtures/discord-api/openapi.json');

/** One rule a request broke: where (a path into the body), Discord's error code and message. */
export interface FieldError {
  path: (string | number)[];
  code: string;
  message: string;
}

interface Spec {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
  components: { schemas: Record<string, unknown> };
}

interface Template {
  template: string;
  segments: string[];
  literals: number;
}

const SCHEMAS_ID = 'https://discord.com/api/v10/openapi/schemas';
// ajv-formats is CommonJS with a default export; under NodeNext its namespace is what `import` gives.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * The request schemas of Discord's spec, compiled on first use per route and method: loading the
 * spec costs a few milliseconds, compiling one route's schema tens, so an emulator start that sends
 * nothing compiles nothing.
 */
export class DiscordSpec {
  private spec?: Spec;
  private ajv?: Ajv2020;
  private templates?: Template[];
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(private readonly file = SPEC_PATH) {}

  /** The spec's path template a request path matches (`/channels/{channel_id}/messages`), literals first. */
  templateOf(path: string[]): string | undefined {
    const templates = (this.templates ??= this.buildTemplates());
    return templates.find((t) => t.segments.length === path.length && t.segments.every((s, i) => s.startsWith('{') || s === path[i]))?.template;
  }

  /** Errors of `body` against the JSON request schema of `method template`; none when the spec has no body for it. */
  validate(method: string, template: string, body: unknown): FieldError[] {
    const key = `${method} ${template}`;
    let validator = this.validators.get(key);
    if (validator === undefined) {
      validator = this.compile(method.toLowerCase(), template);
      this.validators.set(key, validator);
    }
    if (!validator || validator(body)) return [];
    return explain((validator.errors ?? []).filter((e) => !coercedByDiscord(e)));
  }

  private load(): Spec {
    return (this.spec ??= JSON.parse(readFileSync(this.file, 'utf8')) as Spec);
  }

  private buildTemplates(): Template[] {
    return Object.keys(this.load().paths)
      .map((template) => {
        const segments = template.split('/').filter(Boolean);
        return { template, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
      })
      .sort((a, b) => b.literals - a.literals);
  }

  private compile(method: string, template: string): ValidateFunction | null {
    const schema = this.load().paths[template]?.[method]?.requestBody?.content?.['application/json']?.schema;
    if (!schema) return null;
    const ajv = (this.ajv ??= this.newAjv());
    const local = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"#/$defs/')) as unknown;
    const routeSchema = discriminate(local, this.load().components.schemas);
    return ajv.compile(JSON.parse(JSON.stringify(routeSchema).replaceAll('"#/$defs/', `"${SCHEMAS_ID}#/$defs/`)) as object);
  }

  private newAjv(): Ajv2020 {
    const ajv = new Ajv2020({ inlineRefs: false, code: { optimize: false }, allErrors: true, verbose: true, strict: true, allowUnionTypes: true, validateFormats: true });
    addFormats(ajv);
    ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
    // a message nonce: an integer or a string of at most 25 characters (the schema says which)
    ajv.addFormat('nonce', true);
    ajv.addKeyword({ keyword: 'x-discord-union', schemaType: 'string' });
    const schemas = this.load().components.schemas;
    const defs = discriminate(JSON.parse(JSON.stringify(schemas).replaceAll('"#/components/schemas/', '"#/$defs/')), schemas);
    ajv.addSchema({ $id: SCHEMAS_ID, $defs: defs });
    return ajv;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The spec's unions of objects told apart by their `type` (components, command options, callback
 * kinds) become if/then chains keyed on `type`, as OpenAPI's discriminator means them, and "null or
 * X" becomes "if not null then X": then only the branch the body means reports errors, not every
 * other branch's mismatch.
 */
function discriminate(node: unknown, schemas: Record<string, unknown>): Json {
  if (Array.isArray(node)) return node.map((n) => discriminate(n, schemas));
  if (!node || typeof node !== 'object') return node as Json;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) out[k] = discriminate(v, schemas);
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = out[keyword];
    if (!Array.isArray(branches) || branches.length < 2) continue;
    const isNull = (b: Json) => !!b && typeof b === 'object' && !Array.isArray(b) && b.type === 'null' && Object.keys(b).length === 1;
    if (branches.length === 2 && branches.some(isNull)) {
      // "null, or this": only "this" can explain a value that is not null
      delete out[keyword];
      out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), { if: { not: { type: 'null' } }, then: branches.find((b) => !isNull(b))! }];
      continue;
    }
    const keyed = branches.map((b) => {
      const ref = b && typeof b === 'object' && !Array.isArray(b) ? b.$ref : undefined;
      return typeof ref === 'string' ? { ref: b, values: typeValues(schemas[ref.replace('#/$defs/', '')]) } : undefined;
    });
    if (keyed.some((k) => !k?.values)) continue;
    const all = keyed.flatMap((k) => k!.values!);
    if (new Set(all).size !== all.length) continue;
    let chain: Json = { type: 'object', required: ['type'], properties: { type: { enum: all } } };
    for (const k of keyed.reverse()) chain = { if: { type: 'object', required: ['type'], properties: { type: { enum: k!.values! } } }, then: k!.ref, else: chain };
    delete out[keyword];
    out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), chain];
  }
  return out;
}

function typeValues(schema: unknown): Json[] | undefined {
  const type = (schema as { properties?: { type?: { enum?: Json[]; const?: Json } } } | undefined)?.properties?.type;
  return type?.enum ?? (type?.const !== undefined ? [type.const] : undefined);
}

/**
 * ajv's errors as Discord names them. A union that is not keyed on `type` (a value or null, the two
 * webhook bodies) reports every branch's failure just before its own error; the branch that got
 * furthest into the body is the one the sender meant, so only its errors are kept.
 */
function explain(errors: ErrorObject[]): FieldError[] {
  const kept: ErrorObject[] = [];
  const depth = (e: ErrorObject) => pointer(e).length;
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') {
      kept.push(e);
      continue;
    }
    let start = kept.length;
    while (start > 0 && under(kept[start - 1]!.instancePath, e.instancePath)) start--;
    const branches = kept.splice(start);
    if (!branches.length) {
      kept.push(e);
      continue;
    }
    const deepest = Math.max(...branches.map(depth));
    kept.push(...branches.filter((b) => depth(b) === deepest));
  }
  const seen = new Set<string>();
  return kept
    .map((e) => ({ path: pointer(e), ...discordCode(e) }))
    .filter((e) => {
      const key = `${e.path.join('.')} ${e.code}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

const under = (path: string, parent: string) => path === parent || path.startsWith(`${parent}/`);

/**
 * Discord's API reads an integer given as a string of digits (the spec types permission bits
 * `integer`, its documentation and discord.js send them as strings): not an error there.
 */
function coercedByDiscord(e: ErrorObject): boolean {
  const types = (e.params as { type?: string | string[] }).type;
  return e.keyword === 'type' && [types].flat().includes('integer') && typeof e.data === 'string' && /^\d+$/.test(e.data);
}

function pointer(e: ErrorObject): (string | number)[] {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (e.keyword === 'required') path.push(String((e.params as { missingProperty: string }).missingProperty));
  return path;
}

function discordCode(e: ErrorObject): { code: string; message: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'maxLength':
      return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${String(p.limit)} or fewer in length.` };
    case 'minLength':
      return { code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${String(p.limit)} or more in length.` };
    case 'maxItems':
      return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${String(p.limit)} or fewer in length.` };
    case 'minItems':
      return { code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${String(p.limit)} or more in length.` };
    case 'required':
      return { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
    case 'enum':
    case 'const':
      return { code: 'BASE_TYPE_CHOICES', message: `Value must be one of ${JSON.stringify(p.allowedValues ?? p.allowedValue)}.` };
    default:
      return { code: `SCHEMA_${e.keyword.toUpperCase()}`, message: `${e.message ?? 'invalid'}.` };
  }
}
