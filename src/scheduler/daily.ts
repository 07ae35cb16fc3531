import { randomBytes } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import pLimit from 'p-limit';
import { dueDate, localDateOf } from '../domain/daily.js';
import { pickQuestion, shuffledOrder } from '../domain/picking.js';
import { focusPool } from '../domain/plan.js';
import { planFocus } from '../store/plan.js';
import type { DifficultyFilter, Locale, TopicFilter } from '../domain/question.js';
import { ChannelUnavailableError, ThreadRefusedError } from '../discord/poster.js';
import { renderDailyPost, renderDailyReveal } from '../discord/render/daily.js';
import { t } from '../i18n/index.js';
import { freshServerPacks } from '../store/packs.js';
import { getServerSettings, scopeOf } from '../store/settings.js';
import * as store from '../store/daily.js';
import type { ChallengeRow, DailySettingsRow } from '../store/daily.js';
import type { SchedulerDeps } from './deps.js';
import { AdminAlerts } from './admin-alerts.js';

export interface DailyDeps extends SchedulerDeps {
  /** the guild's system channel, where admins are told about a failed post (once) */
  systemChannelOf: (guildId: string) => Promise<string | undefined>;
  /** how long after an answer the post's public count is refreshed (10 s) */
  refreshMs?: number;
  /** told of each post sent or failed (metrics) */
  onPost?: (outcome: 'sent' | 'failed') => void;
}

export type PostOutcome = { status: 'posted' | 'exists'; challenge: ChallengeRow } | { status: 'failed' } | { status: 'none' };

/**
 * Posts each server's daily challenge. Each server has a node-cron task at its time in its own
 * time zone; a sweep every minute (and one at start-up, for what was missed while the bot was
 * down) backs them up: node-cron cannot fire at a wall time that a daylight-saving jump skips, and
 * does not re-run what it missed. Either way the post is what domain/daily.ts says is due and
 * not yet posted. The store decides: one challenge per server per local date, claimed before it is
 * sent, so ticks, retries or a second process never post twice; one failing server never holds up
 * the others.
 */
export class DailyScheduler {
  private task?: ScheduledTask;
  private readonly perServer = new Map<string, ScheduledTask>();
  private readonly refreshes = new Map<string, NodeJS.Timeout>();
  /**
   * Servers handled at once. Discord takes 50 requests/s, so more gains nothing; and Prisma batches
   * concurrent findUnique calls into one query, which with 1,000 servers exceeded SQLite's limit on
   * query parameters (found by the fan-out benchmark).
   */
  private readonly limit = pLimit(50);

  private readonly alerts: AdminAlerts;

  constructor(private readonly deps: DailyDeps) {
    this.alerts = deps.alerts ?? new AdminAlerts(deps);
  }

  async start() {
    this.task = cron.schedule('* * * * *', () => void this.tick().catch((err) => this.deps.log.error({ err }, 'daily sweep failed')), { name: 'daily-sweep' });
    for (const s of await this.ownedSettings()) this.scheduleServer(s);
  }

  /** (Re)arms a server's own task after its settings changed; a paused server has none. */
  scheduleServer(s: DailySettingsRow) {
    void this.perServer.get(s.guildId)?.destroy();
    this.perServer.delete(s.guildId);
    if (!this.task || s.paused || !this.owned(s.guildId)) return;
    const [hour, minute] = s.time.split(':').map(Number);
    const run = () =>
      void (async () => {
        const fresh = await store.getSettings(this.deps.db, s.guildId);
        const date = fresh && !fresh.paused ? dueDate(this.deps.clock(), fresh) : undefined;
        if (fresh && date) await this.ensurePosted(fresh, date);
      })().catch((err) => this.deps.log.error({ err, guild: s.guildId }, 'daily post failed'));
    this.perServer.set(s.guildId, cron.schedule(`${minute} ${hour} * * *`, run, { timezone: s.timezone, name: `daily-${s.guildId}` }));
  }

  private owned = (guildId: string) => this.deps.owns?.(guildId) ?? true;

  /** The servers whose posts this process makes (its shards' servers, or all of them). */
  private async ownedSettings() {
    return (await store.activeSettings(this.deps.db)).filter((s) => this.owned(s.guildId));
  }

  stop() {
    void this.task?.destroy();
    this.task = undefined;
    for (const t of this.perServer.values()) void t.destroy();
    this.perServer.clear();
    for (const timer of this.refreshes.values()) clearTimeout(timer);
    this.refreshes.clear();
  }

