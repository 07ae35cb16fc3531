import { randomBytes } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import pLimit from 'p-limit';
import { chartFontsSupport, renderAccuracyChart } from '../charts/accuracy.js';
import { currentRecap, dueRecap, type RecapWeek } from '../domain/recap.js';
import type { Locale } from '../domain/question.js';
import { ChannelUnavailableError } from '../discord/poster.js';
import { recapEmbed, renderRecapPost, tagLabel } from '../discord/render/plan.js';
import { t } from '../i18n/index.js';
import { getSettings, type DailySettingsRow } from '../store/daily.js';
import { getPlan } from '../store/plan.js';
import * as store from '../store/recap.js';
import type { RecapRow, RecapSummary } from '../store/recap.js';
import { getServerSettings } from '../store/settings.js';
import type { SchedulerDeps } from './deps.js';

export type RecapOutcome = { status: 'posted' | 'exists'; recap: RecapRow } | { status: 'failed' | 'noChannel' | 'nothing' };

/**
 * Posts each server's weekly recap in its daily challenge's channel, when domain/recap.ts says it
 * is due: a sweep every minute and one at start-up (what fell due while the bot was down). As with
 * the daily, the store decides: one recap per server per week, claimed before it is sent, a dead
 * poster's claim taken over by exactly one process, so ticks, restarts or two processes post once.
 */
export class RecapScheduler {
  private task?: ScheduledTask;
  private readonly limit = pLimit(20);

  constructor(private readonly deps: SchedulerDeps) {}

  start() {
    this.task = cron.schedule('* * * * *', () => void this.tick().catch((err) => this.deps.log.error({ err }, 'recap sweep failed')), { name: 'recap-sweep' });
  }

  stop() {
    void this.task?.destroy();
    this.task = undefined;
  }

  private owned = (guildId: string) => this.deps.owns?.(guildId) ?? true;

  /** Posts every recap due at `now` and not yet posted; returns how many were posted. */
  async tick(now = this.deps.clock()): Promise<number> {
    const servers = (await this.deps.db.dailySettings.findMany()).filter((s) => this.owned(s.guildId)) as DailySettingsRow[];
    const outcomes = await Promise.all(
      servers.map((s) =>
        this.limit(async () => {
          const week = dueRecap(now, s.timezone, await getPlan(this.deps.db, s.guildId), (await getServerSettings(this.deps.db, s.guildId)).recap);
          return week ? this.ensurePosted(s, week) : ({ status: 'nothing' } as const);
        }).catch((err) => {
          this.deps.log.error({ err, guild: s.guildId }, 'recap post failed');
          return { status: 'failed' } as const;
        }),
      ),
    );
    return outcomes.filter((o) => o.status === 'posted').length;
  }

  /** /plan recap-now: the recap that is due, else the running week's so far (once per week as well). */
  async postNow(guildId: string): Promise<RecapOutcome> {
    const s = await getSettings(this.deps.db, guildId);
    if (!s) return { status: 'noChannel' };
    const now = this.deps.clock();
    const plan = await getPlan(this.deps.db, guildId);
    const recap = (await getServerSettings(this.deps.db, guildId)).recap;
    const due = dueRecap(now, s.timezone, plan, recap);
    if (due) return this.ensurePosted(s, due);
    const running = currentRecap(now, s.timezone, plan, recap);
    return running ? this.ensurePosted(s, { ...running, weekKey: `now:${running.weekKey}` }) : { status: 'nothing' };
  }

