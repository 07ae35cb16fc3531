import { rankStandings, scoreRound } from '../domain/scoring.js';
import type { Locale } from '../domain/question.js';
import { renderStandings } from '../discord/render/round.js';
import { ChannelUnavailableError } from '../discord/poster.js';
import * as store from '../store/rounds.js';
import type { RoundRow } from '../store/rounds.js';
import type { SchedulerDeps } from './deps.js';
import { classifyRoundFailure } from './round-failures.js';

/** Tries of a standings post that keeps failing with errors that may pass, backing off up to a minute apart (about 15 min in all). */
const TRIES = 20;

export type OwingRound = Awaited<ReturnType<typeof store.owingRounds>>[number];

/**
 * What a round owes when it ends: its standings saved for the boards and posted in its channel, or
 * saved only when there is nowhere to post them. The store records it as owed in the write that
 * ends the round (store.endRound) and settled once done, so a post that meets Discord's 5xx, or a
 * process that stops in between, is made good by a later tick, here or in the next process. The
 * post's nonce makes Discord return the first message when the same standings are sent twice (a
 * stop between sending and settling), within its few minutes.
 */
export class RoundStandings {
  /** rounds whose standings this process is posting now */
  private readonly posting = new Set<string>();
  /** failed posts and when each is tried next */
  private readonly retries = new Map<string, { tries: number; retryAt: number }>();

  constructor(
    private readonly deps: SchedulerDeps,
    private readonly timing: { tickMs: number; msPerSecond: number },
  ) {}

  /**
   * Ended rounds that owe something and are this process's to make good now: those of its servers
   * (results of any), not being posted here, past their next try, and ended more than `graceMs` ago
   * (the process that ended one is still posting it).
   */
  async owing(owned: (guildId: string) => boolean, graceMs: number): Promise<OwingRound[]> {
    const now = this.deps.clock().getTime();
    const rounds = await store.owingRounds(this.deps.db, new Date(now - graceMs));
    return rounds.filter((r) => (r.owed === 'results' || owned(r.guildId)) && !this.posting.has(r.id) && (this.retries.get(r.id)?.retryAt ?? 0) <= now);
  }

  /** Makes good what an ended round still owes; a failure is tried again at a later tick. */
  async settle(round: OwingRound) {
    try {
      if (round.owed === 'standings') await this.post(round, round.status === 'aborted' || round.endReason === 'stopped');
      else await this.saveOnly(round);
    } catch (err) {
      if (!this.retryLater(round, err)) this.deps.log.warn({ err, round: round.id }, 'round not settled: tried again at the next start');
    }
  }

  /**
   * Saves the standings and posts them, then records the round settled. A post that may pass (a
   * 5xx, the network) leaves it owed for a later tick; one Discord refuses is told to the admins once.
   */
  async post(round: RoundRow, stopped: boolean) {
    this.posting.add(round.id);
    try {
      const standings = await this.save(round);
      try {
        await this.deps.poster.send(round.channelId, { ...renderStandings(standings, stopped, round.locale as Locale, round.id), nonce: `rs:${round.id}`, enforce_nonce: true });
      } catch (err) {
        if (this.retryLater(round, err)) return;
        await this.refused(round, 'standings', err).catch((e) => this.deps.log.warn({ err: e, round: round.id }, 'standings could not be posted'));
      }
      await store.settleRound(this.deps.db, round.id);
      this.retries.delete(round.id);
      this.deps.log.info({ round: round.id, players: standings.length, reason: stopped ? 'stopped' : undefined }, 'round finished');
    } finally {
      this.posting.delete(round.id);
    }
  }

  /** The standings saved for the boards, with nowhere to post them (the channel is lost, the bot left). */
  async saveOnly(round: RoundRow) {
    await this.save(round);
    await store.settleRound(this.deps.db, round.id);
  }

  /** Tells the admins once what a refused post needed (a ChannelUnavailableError), else logs it. */
  async refused(round: RoundRow, action: 'round' | 'standings', err: unknown) {
    if (err instanceof ChannelUnavailableError && this.deps.alerts) await this.deps.alerts.refused(round.guildId, round.locale as Locale, action, err);
    else this.deps.log.warn({ err, round: round.id, action }, 'round post failed');
  }

  /** Standings from the closed questions' answers, saved for the leaderboards (again, the same, when retried). */
  private async save(round: RoundRow) {
    const answers = await store.roundAnswers(this.deps.db, round.id);
    const closed = await this.deps.db.roundQuestion.count({ where: { roundId: round.id, closedAt: { not: null } } });
    const standings = rankStandings(scoreRound(answers, round.secondsPerQuestion * this.timing.msPerSecond, closed));
    await store.saveResults(this.deps.db, round.id, standings.map(({ userId, points, correct, bestStreak, rank }) => ({ userId, points, correct, bestStreak, rank })));
    return standings;
  }

  /** Whether a failure that may pass is tried again (backing off); false once the tries are spent or Discord refuses. */
  private retryLater(round: RoundRow, err: unknown): boolean {
    const tries = (this.retries.get(round.id)?.tries ?? 0) + 1;
    if (classifyRoundFailure(err) !== 'transient' || tries > TRIES) {
      this.retries.delete(round.id);
      return false;
    }
    this.retries.set(round.id, { tries, retryAt: this.deps.clock().getTime() + Math.min(60_000, this.timing.tickMs * 2 ** tries) });
    this.deps.log.warn({ err, round: round.id, tries }, 'standings not posted: trying again');
    return true;
  }
}
