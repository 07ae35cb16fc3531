import { randomBytes } from 'node:crypto';
import { judgeChoice } from '../domain/practice.js';
import { shuffledOrder } from '../domain/picking.js';
import { focusPool } from '../domain/plan.js';
import { planFocus } from '../store/plan.js';
import type { DifficultyFilter, Locale, Question, TopicFilter } from '../domain/question.js';
import { basePoints, scoreRound } from '../domain/scoring.js';
import { renderRoundQuestion, renderRoundReveal, type RoundView } from '../discord/render/round.js';
import { recordAnswer } from '../store/answers.js';
import * as store from '../store/rounds.js';
import { freshServerPacks } from '../store/packs.js';
import { serverScope } from '../store/settings.js';
import type { SchedulerDeps } from './deps.js';
import type { RoundQuestionRow, RoundRow } from '../store/rounds.js';
import { classifyRoundFailure, MAX_STEP_FAILURES } from './round-failures.js';
import { RoundStandings } from './round-standings.js';

export interface RoundTiming {
  /** real milliseconds per "second" of the round: 1000 in production; tests shrink it */
  msPerSecond: number;
  /** before the first question */
  introMs: number;
  /** between a reveal and the next question */
  pauseMs: number;
  /** how often the open question's message is refreshed (answer count) */
  refreshMs: number;
  /** how often the runner looks at the store for due steps */
  tickMs: number;
}

export const DEFAULT_TIMING: RoundTiming = { msPerSecond: 1000, introMs: 3000, pauseMs: 5000, refreshMs: 5000, tickMs: 250 };

export interface RoundDeps extends SchedulerDeps {
  timing?: Partial<RoundTiming>;
}

/** Tells the member who started a round that it had to stop (kept in memory: best effort). */
export type AbortNotifier = (round: RoundRow) => Promise<unknown>;

/** What this process knows of an open question, so a click costs one INSERT. */
interface Live {
  round: RoundRow;
  row: RoundQuestionRow;
  question: Question;
  /** members who answered an earlier question of this round: when all of them have answered, close early */
  expected: Set<string>;
  answered: Set<string>;
  refreshedAt: number;
  /** this process opened it: nobody else is about to send it */
  openedHere: boolean;
}

/**
 * A question that another process opened but has not sent after this long is sent here (its
 * opener died between recording and sending it); before that, the opener is still sending it.
 */
const UNSENT_GRACE_MS = 2000;


export type StartResult = { status: 'started'; round: RoundRow } | { status: 'busy'; messageLink?: string } | { status: 'tooFew' };
export type AnswerResult = { status: 'locked'; position: number; questionId: string } | { status: 'closed' | 'duplicate' | 'unknown' };

/**
 * Runs live rounds as a state machine kept in the store. A tick reads every running round of this
 * process's servers and performs the one step that is due (open, post, close, next, finish); every
 * step is a conditional statement ("still running", "not closed yet", a unique index), so a stop or
 * an end recorded by any process ends the round everywhere within one tick, a restart resumes where
 * the store says, and two processes that both try perform each step once. A failing step is
 * retried on the next tick; one that keeps failing, or a channel the bot lost, ends the round with
 * its standings, so no round stays "running".
 */
export class RoundRunner {
  private readonly live = new Map<string, Live>();
  /** rounds with a step under way, and that step */
  private readonly busy = new Map<string, Promise<void>>();
  private readonly failures = new Map<string, { count: number; retryAt: number }>();
  private readonly notifiers = new Map<string, AbortNotifier>();
  private readonly timing: RoundTiming;
  private readonly standings: RoundStandings;
  private ticker?: NodeJS.Timeout;
  private stopped = false;
  private ticked = false;