  private async ensurePosted(s: DailySettingsRow, week: RecapWeek): Promise<RecapOutcome> {
    const { db, clock } = this.deps;
    const existing = await store.recapFor(db, s.guildId, week.weekKey);
    if (existing && (existing.messageId || existing.failedAt || !(await store.takeOverRecap(db, existing, clock())))) return { status: 'exists', recap: existing };
    const settings = await getServerSettings(db, s.guildId);
    const locale = (settings.language === 'member' ? s.locale : settings.language) as Locale;
    const summary = await store.recapFigures(db, s.guildId, week, (id) => this.deps.catalog.get(id)?.tags);
    const recap: RecapRow = existing ?? { id: randomBytes(9).toString('base64url'), guildId: s.guildId, weekKey: week.weekKey, channelId: s.channelId, summary: JSON.stringify(summary), locale, createdAt: clock(), messageId: null, failedAt: null };
    // A quiet week without a plan (a server that just set up its daily, say) is recorded as decided and not posted.
    const quiet = !summary.participants && !week.planWeek && !week.weekKey.startsWith('now:');
    if (quiet) recap.failedAt = clock();
    if (!existing && (await store.claimRecap(db, recap)) === 'exists') return { status: 'exists', recap: (await store.recapFor(db, s.guildId, week.weekKey))! };
    if (quiet) return { status: 'nothing' };
    const chart = await this.chart(summary, locale);
    const missed = summary.missed ? this.deps.catalog.get(summary.missed.questionId) : undefined;
    // false once the post went out without its chart (Attach Files denied): that problem is not cleared
    let whole = true;
    const post = (withChart: boolean) => {
      whole = withChart || !chart;
      return this.deps.poster.send(recap.channelId, renderRecapPost(recapEmbed(summary, s.timezone, missed, locale, withChart), recap.id, locale), withChart && chart ? [{ name: 'recap.png', data: chart }] : []);
    };
    try {
      // Adopt a post that was sent but not recorded (a crash between send and record) instead of sending twice.
      const adopted = existing ? await this.deps.poster.findRecent(recap.channelId, `pm:${recap.id}`) : undefined;
      recap.messageId = adopted ?? (await post(Boolean(chart)).catch((err) => this.withoutChart(err, chart, s.guildId, locale, () => post(false))));
      await store.setRecapPosted(db, recap.id, { messageId: recap.messageId });
      if (whole) await this.deps.alerts?.cleared(s.guildId, recap.channelId, 'recap');
    } catch (err) {
      if (!(err instanceof ChannelUnavailableError)) throw err;
      await store.setRecapPosted(db, recap.id, { failedAt: clock() });
      await this.tellAdmins(s.guildId, locale, err);
      return { status: 'failed' };
    }
    this.deps.log.info({ guild: s.guildId, week: week.weekKey, participants: summary.participants }, 'weekly recap posted');
    return { status: 'posted', recap };
  }

  /**
   * A post with the chart refused for a permission: one more try without the chart (never more).
   * If that goes out, the missing permission was Attach Files, and the admins are told so.
   */
  private async withoutChart(err: unknown, chart: Buffer | undefined, guildId: string, locale: Locale, post: () => Promise<string>): Promise<string> {
    if (!chart || !(err instanceof ChannelUnavailableError) || !err.missing.includes('AttachFiles')) throw err;
    const id = await post();
    await this.tellAdmins(guildId, locale, new ChannelUnavailableError(err.channelId, err.code, ['AttachFiles']));
    return id;
  }

  private async tellAdmins(guildId: string, locale: Locale, err: ChannelUnavailableError) {
    if (this.deps.alerts) await this.deps.alerts.refused(guildId, locale, 'recap', err).catch((e) => this.deps.log.warn({ err: e, guild: guildId }, 'could not tell the admins'));
    else this.deps.log.warn({ guild: guildId, channel: err.channelId, missing: err.missing }, 'recap channel unavailable');
  }

  /** Accuracy per concept of the week; labels in English when no installed font draws Chinese. */
  async chart(summary: RecapSummary, locale: Locale): Promise<Buffer | undefined> {
    if (!summary.concepts.length || !summary.participants) return undefined;
    const labels: Locale = (await chartFontsSupport(locale)) ? locale : 'en-US';
    const bars = summary.concepts.map((c) => ({ label: tagLabel(c.tag, labels), accuracy: c.answers ? c.correct / c.answers : null, answers: c.answers }));
    return renderAccuracyChart({ title: t(labels, 'recap.chartTitle'), bars, locale: labels });
  }
}
