import { TOKEN_LIFETIME_MS } from '../discord/interaction-gone.js';
import type { RestReply } from './rest.js';

/**
 * What real Discord does to interactions the emulator otherwise never does:
 * - a token older than 15 minutes: its webhook (follow-up, edit or delete of a reply) answers
 *   401 50027 Invalid Webhook Token. Its age is read on `clock` when a test sets one (the bot's
 *   injected clock), and `expireAll()` expires every token issued so far whatever the clock says;
 * - an acknowledgement after 3 seconds: the callback answers 404 10062 Unknown Interaction, for
 *   the next `lateAcks` interactions (every callback on them, as on Discord);
 * - an interaction acknowledged elsewhere: the next `alreadyAcknowledged` callbacks answer 400
 *   40060, and nothing is recorded.
 */
export class TokenFaults {
  /** the clock token ages are read on (unset: tokens expire only through expireAll()) */
  clock?: () => Date;
  /** the next N interactions are acknowledged too late: each of their callbacks answers 10062 */
  lateAcks = 0;
  /** the next N callbacks answer 40060 (already acknowledged) */
  alreadyAcknowledged = 0;
  /** what the faults above did, for tests and reports */
  readonly counts = { expiredTokens: 0, unknownInteraction: 0, alreadyAcknowledged: 0 };
  private readonly issuedAt = new Map<string, number>();
  private readonly expired = new Set<string>();
  private readonly late = new Set<string>();

  /** Called when an interaction is dispatched with its token. */
  issued(token: string): void {
    if (this.clock) this.issuedAt.set(token, this.clock().getTime());
    if (this.lateAcks > 0) {
      this.lateAcks--;
      this.late.add(token);
    }
  }

  /** Every token issued so far is dead, as 15 minutes later. */
  expireAll(tokens: Iterable<string>): void {
    for (const token of tokens) this.expired.add(token);
  }

  isExpired(token: string): boolean {
    if (this.expired.has(token)) return true;
    const issued = this.issuedAt.get(token);
    return issued !== undefined && this.clock !== undefined && this.clock().getTime() - issued >= TOKEN_LIFETIME_MS;
  }

  /** Discord's answer to a REST call on an interaction's token, when a fault applies to it. */
  fault(path: string[]): RestReply | undefined {
    if (path[0] === 'webhooks' && path[2] && this.isExpired(path[2])) {
      this.counts.expiredTokens++;
      return { status: 401, json: { message: 'Invalid Webhook Token', code: 50027 } };
    }
    if (path[0] !== 'interactions' || path.at(-1) !== 'callback') return undefined;
    if (this.late.has(path[2] ?? '')) {
      this.counts.unknownInteraction++;
      return { status: 404, json: { message: 'Unknown interaction', code: 10062 } };
    }
    if (this.alreadyAcknowledged > 0) {
      this.alreadyAcknowledged--;
      this.counts.alreadyAcknowledged++;
      return { status: 400, json: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    return undefined;
  }
}
