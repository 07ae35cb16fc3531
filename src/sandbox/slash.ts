import type { CommandOption } from './emulator.js';
import type { EmuCommand } from './state.js';

interface OptionDef {
  type: number;
  name: string;
  required?: boolean;
  choices?: { name: string; value: string | number }[];
  options?: OptionDef[];
  min_value?: number;
  max_value?: number;
}

const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const STRING = 3;
const INTEGER = 4;
const BOOLEAN = 5;
const NUMBER = 10;
const CHANNEL = 7;
const USER = 6;
const ROLE = 8;
const ATTACHMENT = 11;

/**
 * Turns what a person types on the sandbox page ("/quiz practice topic:go") into the options of an
 * interaction, checked against the command as the bot registered it, the way Discord's client does.
 */
export function parseSlash(
  text: string,
  commands: EmuCommand[],
  channels: { id: string; name: string }[] = [],
  /** the file attached beside the command (the page's file picker), for an attachment option */
  attachmentId?: string,
  members: { id: string; username: string }[] = [],
): { name: string; options: CommandOption[] } | { error: string } {
  const tokens = text.trim().replace(/^\//, '').match(/(?:[^\s"]+:"[^"]*"|\S)+/g) ?? [];
  const name = tokens.shift();
  const command = commands.find((c) => c.name === name);
  if (!command) return { error: `Unknown command /${name ?? ''}. Known: ${commands.map((c) => `/${c.name}`).join(', ')}` };
  let defs = (command.options ?? []) as OptionDef[];
  const wrap: ((o: CommandOption[]) => CommandOption[])[] = [];
  while (defs.some((d) => d.type === SUB_COMMAND || d.type === SUB_COMMAND_GROUP)) {
    const subName = tokens.shift();
    const sub = defs.find((d) => d.name === subName && (d.type === SUB_COMMAND || d.type === SUB_COMMAND_GROUP));
    if (!sub) return { error: `/${name} needs one of: ${defs.map((d) => d.name).join(', ')}` };
    wrap.push((options) => [{ name: sub.name, type: sub.type, options }]);
    defs = sub.options ?? [];
  }
  const options: CommandOption[] = [];
  for (const token of tokens) {
    const colon = token.indexOf(':');
    const key = token.slice(0, colon);
    const raw = token.slice(colon + 1).replace(/^"|"$/g, '');
    const def = defs.find((d) => d.name === key);
    if (colon < 1 || !def) return { error: `Unknown option "${token}". Options: ${defs.map((d) => `${d.name}:`).join(' ') || 'none'}` };
    let value: string | number | boolean = raw;
    if (def.type === INTEGER || def.type === NUMBER) {
      value = Number(raw);
      if (!Number.isFinite(value) || (def.type === INTEGER && !Number.isInteger(value))) return { error: `${key} must be a number` };
      if (def.min_value !== undefined && value < def.min_value) return { error: `${key} must be at least ${def.min_value}` };
      if (def.max_value !== undefined && value > def.max_value) return { error: `${key} must be at most ${def.max_value}` };
    } else if (def.type === BOOLEAN) value = raw === 'true';
    else if (def.type === CHANNEL) {
      const channel = channels.find((c) => c.id === raw.replace(/^<#|>$/g, '') || `#${c.name}` === raw || c.name === raw);
      if (!channel) return { error: `${key}: no channel ${raw}. Channels: ${channels.map((c) => `#${c.name}`).join(' ')}` };
      value = channel.id;
    }
    else if (def.type === ROLE) {
      value = raw.replace(/^<@&|>$/g, '');
      if (!/^\d{17,20}$/.test(value)) return { error: `${key} must be a role id, such as <@&123456789012345678>` };
    } else if (def.type === USER) {
      const member = members.find((m) => m.id === raw.replace(/^<@!?|>$/g, '') || m.username === raw.replace(/^@/, ''));
      if (!member) return { error: `${key}: no member ${raw}. Members: ${members.map((m) => `@${m.username}`).join(' ')}` };
      value = member.id;
    } else if (def.type !== STRING) return { error: `${key}: this option type is not supported by the sandbox` };
    if (def.choices && !def.choices.some((c) => c.value === value)) return { error: `${key} must be one of: ${def.choices.map((c) => c.value).join(', ')}` };
    options.push({ name: key, type: def.type, value });
  }
  const fileOption = defs.find((d) => d.type === ATTACHMENT);
  if (fileOption && attachmentId) options.push({ name: fileOption.name, type: ATTACHMENT, value: attachmentId });
  const missing = defs.filter((d) => d.required && !options.some((o) => o.name === d.name));
  if (missing.some((d) => d.type === ATTACHMENT)) return { error: 'Attach a file with the 📎 button first' };
  if (missing.length) return { error: `Missing required option: ${missing.map((d) => d.name).join(', ')}` };
  return { name: command.name, options: wrap.reduceRight((acc, w) => w(acc), options) };
}