  constructor(private readonly deps: RoundDeps) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.standings = new RoundStandings(deps, this.timing);
  }

  /** Ticks every `tickMs` (tests that move the clock themselves call tick() instead). */
  startTicking() {
    this.ticker ??= setInterval(() => void this.tick().catch((err) => this.deps.log.error({ err }, 'round tick failed')), this.timing.tickMs);
  }

  shutdown() {
    this.stopped = true;
    clearInterval(this.ticker);
    this.live.clear();
  }

  async start(input: Omit<RoundRow, 'id' | 'status' | 'startedAt'>, notify?: AbortNotifier): Promise<StartResult> {
    if ((await this.pool(input)).length < Math.min(3, input.questionCount)) return { status: 'tooFew' };
    const round: RoundRow = { ...input, id: randomBytes(9).toString('base64url'), status: 'running', startedAt: this.deps.clock() };
    if ((await store.createRound(this.deps.db, round)) === 'busy') {
      const running = await store.runningRoundIn(this.deps.db, input.channelId);
      return { status: 'busy', messageLink: running?.messageId && `https://discord.com/channels/${input.guildId}/${input.channelId}/${running.messageId}` };
    }
    if (notify) this.notifiers.set(round.id, notify);
    // A new round in the channel: what the admins were told about its last one may be told again.
    await this.deps.alerts?.cleared(round.guildId, round.channelId, 'round', 'standings').catch((err) => this.deps.log.warn({ err, round: round.id }, 'old problems not cleared'));
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
      if (this.everyoneAnswered(live)) void this.runStep(round.id, () => this.close(row.id));
    }
    return { status: 'locked', position, questionId: question.id };
  }

  /** /quiz stop: the starter or a manager ends the round; the standings so far are posted and kept. */
  async stop(channelId: string, userId: string, canManage: boolean): Promise<'stopped' | 'notStarter' | 'none'> {
    const running = await store.runningRoundIn(this.deps.db, channelId);
    const round = running && (await store.findRound(this.deps.db, running.roundId));
    if (!round || round.status !== 'running') return 'none';
    if (round.starterId !== userId && !canManage) return 'notStarter';
    // Recorded first: from here no process opens, posts or refreshes anything more of this round.
    if (!(await store.endRound(this.deps.db, round.id, 'finished', this.deps.clock(), 'standings', 'stopped'))) return 'none';
    round.status = 'finished';
    this.ended(round.id);
    // The stop is recorded: what fails from here (the reveal, the post) is told to no one but the log,
    // and the standings stay owed until a tick posts them.
    const current = await store.latestRoundQuestion(this.deps.db, round.id);
    if (current && !current.closedAt) await this.close(current.id, round).catch((err: unknown) => this.deps.log.warn({ err, round: round.id }, 'open question not revealed'));
    await this.standings.post(round, true).catch((err: unknown) => this.deps.log.warn({ err, round: round.id }, 'standings not posted: posted at a later tick'));
    return 'stopped';
  }

  /**
   * One pass over the running rounds of this process's servers: each gets the step that is due.
   * Steps of different rounds run side by side (a slow channel holds up no other round); a round
   * whose step is still running is skipped. Resolves when the steps it started are done.
   */
  async tick(): Promise<void> {
    if (this.stopped) return;
    const rounds = (await store.runningRounds(this.deps.db)).filter((r) => this.owned(r.guildId));
    const running = new Set(rounds.map((r) => r.id));
    // Ended elsewhere (a /quiz stop through another process): forget it, post nothing more.
    for (const [id, live] of this.live) if (!running.has(live.round.id)) this.live.delete(id);
    const questions = await store.questionsOf(this.deps.db, [...running]);
    if (!this.ticked) {
      this.ticked = true;
      if (rounds.length) this.deps.log.info({ rounds: rounds.length }, 'live rounds recovered');
    }
    // What a round that ended owes (its standings): made good here when the process that ended it
    // stopped first or its post failed; another process's post gets a grace period to land.
    const owing = await this.standings.owing(this.owned, UNSENT_GRACE_MS);
    await Promise.all([
      ...rounds.map((round) => this.runStep(round.id, () => this.step(round, questions.get(round.id) ?? []))),
      ...owing.map((round) => this.runStep(round.id, () => this.standings.settle(round))),
    ]);
  }

  private owned = (guildId: string) => this.deps.owns?.(guildId) ?? true;

  /** Runs one step of a round unless one is already running; a failure is counted and decided on. */
  private runStep(roundId: string, step: () => Promise<void>): Promise<void> {
    if (this.busy.has(roundId) || this.stopped) return Promise.resolve();
    if ((this.failures.get(roundId)?.retryAt ?? 0) > this.deps.clock().getTime()) return Promise.resolve();
    const running = (async () => {
      try {
        await step();
        this.failures.delete(roundId);
      } catch (err) {
        await this.onStepFailure(roundId, err).catch((e) => this.deps.log.error({ err: e, round: roundId }, 'ending a failed round failed: retried at the next tick'));
      } finally {
        this.busy.delete(roundId);
      }
    })();
    this.busy.set(roundId, running);
    return running;
  }

  /** Resolves once no step is under way (one an answer started, say): for tests that move the clock. */
  async settled(): Promise<void> {
    while (this.busy.size) await Promise.all(this.busy.values());
  }

  private async step(round: RoundRow, questions: RoundQuestionRow[]) {
    const now = this.deps.clock().getTime();
    const latest = questions.at(-1);
    if (!latest) {
      if (now >= round.startedAt.getTime() + this.timing.introMs) await this.open(round, 0);
      return;
    }
    if (!latest.closedAt) {
      const live = this.live.get(latest.id) ?? (await this.track(round, latest));
      if (!live) return this.finish(round);
      // Not sent on the first try, or by a process that died: adopt what may have gone out, else send.
      if (!latest.messageId) {
        if (live.openedHere || now >= latest.openedAt.getTime() + UNSENT_GRACE_MS) await this.post(live, true);
        return;
      }
      live.row.messageId = latest.messageId;
      if (now >= latest.deadlineAt.getTime() || this.everyoneAnswered(live)) return this.close(latest.id);
      if (now - live.refreshedAt >= this.timing.refreshMs) await this.refresh(live);
      return;
    }
    if (latest.index + 1 >= round.questionCount) return this.finish(round);
    if (now >= latest.closedAt.getTime() + this.timing.pauseMs) await this.open(round, latest.index + 1);
  }

  private everyoneAnswered = (live: Live) => live.expected.size > 0 && [...live.expected].every((u) => live.answered.has(u));

  private allowedMs = (round: RoundRow) => round.secondsPerQuestion * this.timing.msPerSecond;

  /** The questions this round may ask: its filter, within what its server serves. */
  private async pool(round: { guildId: string; topic: string; difficulty: string }) {
    await freshServerPacks(this.deps.db, this.deps.catalog, round.guildId);
    return this.deps.catalog.filter(round.topic as TopicFilter, round.difficulty as DifficultyFilter, await serverScope(this.deps.db, round.guildId));
  }

  private async open(round: RoundRow, index: number) {
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
    // 'taken': another process opened it and posts it; 'ended': the round was stopped meanwhile.
    if ((await store.openRoundQuestion(this.deps.db, row)) !== 'opened') return;
    const live = await this.track(round, row, true);
    if (live) await this.post(live, false);
  }

  /** Starts tracking an open question: who is expected to answer, who already has. */
  private async track(round: RoundRow, row: RoundQuestionRow, openedHere = false): Promise<Live | undefined> {
    const question = this.deps.catalog.get(row.questionId);
    if (!question) return undefined;
    const answers = await store.roundAnswers(this.deps.db, round.id);
    const live: Live = {
      round,
      row,
      question,
      expected: new Set(answers.filter((a) => a.questionIndex < row.index).map((a) => a.userId)),
      answered: new Set(answers.filter((a) => a.questionIndex === row.index).map((a) => a.userId)),
      refreshedAt: this.deps.clock().getTime(),
      openedHere,
    };
    this.live.set(row.id, live);
    return live;
  }

  /**
   * Sends an open question. After a restart it first adopts a message a killed process sent but
   * did not record; after sending it checks whether the question was closed meanwhile (a stop
   * elsewhere) and then shows it closed, so no live buttons stay behind.
   */
  private async post(live: Live, recovering: boolean) {
    const { round, row, question } = live;
    if (recovering) row.messageId = (await this.deps.poster.findRecent(round.channelId, `ra:${row.id}:`)) ?? null;
    row.messageId ??= await this.deps.poster.send(round.channelId, renderRoundQuestion(question, this.view(round, row), live.answered.size, round.locale as Locale));
    await store.setQuestionMessage(this.deps.db, row.id, row.messageId);
    const fresh = await store.findRoundQuestion(this.deps.db, row.id);
    if (fresh?.closedAt) {
      this.live.delete(row.id);
      await this.reveal(round, { ...row, closedAt: fresh.closedAt }, question, true);
    }
  }

  /** The open question's count of answers, from the store (answers may reach other processes). */
  private async refresh(live: Live) {
    const { round, row, question } = live;
    live.refreshedAt = this.deps.clock().getTime();
    for (const userId of await store.answeredBy(this.deps.db, row.id)) live.answered.add(userId);
    if (this.everyoneAnswered(live)) return this.close(row.id);
    try {
      await this.deps.poster.edit(round.channelId, row.messageId!, renderRoundQuestion(question, this.view(round, row), live.answered.size, round.locale as Locale));
    } catch (err) {
      if (classifyRoundFailure(err) !== 'message-gone') throw err;
      // Deleted by a moderator: post the question again (its buttons carry the same ids).
      this.deps.log.warn({ round: round.id, question: row.index }, 'round question message deleted: posting it again');
      row.messageId = null;
      await this.post(live, false);
    }
  }

  /** Closes a question exactly once: final points for its answers, the reveal, then the end if it was the last. */
  async close(roundQuestionId: string, ended?: RoundRow, opts: { reveal?: boolean } = {}) {
    const live = this.live.get(roundQuestionId);
    const row = live?.row ?? (await store.findRoundQuestion(this.deps.db, roundQuestionId));
    if (!row) return;
    const now = this.deps.clock();
    if (!(await store.claimClose(this.deps.db, row.id, now))) return;
    row.closedAt = now;
    this.live.delete(row.id);
    const round = ended ?? live?.round ?? (await store.findRound(this.deps.db, row.roundId));
    const question = this.deps.catalog.get(row.questionId);
    if (!round || !question) return;
    const answers = await store.roundAnswers(this.deps.db, round.id);
    const scores = scoreRound(answers, this.allowedMs(round), row.index + 1);
    const perAnswer = answers
      .filter((a) => a.questionIndex === row.index)
      .map((a) => ({ id: a.id, points: scores.find((s) => s.userId === a.userId)?.perQuestion.get(row.index) ?? 0 }));
    await store.setAnswerPoints(this.deps.db, perAnswer);
    const last = Boolean(ended) || row.index + 1 >= round.questionCount;
    if (opts.reveal !== false) await this.reveal(round, row, question, last, answers);
    if (last && !ended) await this.finish(round);
  }

  private async reveal(round: RoundRow, row: RoundQuestionRow, question: Question, last: boolean, known?: Awaited<ReturnType<typeof store.roundAnswers>>) {
    if (!row.messageId) return;
    const answers = (known ?? (await store.roundAnswers(this.deps.db, round.id))).filter((a) => a.questionIndex === row.index);
    const counts = question.choices.map((_, i) => answers.filter((a) => a.choiceIndex === i).length);
    const fastest = answers.filter((a) => a.correct).sort((a, b) => a.responseMs - b.responseMs)[0];
    try {
      await this.deps.poster.edit(round.channelId, row.messageId, renderRoundReveal(question, this.view(round, row), { counts, fastest, last }, round.locale as Locale));
    } catch (err) {
      // The question is closed and scored either way; a deleted message simply shows no reveal.
      if (classifyRoundFailure(err) !== 'message-gone') throw err;
    }
  }

  private async finish(round: RoundRow) {
    if (!(await store.endRound(this.deps.db, round.id, 'finished', this.deps.clock(), 'standings'))) return;
    round.status = 'finished';
    this.ended(round.id);
    await this.standings.post(round, false);
  }

  /** Forgets what this process kept for a round that ended. */
  private ended(roundId: string) {
    this.notifiers.delete(roundId);
    this.failures.delete(roundId);
  }

  /**
   * A step failed. A channel the bot lost (or a request Discord refuses) ends the round at once; anything else (a 5xx, a
   * network or store blip) is retried at the next tick, and after MAX_STEP_FAILURES in a row the
   * round ends with its standings rather than staying "running".
   */
  private async onStepFailure(roundId: string, err: unknown) {
    const kind = classifyRoundFailure(err);
    const failures = (this.failures.get(roundId)?.count ?? 0) + 1;
    // Backing off: 0.25 s, 0.5 s, 1 s, 2 s before the next tries, about 4 s in all before giving up.
    this.failures.set(roundId, { count: failures, retryAt: this.deps.clock().getTime() + this.timing.tickMs * 2 ** (failures - 1) });
    const giveUp = kind === 'refused' || failures >= MAX_STEP_FAILURES;
    this.deps.log.warn({ err, round: roundId, kind, failures }, giveUp ? 'round step failed: ending the round' : 'round step failed: retrying at the next tick');
    if (giveUp) await this.abort(roundId, kind === 'refused', err);
  }

  private async abort(roundId: string, channelLost: boolean, err: unknown) {
    const round = await store.findRound(this.deps.db, roundId);
    if (!round) return;
    for (const [id, live] of this.live) if (live.round.id === roundId) this.live.delete(id);
    if (!(await store.endRound(this.deps.db, round.id, 'aborted', this.deps.clock(), channelLost ? 'results' : 'standings', 'round.abortedNotice'))) return;
    round.status = 'aborted';
    // The open question is closed and scored like any other, so its answers count on the boards;
    // its reveal is tried where the channel is still there (it may fail as the step did).
    const current = await store.latestRoundQuestion(this.deps.db, round.id);
    if (current && !current.closedAt) await this.close(current.id, round, { reveal: !channelLost }).catch((e: unknown) => this.deps.log.warn({ err: e, round: round.id }, 'open question not revealed'));
    const notify = this.notifiers.get(round.id);
    this.ended(round.id);
    if (channelLost) {
      await this.standings.saveOnly(round);
      await this.standings.refused(round, 'round', err).catch((e) => this.deps.log.warn({ err: e, round: round.id }, 'could not tell the admins'));
    } else await this.standings.post(round, true);
    await notify?.(round).catch((e) => this.deps.log.warn({ err: e, round: round.id }, 'could not tell the starter'));
  }

  /**
   * The bot was removed from the server: its running rounds end now, their standings saved for the
   * leaderboards (nothing can be posted there any more). `owns` already says no for the server, so
   * no tick starts another step; one under way is let finish first.
   */
  async endForGuild(guildId: string): Promise<number> {
    let ended = 0;
    for (const round of (await store.runningRounds(this.deps.db)).filter((r) => r.guildId === guildId)) {
      await this.busy.get(round.id);
      for (const [id, live] of this.live) if (live.round.id === round.id) this.live.delete(id);
      if (!(await store.endRound(this.deps.db, round.id, 'aborted', this.deps.clock(), 'results', 'removed'))) continue;
      round.status = 'aborted';
      // As an abort does: the open question is closed and scored, so its answers count on the boards
      // (its reveal cannot reach the server any more).
      const current = await store.latestRoundQuestion(this.deps.db, round.id);
      if (current && !current.closedAt) await this.close(current.id, round).catch((e: unknown) => this.deps.log.info({ err: e, round: round.id }, 'open question scored, not revealed: the bot left the server'));
      this.ended(round.id);
      await this.standings.saveOnly(round);
      ended++;
    }
    if (ended) this.deps.log.info({ guild: guildId, rounds: ended }, 'rounds ended: the bot left the server');
    return ended;
  }

  private view(round: RoundRow, row: RoundQuestionRow): RoundView {
    return { questionId: row.questionId, roundQuestionId: row.id, index: row.index, count: round.questionCount, order: row.choiceOrder, deadlineAt: row.deadlineAt };
  }
}