  /** Posts every challenge that is due at `now` and missing; returns how many were posted. */
  async tick(now = this.deps.clock()): Promise<number> {
    const due = (await this.ownedSettings()).flatMap((s) => {
      const date = dueDate(now, s);
      return date ? [{ s, date }] : [];
    });
    // Every server's post first; threads and yesterday's reveals after, so under Discord's global
    // limit no post waits behind another server's thread.
    const followUps: (() => Promise<void>)[] = [];
    const outcomes = await Promise.all(
      due.map(({ s, date }) =>
        this.limit(() => this.ensurePosted(s, date, (f) => followUps.push(f))).catch((err) => {
          this.deps.log.error({ err, guild: s.guildId }, 'daily post failed');
          return { status: 'failed' } as const;
        }),
      ),
    );
    await Promise.all(followUps.map((f) => this.limit(f)));
    return outcomes.filter((o) => o.status === 'posted').length;
  }

  /** /daily post-now: today's challenge, posted now if it is not out yet. */
  async postToday(guildId: string): Promise<PostOutcome> {
    const settings = await store.getSettings(this.deps.db, guildId);
    if (!settings) return { status: 'none' };
    return this.ensurePosted(settings, localDateOf(this.deps.clock(), settings.timezone));
  }

  private async ensurePosted(s: DailySettingsRow, localDate: string, later?: (followUp: () => Promise<void>) => void): Promise<PostOutcome> {
    let existing = await store.challengeFor(this.deps.db, s.guildId, localDate);
    let retried = false;
    if (existing?.failedAt && existing.channelId !== s.channelId) {
      // The admins picked another channel after today's post failed: try again there.
      existing = { ...existing, channelId: s.channelId, failedAt: null };
      await store.retarget(this.deps.db, existing.id, s.channelId);
      retried = true;
    }
    if (existing?.messageId || existing?.failedAt) return { status: 'exists', challenge: existing };
    // Claimed, not yet posted: another tick or process is posting it now, unless its claim is old
    // (that poster died), and then exactly one of those who notice takes it over.
    if (existing && !retried && !(await store.takeOverClaim(this.deps.db, existing, this.deps.clock()))) return { status: 'exists', challenge: existing };
    const challenge = existing ?? (await this.claim(s, localDate));
    if (!challenge) return { status: 'exists', challenge: (await store.challengeFor(this.deps.db, s.guildId, localDate))! };
    const question = this.deps.catalog.get(challenge.questionId);
    if (!question) return { status: 'failed' };
    try {
      // Adopt a post that was sent but not recorded (a crash between send and record) instead of sending twice.
      const adopted = existing ? await this.deps.poster.findRecent(challenge.channelId, `da:${challenge.id}:`) : undefined;
      challenge.messageId = adopted ?? (await this.deps.poster.send(challenge.channelId, renderDailyPost(question, this.view(challenge), 0, challenge.locale as Locale)));
      await store.setPosted(this.deps.db, challenge.id, { messageId: challenge.messageId });
      if (!adopted) this.deps.onPost?.('sent');
      if (s.problem) {
        await store.clearProblemNote(this.deps.db, s.guildId);
        await this.alerts.cleared(s.guildId, challenge.channelId, 'daily');
      }
    } catch (err) {
      if (!(err instanceof ChannelUnavailableError)) throw err;
      this.deps.onPost?.('failed');
      // Recorded as failed: no tick retries it today; tomorrow's post tries again (or another channel after /daily setup).
      await store.setPosted(this.deps.db, challenge.id, { failedAt: this.deps.clock() });
      await this.alertAdmins(s, challenge, err);
      return { status: 'failed' };
    }
    const followUp = async () => {
      // One try per post: a thread Discord refuses (one exists, the channel type allows none, no
      // permission) leaves the post without one; the admins hear of a missing permission once.
      await this.deps.poster
        .startThread(challenge.channelId, challenge.messageId!, t(challenge.locale as Locale, 'daily.threadName', { n: challenge.number }))
        .then((threadId) => store.setPosted(this.deps.db, challenge.id, { threadId }))
        .catch(async (err) => {
          if (err instanceof ChannelUnavailableError) await this.alerts.refused(s.guildId, challenge.locale as Locale, 'dailyThread', err);
          else this.deps.log.warn({ err, guild: s.guildId, code: err instanceof ThreadRefusedError ? err.code : undefined }, 'daily posted without a thread');
        })
        .catch((err) => this.deps.log.warn({ err, guild: s.guildId }, 'daily thread problem not recorded'));
      for (const old of await store.openChallenges(this.deps.db, s.guildId, challenge.id)) await this.close(old);
    };
    if (later) later(followUp);
    else await followUp();
    this.deps.log.info({ guild: s.guildId, date: localDate, number: challenge.number, adopted: Boolean(existing) }, 'daily challenge posted');
    return { status: 'posted', challenge };
  }

