import { attachmentRule, chars, requestLimits } from './discord-limits.js';
import { DiscordSpec, type FieldError } from './discord-spec.js';
import type { RestReply } from './rest.js';

/** A request the bot sent that real Discord would have refused: what tests fail on and the sandbox logs. */
export interface Violation {
  /** method and the spec's path template, e.g. `POST /channels/{channel_id}/messages` */
  route: string;
  /** where in the body, e.g. `embeds.0.fields.3.value` */
  field: string;
  code: string;
  message: string;
  /** what was there: a string's length, an array's size, or the value itself */
  value: string;
}

// One spec per process: every emulator of a test file shares the validators compiled so far.
let shared: DiscordSpec | undefined;

/** Discord's errors as it nests them: `{ embeds: { 0: { title: { _errors: [{ code, message }] } } } }`. */
export function formBodyErrors(errors: FieldError[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const e of errors) {
    let node = root;
    for (const key of e.path) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    ((node._errors ??= []) as unknown[]).push({ code: e.code, message: e.message });
  }
  return root;
}

function describe(body: unknown, path: (string | number)[]): string {
  let value = body;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[String(key)] : undefined;
  if (typeof value === 'string') return `length ${chars(value)}: ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (Array.isArray(value)) return `${value.length} items`;
  const json = JSON.stringify(value) ?? 'missing';
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/**
 * Checks a request body against Discord's spec for its route and the documented limits; answers
 * what Discord answers for a body it refuses (400 50035 Invalid Form Body with the fields named;
 * 413 40005 for a file over the upload limit), or undefined when the request may go on.
 */
export function checkRequest(method: string, path: string[], body: unknown, files: { name: string; size: number }[], uploadLimit: number): { reply: RestReply; violations: Violation[] } | undefined {
  if (method === 'GET' || method === 'DELETE' || method === 'HEAD') return undefined;
  const spec = (shared ??= new DiscordSpec());
  const template = spec.templateOf(path);
  if (!template) return undefined;
  const route = `${method} ${template}`;
  const tooLarge = attachmentRule(files, uploadLimit);
  const errors = body === undefined ? [] : [...spec.validate(method, template, body), ...requestLimits(method, template, body)];
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const key = `${e.path.join('.')} ${e.code} ${e.message}`;
    return !seen.has(key) && seen.add(key);
  });
  if (!unique.length && !tooLarge.length) return undefined;
  const violations = [...tooLarge, ...unique].map((e) => ({ route, field: e.path.join('.') || '(body)', code: e.code, message: e.message, value: tooLarge.includes(e) ? `${files[Number(/\d+/.exec(String(e.path[0]))?.[0])]?.size} bytes` : describe(body, e.path) }));
  const reply: RestReply = tooLarge.length
    ? { status: 413, json: { message: 'Request entity too large', code: 40005 } }
    : { status: 400, json: { message: 'Invalid Form Body', code: 50035, errors: formBodyErrors(unique) } };
  return { reply, violations };
}
