import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ButtonInteraction, ChatInputCommandInteraction, ModalSubmitInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Logger } from 'pino';
import type { QuestionCatalog } from '../src/domain/catalog.js';
import type { Rng } from '../src/domain/picking.js';
import type { Locale } from '../src/domain/question.js';
import type { ServerSettings } from '../src/domain/settings.js';
import type { Responder } from '../src/discord/responder.js';
import type { DailyScheduler } from '../src/scheduler/daily.js';
import type { RecapScheduler } from '../src/scheduler/recap.js';
import type { ReviewUpdater } from '../src/scheduler/reviews.js';
import type { RoundRunner } from '../src/scheduler/rounds.js';
import type { Db } from '../src/store/client.js';

/** What every handler may use; passed in, never imported, so tests hand in their own. */
export interface AppContext {
  db: Db;
  catalog: QuestionCatalog;
  log: Logger;
  /** the store's notion of now: injected so tests can move time */
  clock: () => Date;
  rng: Rng;
  rounds: RoundRunner;
  daily: DailyScheduler;
  reviews: ReviewUpdater;
  recaps: RecapScheduler;
}

export interface InteractionContext extends AppContext {
  locale: Locale;
  /** the server's settings (the defaults outside a server) */
  settings: ServerSettings;
  respond: Responder;
}

export type ButtonHandler = (interaction: ButtonInteraction, args: string[], ctx: InteractionContext) => Promise<void>;

export type ModalHandler = (interaction: ModalSubmitInteraction, args: string[], ctx: InteractionContext) => Promise<void>;

export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** replies only the member sees (decides how a slow reply is deferred) */
  ephemeral?: boolean | ((interaction: ChatInputCommandInteraction, settings: ServerSettings) => boolean);
  execute(interaction: ChatInputCommandInteraction, ctx: InteractionContext): Promise<void>;
  /** button handlers by the custom_id kind they own */
  buttons?: Record<string, ButtonHandler>;
  /** modal-submit handlers by the custom_id kind of the modal they own */
  modals?: Record<string, ModalHandler>;
}

/** Why a module is not a command, or undefined when it is one. */
export function whyNotACommand(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'has no default export object';
  const c = value as Partial<Command>;
  if (typeof c.data !== 'object' || c.data === null) return 'has no `data` (the command definition)';
  if (typeof c.data.name !== 'string' || !/^[-_a-z0-9]{1,32}$/.test(c.data.name)) return '`data.name` must be 1-32 lower-case letters, digits, - or _';
  if (typeof c.data.description !== 'string' || c.data.description.length < 1 || c.data.description.length > 100) return '`data.description` must be 1-100 characters';
  if (typeof c.execute !== 'function') return 'has no `execute` function';
  if (c.buttons !== undefined && (typeof c.buttons !== 'object' || Object.values(c.buttons).some((h) => typeof h !== 'function'))) return '`buttons` must map custom_id kinds to functions';
  if (c.modals !== undefined && (typeof c.modals !== 'object' || Object.values(c.modals).some((h) => typeof h !== 'function'))) return '`modals` must map custom_id kinds to functions';
  return undefined;
}

export const COMMANDS_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Loads every command file beside this one; a malformed module stops start-up naming its file. */
export async function loadCommands(dir = COMMANDS_DIR): Promise<Command[]> {
  const files = (await readdir(dir)).filter((f) => /\.[cm]?[tj]s$/.test(f) && !f.endsWith('.d.ts') && basename(f).split('.')[0] !== 'index').sort();
  const commands: Command[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(`${dir}/${file}`).href)) as { default?: unknown };
    const why = whyNotACommand(mod.default);
    if (why) problems.push(`commands/${file} ${why}`);
    else commands.push(mod.default as Command);
  }
  const names = commands.map((c) => c.data.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) problems.push(`two command files define /${dup}`);
  const kinds = commands.flatMap((c) => [...Object.keys(c.buttons ?? {}), ...Object.keys(c.modals ?? {})]);
  const dupKind = kinds.find((k, i) => kinds.indexOf(k) !== i);
  if (dupKind) problems.push(`two command files handle the button kind "${dupKind}"`);
  if (problems.length) throw new Error(`Invalid command modules:\n  ${problems.join('\n  ')}`);
  return commands;
}