  /** Records the intent to post (the unique constraints decide between racing ticks). */
  private async claim(s: DailySettingsRow, localDate: string): Promise<ChallengeRow | undefined> {
    await freshServerPacks(this.deps.db, this.deps.catalog, s.guildId);
    const settings = await getServerSettings(this.deps.db, s.guildId);
    const pool = this.deps.catalog.filter(s.topic as TopicFilter, s.difficulty as DifficultyFilter, scopeOf(s.guildId, settings));
    const used = await store.dailyUseCounts(this.deps.db, s.guildId);
    // Without a topic, a running study plan's week comes first, until its questions have all been dailies.
    const focus = s.topic === 'any' ? await planFocus(this.deps.db, s.guildId, this.deps.clock()) : [];
    const candidates = focusPool(pool, focus, (id) => used.get(id) ?? 0);
    const questionId = pickQuestion(candidates.map((q) => ({ id: q.id, timesShown: used.get(q.id) ?? 0 })), this.deps.rng);
    const question = questionId ? this.deps.catalog.get(questionId) : undefined;
    if (!question) return undefined;
    const challenge: ChallengeRow = {
      id: randomBytes(9).toString('base64url'),
      guildId: s.guildId,
      localDate,
      number: (await store.latestNumber(this.deps.db, s.guildId)) + 1,
      questionId: question.id,
      choiceOrder: shuffledOrder(question.choices.length, this.deps.rng),
      channelId: s.channelId,
      // The server's language when it pins one, else the language of the admin who set the daily up.
      locale: settings.language === 'member' ? s.locale : settings.language,
      createdAt: this.deps.clock(),
      messageId: null,
      threadId: null,
      closedAt: null,
      failedAt: null,
    };
    return (await store.claimChallenge(this.deps.db, challenge)) === 'claimed' ? challenge : undefined;
  }

  /** Closes a challenge once and edits its post to reveal the answer. */
  private async close(challenge: ChallengeRow) {
    if (!(await store.claimDailyClose(this.deps.db, challenge.id, this.deps.clock()))) return;
    clearTimeout(this.refreshes.get(challenge.id));
    const question = this.deps.catalog.get(challenge.questionId);
    if (!question || !challenge.messageId) return;
    const answers = await store.dailyAnswerStats(this.deps.db, challenge.id);
    const correct = answers.filter((a) => a.correct);
    const fastest = correct.sort((a, b) => a.responseMs - b.responseMs).slice(0, 3).map((a) => a.userId);
    await this.deps.poster
      .edit(challenge.channelId, challenge.messageId, renderDailyReveal(question, this.view(challenge), { answered: answers.length, correct: correct.length, fastest }, challenge.locale as Locale))
      .catch((err) => this.deps.log.warn({ err, guild: challenge.guildId }, 'daily reveal not edited'));
  }

  /** After an answer: refresh the public count, at most every 10 seconds per post. */
  noteAnswer(challenge: ChallengeRow) {
    if (this.refreshes.has(challenge.id)) return;
    this.refreshes.set(
      challenge.id,
      setTimeout(() => {
        this.refreshes.delete(challenge.id);
        this.refreshCount(challenge.id).catch((err) => this.deps.log.warn({ err, guild: challenge.guildId }, 'daily count not refreshed'));
      }, this.deps.refreshMs ?? 10_000),
    );
  }

  private async refreshCount(challengeId: string) {
    const fresh = await store.findChallenge(this.deps.db, challengeId);
    const question = fresh && this.deps.catalog.get(fresh.questionId);
    if (!question || !fresh?.messageId || fresh.closedAt) return;
    const answered = await this.deps.db.answer.count({ where: { source: 'daily', sourceId: challengeId } });
    await this.deps.poster.edit(fresh.channelId, fresh.messageId, renderDailyPost(question, this.view(fresh), answered, fresh.locale as Locale));
  }

  /** /daily status shows the problem; the admins are told once what the post needed where. */
  private async alertAdmins(s: DailySettingsRow, challenge: ChallengeRow, err: ChannelUnavailableError) {
    await store.recordProblem(this.deps.db, s.guildId, 'daily.problemNote');
    await this.alerts.refused(s.guildId, challenge.locale as Locale, 'daily', err);
  }

  private view = (c: ChallengeRow) => ({ id: c.id, number: c.number, order: c.choiceOrder });
}
