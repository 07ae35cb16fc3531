import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Interaction } from 'discord.js';
import type { AppContext, ButtonHandler, Command, ModalHandler } from '../../commands/index.js';
import { localeFor } from '../domain/locale.js';
import { DEFAULT_SETTINGS } from '../domain/settings.js';
import { freshServerPacks } from '../store/packs.js';
import { getServerSettings } from '../store/settings.js';
import { t } from '../i18n/index.js';
import { UserError } from '../i18n/user-error.js';
import { Cooldown } from './cooldown.js';
import { decodeCustomId } from './custom-id.js';
import { Responder } from './responder.js';
import { InteractionGoneError } from './interaction-gone.js';

/** The one line logged when Discord says an interaction can no longer be answered. */
const GONE_MESSAGES = {
  10062: 'interaction expired before it was acknowledged (10062): nothing more is sent for it',
  40060: 'interaction already acknowledged (40060): nothing more is sent for it',
  50027: 'interaction token expired (50027, older than 15 minutes): nothing more is sent for it',
} as const;

/** A slow handler is deferred after this long, inside Discord's 3-second limit. */
const SAFETY_DEFER_MS = 2000;

export interface RouterStats {
  handled: number;
  userErrors: number;
  failures: number;
  cooledDown: number;
}

/**
 * The single entry for interactions and the single error boundary: a UserError is shown to the
 * member in their language; anything else is logged with its context and answered with a generic
 * apology carrying a short incident id. Nothing thrown here escapes to the client.
 */
/** Told how each interaction ended (metrics): a command name or `button:<kind>` of the registry, or `unknown`. */
export type HandledObserver = (command: string, outcome: 'ok' | 'user_error' | 'failure' | 'cooled_down', seconds: number) => void;

export function createRouter(commands: Command[], app: AppContext, opts: { cooldown?: Cooldown; onHandled?: HandledObserver } = {}) {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const buttons = new Map<string, { command: Command; handler: ButtonHandler }>();
  for (const command of commands) for (const [kind, handler] of Object.entries(command.buttons ?? {})) buttons.set(kind, { command, handler });
  const modals = new Map<string, { command: Command; handler: ModalHandler }>();
  for (const command of commands) for (const [kind, handler] of Object.entries(command.modals ?? {})) modals.set(kind, { command, handler });
  const stats: RouterStats = { handled: 0, userErrors: 0, failures: 0, cooledDown: 0 };
  const cooldown = opts.cooldown ?? new Cooldown();

  async function handle(interaction: Interaction): Promise<void> {
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
    const started = performance.now();
    const button = interaction.isButton() ? decodeCustomId(interaction.customId) : undefined;
    const route = button ? buttons.get(button.kind) : undefined;
    // A modal's submit carries the modal's custom_id (ids only, like a button's).
    const form = interaction.isModalSubmit() ? decodeCustomId(interaction.customId) : undefined;
    const formRoute = form ? modals.get(form.kind) : undefined;
    const command = interaction.isChatInputCommand() ? byName.get(interaction.commandName) : (route ?? formRoute)?.command;
    const log = app.log.child({
      interaction: interaction.id,
      guild: interaction.guildId,
      channel: interaction.channelId,
      user: interaction.user.id,
      command: interaction.isChatInputCommand() ? interaction.commandName : form ? `modal:${form.kind}` : `button:${button?.kind}`,
    });
    // A member flooding the bot gets a polite wait, answered at once and in their own language,
    // before any store work: other members are not slowed by them.
    const wait = cooldown.take(interaction.user.id);
    const label = command ? (button ? `button:${button.kind}` : command.data.name) : 'unknown';
    const handled = (outcome: Parameters<HandledObserver>[1]) => opts.onHandled?.(label, outcome, (performance.now() - started) / 1000);
    if (wait) {
      stats.cooledDown++;
      handled('cooled_down');
      const reply = t(localeFor(interaction.locale), 'error.slowDown', { seconds: Math.max(1, Math.ceil(wait / 1000)) });
      await new Responder(interaction, true).private(reply).catch((err) => log.warn({ err }, 'could not ask the member to slow down'));
      return;
    }
    // The deadline guard is armed before anything can be slow (the store included): whatever
    // happens next, the interaction is acknowledged inside Discord's 3 seconds.
    // 10062 / 40060: one line with the context; what the handler recorded stays recorded once (the store's unique constraints).
    const onGone = (code: number) => log.warn({ code, ageMs: Date.now() - interaction.createdTimestamp }, GONE_MESSAGES[code as keyof typeof GONE_MESSAGES]);
    const respond = new Responder(interaction, typeof command?.ephemeral === 'function' ? interaction.isChatInputCommand() && command.ephemeral(interaction, DEFAULT_SETTINGS) : (command?.ephemeral ?? false), onGone);
    const watchdog = setTimeout(() => void respond.deferIfIdle().catch((err) => err instanceof InteractionGoneError || log.warn({ err }, 'safety defer failed')), SAFETY_DEFER_MS);
    let locale = localeFor(interaction.locale);
    stats.handled++;
    try {
      // The server's settings decide the language and some replies' visibility; read (from a cache,
      // mostly) before anything is said. If the store cannot answer, the defaults still let the member be told.
      const settings = interaction.guildId ? await getServerSettings(app.db, interaction.guildId).catch((err: unknown) => (log.warn({ err }, 'server settings unavailable'), DEFAULT_SETTINGS)) : DEFAULT_SETTINGS;
      if (interaction.guildId) await freshServerPacks(app.db, app.catalog, interaction.guildId).catch((err: unknown) => log.warn({ err }, 'server packs not refreshed'));
      if (settings.language !== 'member') locale = settings.language;
      if (typeof command?.ephemeral === 'function' && interaction.isChatInputCommand()) respond.ephemeral = command.ephemeral(interaction, settings);
      const ctx = { ...app, log, locale, settings, respond };
      if (interaction.isChatInputCommand()) {
        if (!command) throw new UserError('error.unknownCommand');
        await command.execute(interaction, ctx);
      } else if (interaction.isModalSubmit()) {
        if (!formRoute || !form) throw new UserError('report.unknownForm');
        await formRoute.handler(interaction, form.args, ctx);
      } else {
        if (!route || !button) throw new UserError('error.unknownButton');
        await route.handler(interaction, button.args, ctx);
      }
      handled('ok');
    } catch (err) {
      if (err instanceof InteractionGoneError || respond.gone) {
        // Already logged once (onGone); an apology could not be delivered either.
        stats.failures++;
        handled('failure');
      } else if (err instanceof UserError) {
        stats.userErrors++;
        handled('user_error');
        await respond.private(t(locale, err.key)).catch((e) => log.warn({ err: e }, 'could not tell the member'));
      } else {
        stats.failures++;
        handled('failure');
        const incident = randomBytes(4).toString('hex');
        log.error({ err, incident }, 'interaction failed');
        await respond.private(t(locale, 'error.internal', { incident })).catch((e) => log.warn({ err: e, incident }, 'could not apologise'));
      }
    } finally {
      clearTimeout(watchdog);
    }
  }

  return { handle, stats };
}
