import { randomBytes } from 'node:crypto';
import { judgeChoice } from '../domain/practice.js';
import { shuffledOrder } from '../domain/picking.js';
import { focusPool } from '../domain/plan.js';
import { planFocus } from '../store/plan.js';
import type { DifficultyFilter, Locale, Question, TopicFilter } from '../domain/question.js';
import { basePoints, rankStandings, scoreRound } from '../domain/scoring.js';
import { ChannelUnavailableError } from '../discord/poster.js';
import { renderRoundQuestion, renderRoundReveal, renderStandings, type RoundView } from '../discord/render/round.js';
import { recordAnswer } from '../store/answers.js';
import * as store from '../store/rounds.js';
import { freshServerPacks } from '../store/packs.js';
import { serverScope } from '../store/settings.js';
import type { SchedulerDeps } from './deps.js';
import type { RoundQuestionRow, RoundRow } from '../store/rounds.js';

export interface RoundTiming {
  /** real milliseconds per "second" of the round: 1000 in production; tests shrink it */
  msPerSecond: number;
  /** before the first question */
  introMs: number;
  /** between a reveal and the next question */
  pauseMs: number;
  /** how often the open question's message is refreshed (answer count) */
  refreshMs: number;
}

export const DEFAULT_TIMING: RoundTiming = { msPerSecond: 1000, introMs: 3000, pauseMs: 5000, refreshMs: 5000 };

export interface RoundDeps extends SchedulerDeps {
  timing?: Partial<RoundTiming>;
}

/** Tells the member who started a round that it had to stop (kept in memory: best effort). */
export type AbortNotifier = (round: RoundRow) => Promise<unknown>;

interface Live {
  round: RoundRow;
  row: RoundQuestionRow;
  question: Question;
  /** members who answered an earlier question of this round: when all of them have answered, close early */
  expected: Set<string>;
  answered: Set<string>;
  timers: NodeJS.Timeout[];
}

export type StartResult = { status: 'started'; round: RoundRow } | { status: 'busy'; messageLink?: string } | { status: 'tooFew' };
export type AnswerResult = { status: 'locked'; position: number; questionId: string } | { status: 'closed' | 'duplicate' | 'unknown' };

/**
 * Runs live rounds. Every step is recorded in the store before it is acted on and guarded by a
 * unique constraint or a conditional update, so a restart (or a second process) resumes a round
 * without losing or repeating anything; timers only decide *when* a step runs.
 */
export class RoundRunner {
  private readonly live = new Map<string, Live>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly notifiers = new Map<string, AbortNotifier>();
  private readonly timing: RoundTiming;
  private stopped = false;

