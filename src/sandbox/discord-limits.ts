import type { FieldError } from './discord-spec.js';

/**
 * Discord's documented limits that its OpenAPI spec does not encode (or encodes looser than the
 * API enforces): https://discord.com/developers/docs, "Application Commands" and "Message"
 * resources. Each rule is a function of one object that returns the errors it finds, with paths
 * relative to that object; `requestLimits` applies them to a request by route.
 */

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** Discord counts characters (code points), as JSON Schema's maxLength does. */
export const chars = (s: string) => [...s].length;

const err = (path: Path, code: string, message: string): FieldError => ({ path, code, message });
const tooLong = (path: Path, max: number) => err(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
const badLength = (path: Path, min: number, max: number) => err(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
const prefixed = (prefix: Path, errors: FieldError[]) => errors.map((e) => ({ ...e, path: [...prefix, ...e.path] }));

function length(value: unknown, path: Path, min: number, max: number): FieldError[] {
  const s = text(value);
  if (s === undefined) return min > 0 ? [badLength(path, min, max)] : [];
  const n = chars(s);
  if (n < min) return [badLength(path, min, max)];
  return n > max ? [min > 0 ? badLength(path, min, max) : tooLong(path, max)] : [];
}

function count(value: unknown, path: Path, max: number): FieldError[] {
  return list(value).length > max ? [tooLong(path, max)] : [];
}

/** The locales Discord accepts as keys of `name_localizations` and `description_localizations`. */
export const DISCORD_LOCALES = new Set(['id', 'da', 'de', 'en-GB', 'en-US', 'es-ES', 'es-419', 'fr', 'hr', 'it', 'lt', 'hu', 'nl', 'no', 'pl', 'pt-BR', 'ro', 'fi', 'sv-SE', 'vi', 'tr', 'cs', 'el', 'bg', 'ru', 'uk', 'hi', 'th', 'zh-CN', 'ja', 'zh-TW', 'ko']);

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

// ---- application commands ----

/** A chat-input command, subcommand or option name: Discord's pattern, and lowercase where a letter has a lowercase form. */
export function commandNameRule(name: unknown, path: Path): FieldError[] {
  const s = text(name) ?? '';
  if (!NAME.test(s)) return [err(path, 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid: ${JSON.stringify(s)}`)];
  if (s !== s.toLowerCase()) return [err(path, 'APPLICATION_COMMAND_INVALID_NAME', `Command name must be lowercase: ${JSON.stringify(s)}`)];
  return [];
}

/** A chat-input command's or option's description: 1 to 100 characters. */
export function descriptionRule(description: unknown, path: Path): FieldError[] {
  return length(description, path, 1, 100);
}

/** Localization maps take only Discord's locales as keys; their names and descriptions obey the same rules. */
export function localizationsRule(item: Obj, path: Path, chatInput: boolean): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['name_localizations', 'description_localizations'] as const) {
    const map = item[field];
    if (!isObj(map)) continue;
    for (const [locale, value] of Object.entries(map)) {
      if (!DISCORD_LOCALES.has(locale)) errors.push(err([...path, field, locale], 'ENUM_TYPE_COERCE', `Value ${JSON.stringify(locale)} is not a valid enum value.`));
      else if (field === 'description_localizations') errors.push(...descriptionRule(value, [...path, field, locale]));
      else if (chatInput) errors.push(...commandNameRule(value, [...path, field, locale]));
    }
  }
  return errors;
}

/** At most 25 options on a command or subcommand, and 25 choices on an option. */
export function optionCountRule(item: Obj, path: Path): FieldError[] {
  return [...count(item.options, [...path, 'options'], 25), ...count(item.choices, [...path, 'choices'], 25)];
}

/** One option (recursively through subcommands and groups) and its choices. */
function optionRules(option: Obj, path: Path): FieldError[] {
  const errors = [...commandNameRule(option.name, [...path, 'name']), ...descriptionRule(option.description, [...path, 'description']), ...localizationsRule(option, path, true), ...optionCountRule(option, path)];
  list(option.choices).forEach((c, i) => {
    if (!isObj(c)) return;
    errors.push(...length(c.name, [...path, 'choices', i, 'name'], 1, 100), ...localizationsRule(c, [...path, 'choices', i], false));
    if (typeof c.value === 'string') errors.push(...length(c.value, [...path, 'choices', i, 'value'], 1, 100));
  });
  list(option.options).forEach((o, i) => isObj(o) && errors.push(...optionRules(o, [...path, 'options', i])));
  return errors;
}

/**
 * The characters of a command's names, descriptions and choice names and values, in one locale
 * (its localization where it has one, the default otherwise): at most 4,000 per locale.
 */
export function commandSizeRule(command: Obj, path: Path): FieldError[] {
  const locales = new Set<string | undefined>([undefined]);
  const collect = (item: Obj) => {
    for (const field of ['name_localizations', 'description_localizations']) if (isObj(item[field])) Object.keys(item[field]).forEach((l) => locales.add(l));
    list(item.options).forEach((o) => isObj(o) && collect(o));
    list(item.choices).forEach((c) => isObj(c) && collect(c));
  };
  collect(command);
  const size = (item: Obj, locale: string | undefined): number => {
    const local = (field: string, fallback: unknown) => {
      const map = item[field];
      return text(locale && isObj(map) ? (map[locale] ?? fallback) : fallback) ?? '';
    };
    let n = chars(local('name_localizations', item.name)) + chars(local('description_localizations', item.description));
    if (typeof item.value === 'string') n += chars(item.value);
    for (const o of [...list(item.options), ...list(item.choices)]) if (isObj(o)) n += size(o, locale);
    return n;
  };
  for (const locale of locales) {
    const n = size(command, locale);
    if (n > 4000) return [err(path, 'APPLICATION_COMMAND_TOO_LARGE', `Command exceeds maximum size (4000) in ${locale ?? 'the default locale'}: ${n}`)];
  }
  return [];
}

/** Every rule on one command of a PUT/POST of application commands. */
export function commandLimits(command: unknown, path: Path = []): FieldError[] {
  if (!isObj(command)) return [];
  const chatInput = command.type === undefined || command.type === 1;
  if (!chatInput) return [...length(command.name, [...path, 'name'], 1, 32), ...localizationsRule(command, path, false)];
  const errors = [...commandNameRule(command.name, [...path, 'name']), ...descriptionRule(command.description, [...path, 'description']), ...localizationsRule(command, path, true), ...optionCountRule(command, path), ...commandSizeRule(command, path)];
  list(command.options).forEach((o, i) => isObj(o) && errors.push(...optionRules(o, [...path, 'options', i])));
  return errors;
}

// ---- messages ----

/** Message content: at most 2,000 characters (the spec says 4,000 for some routes; the API takes 2,000 from bots). */
export function contentRule(message: Obj): FieldError[] {
  return message.content == null ? [] : length(message.content, ['content'], 0, 2000);
}

/** At most 10 embeds; title 256, description 4,096, 25 fields of name 256 and value 1,024, footer 2,048, author 256; 6,000 in all. */
export function embedsRule(message: Obj): FieldError[] {
  const embeds = list(message.embeds);
  const errors = count(embeds, ['embeds'], 10);
  let total = 0;
  embeds.forEach((e, i) => {
    if (!isObj(e)) return;
    const at = (...p: Path): Path => ['embeds', i, ...p];
    const measure = (value: unknown, path: Path, max: number, min = 0) => {
      if (value == null) return;
      total += chars(text(value) ?? '');
      errors.push(...length(value, path, min, max));
    };
    measure(e.title, at('title'), 256);
    measure(e.description, at('description'), 4096);
    if (isObj(e.footer)) measure(e.footer.text, at('footer', 'text'), 2048);
    if (isObj(e.author)) measure(e.author.name, at('author', 'name'), 256);
    errors.push(...count(e.fields, at('fields'), 25));
    list(e.fields).forEach((f, j) => {
      if (!isObj(f)) return;
      measure(f.name, at('fields', j, 'name'), 256, 1);
      measure(f.value, at('fields', j, 'value'), 1024, 1);
    });
  });
  if (total > 6000) errors.push(err(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of 6000: ${total}`));
  return errors;
}

const COMPONENTS_V2 = 1 << 15;

/** At most 5 action rows of at most 5 buttons; custom_id 1-100; button label 80; select menus of at most 25 options, each label, value and description 100. */
export function componentsRule(message: Obj): FieldError[] {
  const rows = list(message.components);
  const v2 = typeof message.flags === 'number' && (message.flags & COMPONENTS_V2) !== 0;
  const errors = v2 ? [] : count(rows, ['components'], 5);
  rows.forEach((row, r) => {
    if (!isObj(row)) return;
    const children = list(row.components);
    const at = (...p: Path): Path => ['components', r, 'components', ...p];
    if (children.some((c) => isObj(c) && c.type === 2)) errors.push(...count(children, ['components', r, 'components'], 5));
    children.forEach((c, i) => {
      if (!isObj(c)) return;
      // link (5) and premium (6) buttons carry a URL or SKU instead of a custom_id
      if (c.type !== 2 || (c.style !== 5 && c.style !== 6)) errors.push(...length(c.custom_id, at(i, 'custom_id'), 1, 100));
      if (c.type === 2 && c.label != null) errors.push(...length(c.label, at(i, 'label'), 0, 80));
      if (c.type === 3) {
        errors.push(...count(c.options, at(i, 'options'), 25));
        list(c.options).forEach((o, j) => {
          if (!isObj(o)) return;
          errors.push(...length(o.label, at(i, 'options', j, 'label'), 1, 100), ...length(o.value, at(i, 'options', j, 'value'), 1, 100));
          if (o.description != null) errors.push(...length(o.description, at(i, 'options', j, 'description'), 0, 100));
        });
      }
    });
  });
  return errors;
}

/** Every rule on a message body (a send, an edit, a follow-up, an interaction reply). */
export function messageLimits(message: unknown, path: Path = []): FieldError[] {
  if (!isObj(message)) return [];
  return prefixed(path, [...contentRule(message), ...embedsRule(message), ...componentsRule(message)]);
}

/** Files over the server's upload limit (25 MiB without boosts): Discord refuses the whole request. */
export function attachmentRule(files: { name: string; size: number }[], limitBytes: number): FieldError[] {
  return files.flatMap((f, i) => (f.size > limitBytes ? [err([`files[${i}]`], 'ATTACHMENT_TOO_LARGE', `File ${JSON.stringify(f.name)} is ${f.size} bytes, over the upload limit of ${limitBytes}`)] : []));
}

export const DEFAULT_UPLOAD_LIMIT = 25 * 1024 * 1024;

/** The documented limits that apply to one request, by the spec's route template. */
export function requestLimits(method: string, template: string, body: unknown): FieldError[] {
  const route = `${method} ${template}`;
  if (/^(PUT|POST) \/applications\/\{application_id\}(\/guilds\/\{guild_id\})?\/commands$/.test(route)) {
    return method === 'PUT' ? list(body).flatMap((c, i) => commandLimits(c, [i])) : commandLimits(body);
  }
  if (route === 'POST /interactions/{interaction_id}/{interaction_token}/callback') {
    return isObj(body) && (body.type === 4 || body.type === 7) ? messageLimits(body.data, ['data']) : [];
  }
  if (/^(POST \/channels\/\{channel_id\}\/messages|PATCH \/channels\/\{channel_id\}\/messages\/\{message_id\}|POST \/webhooks\/\{webhook_id\}\/\{webhook_token\}|PATCH \/webhooks\/\{webhook_id\}\/\{webhook_token\}\/messages\/[^/]+)$/.test(route)) {
    return messageLimits(body);
  }
  return [];
}
