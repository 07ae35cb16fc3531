import type { Logger } from 'pino';
import type { Locale } from '../domain/question.js';
import type { ChannelPermission, ChannelPoster, ChannelUnavailableError } from '../discord/poster.js';
import { t, type PlainKey } from '../i18n/index.js';
import type { Db } from '../store/client.js';
import { claimProblem, clearProblems } from '../store/problems.js';

/** The posts the bot makes on its own, which Discord may refuse. */
export type PostAction = 'daily' | 'dailyThread' | 'round' | 'standings' | 'recap';

export interface AdminAlertsDeps {
  db: Db;
  poster: ChannelPoster;
  log: Logger;
  clock: () => Date;
  /** the guild's system channel, where admins are told */
  systemChannelOf: (guildId: string) => Promise<string | undefined>;
}

const PERMISSION_NAMES: Record<ChannelPermission, PlainKey> = {
  ViewChannel: 'problem.permission.ViewChannel',
  SendMessages: 'problem.permission.SendMessages',
  EmbedLinks: 'problem.permission.EmbedLinks',
  AttachFiles: 'problem.permission.AttachFiles',
  CreatePublicThreads: 'problem.permission.CreatePublicThreads',
};
const ACTIONS: Record<PostAction, PlainKey> = {
  daily: 'problem.action.daily',
  dailyThread: 'problem.action.dailyThread',
  round: 'problem.action.round',
  standings: 'problem.action.standings',
  recap: 'problem.action.recap',
};
/** A deleted channel is news to the admins only for the posts they scheduled (a round's starter is told anyway). */
const GONE_TOLD = new Set<PostAction>(['daily', 'recap']);

/**
 * Tells a server's admins, in the server's language, what permission a refused post needed and
 * where ("I need Embed Links in #daily to post the daily challenge"): once per (server, problem),
 * whatever the number of ticks, rounds or processes (the store's primary key decides).
 */
export class AdminAlerts {
  constructor(private readonly deps: AdminAlertsDeps) {}

  /** The text the admins read for a refusal (undefined: nothing worth telling them). */
  message(locale: Locale, action: PostAction, err: ChannelUnavailableError): string | undefined {
    const channel = `<#${err.channelId}>`;
    const doing = t(locale, ACTIONS[action]);
    if (!err.missing.length) {
      if (!GONE_TOLD.has(action)) return undefined;
      return action === 'daily' ? t(locale, 'daily.problemAlert', { channel }) : t(locale, 'problem.gone', { channel, action: doing });
    }
    const permissions = t(locale, 'problem.list', { names: err.missing.map((p) => t(locale, PERMISSION_NAMES[p])) });
    return t(locale, 'problem.needs', { permissions, channel, action: doing });
  }

  /** Logs the refusal and tells the admins, the first time only; true when they were told now. */
  async refused(guildId: string, locale: Locale, action: PostAction, err: ChannelUnavailableError): Promise<boolean> {
    const { db, log, poster } = this.deps;
    log.warn({ guild: guildId, channel: err.channelId, action, code: err.code, missing: err.missing }, 'Discord refused a post');
    const text = this.message(locale, action, err);
    if (!text) return false;
    const problem = `${action}:${err.channelId}:${err.missing.join('+') || 'gone'}`;
    if (!(await claimProblem(db, guildId, problem, err.channelId, this.deps.clock()))) return false;
    const system = await this.deps.systemChannelOf(guildId).catch(() => undefined);
    if (!system || system === err.channelId) {
      log.warn({ guild: guildId, problem }, 'no other channel to tell the admins in');
      return false;
    }
    await poster
      .send(system, { content: text, embeds: [], components: [], allowed_mentions: { parse: [] } })
      .catch((e) => log.warn({ err: e, guild: guildId, problem }, 'could not alert the admins either'));
    return true;
  }

  /** Posting in the channel works again: a problem that comes back will be told again. */
  cleared(guildId: string, channelId: string, ...actions: PostAction[]) {
    return clearProblems(this.deps.db, guildId, channelId, actions);
  }
}
