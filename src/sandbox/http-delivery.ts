import { generateKeyPairSync, sign } from 'node:crypto';
import type { DiscordEmulator } from './emulator.js';
import { parseBody } from './http-body.js';
import { interactionCallback } from './rest.js';

/**
 * Discord's side of HTTP interactions: each interaction is POSTed to the bot's endpoint, signed
 * with Ed25519 over `timestamp + body` (X-Signature-Ed25519, X-Signature-Timestamp), and the
 * response body is taken as the interaction's first answer, as the callback route would take it.
 */
export class HttpDelivery {
  private readonly keys = generateKeyPairSync('ed25519');
  /** what the Developer Portal shows as the application's public key: 32 bytes in hex */
  readonly publicKeyHex = this.keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  /** HTTP status of each delivery, by interaction id (tests read refusals and failures here) */
  readonly statuses = new Map<string, number>();

  /** Several replicas behind a load balancer: requests go round-robin, skipping one that refuses connections. */
  urls: string[];
  private next = 0;

  constructor(
    private readonly emu: DiscordEmulator,
    url: string,
  ) {
    this.urls = [url];
  }

  /** One replica: where every interaction goes. */
  get url(): string {
    return this.urls[0]!;
  }

  set url(url: string) {
    this.urls = [url];
  }

  /** Headers that make `body` a request from Discord (tests forge bad ones from these). */
  sign(body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
    const signature = sign(null, Buffer.concat([Buffer.from(String(timestamp)), Buffer.from(body)]), this.keys.privateKey).toString('hex');
    return { 'Content-Type': 'application/json', 'X-Signature-Ed25519': signature, 'X-Signature-Timestamp': String(timestamp) };
  }

  async deliver(id: string, token: string, payload: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify(payload);
    try {
      const res = await this.post(body);
      this.statuses.set(id, res.status);
      if (res.status !== 200) return;
      const answer = parseBody(Buffer.from(await res.arrayBuffer()), res.headers.get('content-type') ?? '') as Parameters<typeof interactionCallback>[3];
      // the response body is the interaction's callback: Discord checks it as it checks the route's
      if (!this.emu.refusal('POST', ['interactions', id, token, 'callback'], answer)) interactionCallback(this.emu, id, token, answer, false);
      this.emu.emit('change');
    } catch {
      this.statuses.set(id, 0); // no replica is up: Discord shows "This interaction failed"
    }
  }

  private async post(body: string): Promise<Response> {
    for (let tried = 1; ; tried++) {
      const url = this.urls[this.next++ % this.urls.length]!;
      try {
        return await fetch(url, { method: 'POST', headers: this.sign(body), body });
      } catch (err) {
        if (tried >= this.urls.length) throw err; // connection refused everywhere
      }
    }
  }
}
