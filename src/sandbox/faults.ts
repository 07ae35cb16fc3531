import { ChannelRefusals } from './discord-errors.js';
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
  private readonly held = new Map<string, { arrived: () => void; released: Promise<void> }>();

  /**
   * Holds every REST call on a channel until `release()`: a latch a test opens when it has seen
   * what it wanted while the call was still pending. `arrived` resolves when the first call is held.
   */
  holdChannel(channelId: string): { arrived: Promise<void>; release: () => void } {
    let arrived!: () => void;
    let release!: () => void;
    const arrival = new Promise<void>((r) => (arrived = r));
    const released = new Promise<void>((r) => (release = r));
    this.held.set(channelId, { arrived, released });
    return { arrived: arrival, release: () => (this.held.delete(channelId), release()) };
  }

  /** Waits while a test holds the channel (resolves at once otherwise). */
  async whileHeld(channelId: string): Promise<void> {
    const hold = this.held.get(channelId);
    if (!hold) return;
    hold.arrived();
    await hold.released;
  }

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

  /**
   * Real Discord's permission and thread errors, one channel at a time (discord-errors.ts):
   * `faults.channels.deny(id, 'EmbedLinks')`, `.allow(id)`, `.threadFault(id, 160004)`.
   */
  readonly channels = new ChannelRefusals();

  /** the source of chance for the faults below (seed it for a reproducible run) */
  random: () => number = Math.random;
  /** probability (0-1) that a message send or edit answers 500 */
  serverErrorRate = 0;
  /** until this performance.now() instant, message sends and edits answer 429 with Retry-After */
  stormUntil = 0;
  /** extra delay on every message send and edit, in milliseconds */
  slowMessagesMs = 0;
  /** the next N interaction callbacks fail once with 500 before the retry is accepted */
  failCallbacks = 0;
  /** while true, registering slash commands answers 503 (Discord's command endpoint in an incident) */
  commandsDown = false;
  /** what the faults above did, for a report */
  readonly counts = { serverErrors: 0, stormed: 0, failedCallbacks: 0 };

  /** A fault for a message send or edit, if one strikes. */
  messageFault(): RestReply | undefined {
    if (performance.now() < this.stormUntil) {
      this.counts.stormed++;
      return { status: 429, json: { message: 'You are being rate limited.', retry_after: 0.25, global: false, code: 0 }, headers: { 'Retry-After': '1', 'X-RateLimit-Scope': 'user' } };
    }
    if (this.serverErrorRate && this.random() < this.serverErrorRate) {
      this.counts.serverErrors++;
      return { status: 500, json: { message: '500: Internal Server Error', code: 0 } };
    }
    return undefined;
  }

  /** A failed slash command registration, while the command endpoint is down. */
  commandsFault(method: string, rest: string[]): RestReply | undefined {
    if (!this.commandsDown || method !== 'PUT' || rest[0] !== 'applications' || rest.at(-1) !== 'commands') return undefined;
    return { status: 503, json: { message: 'Service Unavailable', code: 0 } };
  }

  /** A failed interaction callback (nothing acknowledged), while some are due. */
  callbackFault(): RestReply | undefined {
    if (this.failCallbacks <= 0) return undefined;
    this.failCallbacks--;
    this.counts.failedCallbacks++;
    return { status: 500, json: { message: '500: Internal Server Error', code: 0 } };
  }
}
