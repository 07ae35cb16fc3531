import type { RestReply } from './rest.js';

/** What the emulator can do to the bot that real Discord sometimes does. */
export class Faults {
  /**
   * Discord's global limit on REST requests (interaction callbacks exempt), enforced with 429s when
   * set: 50 per second in production. Off by default so tests are not slowed.
   */
  globalLimitPerSecond = 0;
  /** how many requests were refused with a global 429 */
  rateLimited = 0;
  private window: number[] = [];
  /** channels whose REST calls answer only after this many milliseconds */
  readonly slowChannels = new Map<string, number>();

  overGlobalLimit(): RestReply | undefined {
    if (!this.globalLimitPerSecond) return undefined;
    const now = performance.now();
    while (this.window.length && this.window[0]! <= now - 1000) this.window.shift();
    if (this.window.length < this.globalLimitPerSecond) {
      this.window.push(now);
      return undefined;
    }
    this.rateLimited++;
    const retryAfter = Math.max(0.001, (this.window[0]! + 1000 - now) / 1000);
    return {
      status: 429,
      json: { message: 'You are being rate limited.', retry_after: retryAfter, global: true, code: 0 },
      headers: { 'Retry-After': String(Math.ceil(retryAfter)), 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' },
    };
  }

  /** Channels where the bot has lost Send Messages / Embed Links. */
  readonly deniedChannels = new Set<string>();

}