  constructor(private readonly deps: RoundDeps) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
  }

  async start(input: Omit<RoundRow, 'id' | 'status' | 'startedAt'>, notify?: AbortNotifier): Promise<StartResult> {
    if ((await this.pool(input)).length < Math.min(3, input.questionCount)) return { status: 'tooFew' };
    const round: RoundRow = { ...input, id: randomBytes(9).toString('base64url'), status: 'running', startedAt: this.deps.clock() };
    if ((await store.createRound(this.deps.db, round)) === 'busy') {
      const running = await store.runningRoundIn(this.deps.db, input.channelId);
      return { status: 'busy', messageLink: running?.messageId && `https://discord.com/channels/${input.guildId}/${input.channelId}/${running.messageId}` };
    }
    if (notify) this.notifiers.set(round.id, notify);
    // Not this process's server (an HTTP replica without the scheduler): the scheduler adopts it.
    if (this.owned(round.guildId)) this.later(round.id, this.timing.introMs, () => this.openNext(round, 0));
    return { status: 'started', round };
  }

  /** A member's click: recorded once, acknowledged without saying whether it was right. */
  async answer(roundQuestionId: string, position: number, userId: string, channelId: string, displayName?: string): Promise<AnswerResult> {
    const now = this.deps.clock();
    const live = this.live.get(roundQuestionId);
    const row = live?.row ?? (await store.findRoundQuestion(this.deps.db, roundQuestionId));
    const round = live?.round ?? (row && (await store.findRound(this.deps.db, row.roundId)));
    const question = row && this.deps.catalog.get(row.questionId);
    if (!row || !round || !question || round.channelId !== channelId) return { status: 'unknown' };
    const judged = judgeChoice(question, row.choiceOrder, position);
    if (!judged) return { status: 'unknown' };
    if (row.closedAt || round.status !== 'running' || now >= row.deadlineAt) return { status: 'closed' };
    const responseMs = Math.max(0, now.getTime() - row.openedAt.getTime());
    const saved = await recordAnswer(this.deps.db, {
      source: 'round',
      sourceId: row.id,
      userId,
      guildId: round.guildId,
      questionId: question.id,
      choiceIndex: judged.choiceIndex,
      correct: judged.correct,
      points: judged.correct ? basePoints(responseMs, this.allowedMs(round)) : 0,
      responseMs,
      answeredAt: now,
      displayName,
    });
    if (saved === 'duplicate') return { status: 'duplicate' };
    if (live) {
      live.answered.add(userId);
      if (live.expected.size > 0 && [...live.expected].every((u) => live.answered.has(u))) setImmediate(() => void this.close(row.id));
    }
    return { status: 'locked', position, questionId: question.id };
  }

  /** /quiz stop: the starter or a manager ends the round; the standings so far are posted and kept. */
  async stop(channelId: string, userId: string, canManage: boolean): Promise<'stopped' | 'notStarter' | 'none'> {
    const running = await store.runningRoundIn(this.deps.db, channelId);
    const round = running && (await store.findRound(this.deps.db, running.roundId));
    if (!round || round.status !== 'running') return 'none';
    if (round.starterId !== userId && !canManage) return 'notStarter';
    const current = await store.latestRoundQuestion(this.deps.db, round.id);
    if (current && !current.closedAt) await this.close(current.id, { last: true });
    await this.finish(round, 'stopped');
    return 'stopped';
  }

  private owned = (guildId: string) => this.deps.owns?.(guildId) ?? true;

  /** Whether this process already runs the round (a timer armed, or a question open). */
  private runs(roundId: string) {
    return this.pending.has(roundId) || [...this.live.values()].some((l) => l.round.id === roundId);
  }

  /**
   * After a restart: pick every running round of this process's servers up where the store says
   * it is. HTTP mode's scheduler calls it every few seconds to adopt rounds other replicas started.
   */
  async recover(): Promise<number> {
    const rounds = (await store.runningRounds(this.deps.db)).filter((r) => this.owned(r.guildId) && !this.runs(r.id));
    for (const round of rounds) {
      const latest = await store.latestRoundQuestion(this.deps.db, round.id);
      if (!latest) this.later(round.id, 0, () => this.openNext(round, 0));
      else if (!latest.closedAt) await this.resumeOpen(round, latest, { recovering: true });
      else if (latest.index + 1 < round.questionCount) this.later(round.id, this.timing.pauseMs, () => this.openNext(round, latest.index + 1));
      else await this.finish(round);
    }
    if (rounds.length) this.deps.log.info({ rounds: rounds.length }, 'live rounds recovered');
    return rounds.length;
  }

  shutdown() {
    this.stopped = true;
    for (const t of this.pending.values()) clearTimeout(t);
    for (const live of this.live.values()) live.timers.forEach(clearTimeout);
    this.pending.clear();
    this.live.clear();
  }

  private allowedMs = (round: RoundRow) => round.secondsPerQuestion * this.timing.msPerSecond;

  /** The questions this round may ask: its filter, within what its server serves. */
  private async pool(round: { guildId: string; topic: string; difficulty: string }) {
    await freshServerPacks(this.deps.db, this.deps.catalog, round.guildId);
    return this.deps.catalog.filter(round.topic as TopicFilter, round.difficulty as DifficultyFilter, await serverScope(this.deps.db, round.guildId));
  }

  private later(key: string, ms: number, step: () => Promise<void>) {
    if (this.stopped) return;
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        step().catch((err) => this.deps.log.error({ err, round: key }, 'round step failed'));
      }, ms),
    );
  }

  private async openNext(round: RoundRow, index: number) {
    const used = new Set((await this.deps.db.roundQuestion.findMany({ where: { roundId: round.id }, select: { questionId: true } })).map((r) => r.questionId));
    // Without a topic, a running study plan's week comes first, until the round has asked all of it.
    const focus = round.topic === 'any' ? await planFocus(this.deps.db, round.guildId, this.deps.clock()) : [];
    const pool = focusPool((await this.pool(round)).filter((q) => !used.has(q.id)), focus, () => 0);
    const question = pool[Math.floor(this.deps.rng() * pool.length)];
    if (!question || index >= round.questionCount) return this.finish(round);
    const now = this.deps.clock();
    const row: RoundQuestionRow = {
      id: randomBytes(9).toString('base64url'),
      roundId: round.id,
      index,
      questionId: question.id,
      choiceOrder: shuffledOrder(question.choices.length, this.deps.rng),
      openedAt: now,
      deadlineAt: new Date(now.getTime() + this.allowedMs(round)),
      closedAt: null,
      messageId: null,
    };
    if ((await store.openRoundQuestion(this.deps.db, row)) === 'taken') return;
    await this.resumeOpen(round, row);
  }

  /** Sends the question if it was not sent yet, then arms its deadline and refresh timers. */
  private async resumeOpen(round: RoundRow, row: RoundQuestionRow, opts: { recovering?: boolean } = {}) {
    const question = this.deps.catalog.get(row.questionId);
    if (!question) return this.finish(round);
    const answers = await store.roundAnswers(this.deps.db, round.id);
    const live: Live = {
      round,
      row,
      question,
      expected: new Set(answers.filter((a) => a.questionIndex < row.index).map((a) => a.userId)),
      answered: new Set(answers.filter((a) => a.questionIndex === row.index).map((a) => a.userId)),
      timers: [],
    };
    this.live.set(row.id, live);
    if (!row.messageId) {
      try {
        // A process killed between sending the question and recording it: adopt what it sent.
        if (opts.recovering) row.messageId = (await this.deps.poster.findRecent(round.channelId, `ra:${row.id}:`)) ?? null;
        row.messageId ??= await this.deps.poster.send(round.channelId, renderRoundQuestion(question, this.view(round, row), live.answered.size, round.locale as Locale));
        await store.setQuestionMessage(this.deps.db, row.id, row.messageId);
      } catch (err) {
        return this.abortOn(err, round, row);
      }
    }
    const untilDeadline = Math.max(0, row.deadlineAt.getTime() - this.deps.clock().getTime());
    live.timers.push(setTimeout(() => void this.close(row.id).catch((err) => this.deps.log.error({ err }, 'closing a question failed')), untilDeadline));
    const refresh = setInterval(() => void this.refresh(live), this.timing.refreshMs);
    live.timers.push(refresh);
  }

  private async refresh(live: Live) {
    const { round, row, question } = live;
    if (row.closedAt || !row.messageId) return;
    await this.deps.poster
      .edit(round.channelId, row.messageId, renderRoundQuestion(question, this.view(round, row), live.answered.size, round.locale as Locale))
      .catch((err) => this.deps.log.warn({ err, round: round.id }, 'countdown refresh failed'));
  }

  /** Closes a question exactly once: reveal, final points for its answers, then the next step. */
  async close(roundQuestionId: string, opts: { last?: boolean } = {}) {
    const live = this.live.get(roundQuestionId);
    const row = live?.row ?? (await store.findRoundQuestion(this.deps.db, roundQuestionId));
    if (!row) return;
    const now = this.deps.clock();
    if (!(await store.claimClose(this.deps.db, row.id, now))) return;
    row.closedAt = now;
    live?.timers.forEach((t) => clearTimeout(t));
    this.live.delete(row.id);
    const round = live?.round ?? (await store.findRound(this.deps.db, row.roundId));
    const question = this.deps.catalog.get(row.questionId);
    if (!round || !question) return;

    const answers = await store.roundAnswers(this.deps.db, round.id);
    const scores = scoreRound(answers, this.allowedMs(round), row.index + 1);
    const perAnswer = answers
      .filter((a) => a.questionIndex === row.index)
      .map((a) => ({ id: a.id, points: scores.find((s) => s.userId === a.userId)?.perQuestion.get(row.index) ?? 0 }));
    await store.setAnswerPoints(this.deps.db, perAnswer);

    const mine = answers.filter((a) => a.questionIndex === row.index);
    const counts = question.choices.map((_, i) => mine.filter((a) => a.choiceIndex === i).length);
    const fastest = mine.filter((a) => a.correct).sort((a, b) => a.responseMs - b.responseMs)[0];
    const last = opts.last || row.index + 1 >= round.questionCount || round.status !== 'running';
    if (row.messageId) {
      await this.deps.poster
        .edit(round.channelId, row.messageId, renderRoundReveal(question, this.view(round, row), { counts, fastest, last }, round.locale as Locale))
        .catch((err) => (err instanceof ChannelUnavailableError ? this.abortOn(err, round, row) : this.deps.log.warn({ err }, 'reveal edit failed')));
    }
    if (opts.last) return;
    if (row.index + 1 < round.questionCount) this.later(round.id, this.timing.pauseMs, () => this.openNext(round, row.index + 1));
    else await this.finish(round);
  }

  private async finish(round: RoundRow, reason?: 'stopped') {
    if (!(await store.endRound(this.deps.db, round.id, 'finished', this.deps.clock(), reason))) return;
    round.status = 'finished';
    const standings = await this.saveStandings(round);
    await this.deps.poster.send(round.channelId, renderStandings(standings, reason === 'stopped', round.locale as Locale)).catch((err) => this.deps.log.warn({ err, round: round.id }, 'standings could not be posted'));
    this.deps.log.info({ round: round.id, players: standings.length, reason }, 'round finished');
  }

  /** Standings from the closed questions' answers, saved for the leaderboards. */
  private async saveStandings(round: RoundRow) {
    clearTimeout(this.pending.get(round.id));
    this.notifiers.delete(round.id);
    const answers = await store.roundAnswers(this.deps.db, round.id);
    const closed = await this.deps.db.roundQuestion.count({ where: { roundId: round.id, closedAt: { not: null } } });
    const standings = rankStandings(scoreRound(answers, this.allowedMs(round), closed));
    await store.saveResults(this.deps.db, round.id, standings.map(({ userId, points, correct, bestStreak, rank }) => ({ userId, points, correct, bestStreak, rank })));
    return standings;
  }

  private async abortOn(err: unknown, round: RoundRow, row: RoundQuestionRow) {
    if (!(err instanceof ChannelUnavailableError)) throw err;
    this.deps.log.warn({ round: round.id, channel: round.channelId, code: err.code }, 'round aborted: channel unavailable');
    const live = this.live.get(row.id);
    live?.timers.forEach(clearTimeout);
    this.live.delete(row.id);
    await store.claimClose(this.deps.db, row.id, this.deps.clock());
    if (await store.endRound(this.deps.db, round.id, 'aborted', this.deps.clock(), 'round.abortedNotice')) {
      round.status = 'aborted';
      const notify = this.notifiers.get(round.id);
      await this.saveStandings(round);
      await notify?.(round).catch((e) => this.deps.log.warn({ err: e, round: round.id }, 'could not tell the starter'));
    }
  }

  private view(round: RoundRow, row: RoundQuestionRow): RoundView {
    return { questionId: row.questionId, roundQuestionId: row.id, index: row.index, count: round.questionCount, order: row.choiceOrder, deadlineAt: row.deadlineAt };
  }
}
