import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

/** Discord's interactions endpoint limits: a body over this is refused before it is read. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** A signed request older (or newer) than this is a replay, not Discord. */
export const MAX_SKEW_SECONDS = 300;
/** Discord waits 3 s for the response; answer just before, so the member sees an error, not silence. */
const RESPONSE_DEADLINE_MS = 2900;

/** Ed25519 public keys as SPKI DER: this 12-byte header, then the 32 raw bytes Discord shows in hex. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/** Whether Discord signed `timestamp + body` (the X-Signature-Ed25519 and X-Signature-Timestamp headers). */
export function verifySignature(key: KeyObject, signatureHex: string, timestamp: string, body: Buffer): boolean {
  if (!/^[0-9a-fA-F]{128}$/.test(signatureHex)) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signatureHex, 'hex'));
}

type Reply = { status: number; body: Buffer | string; contentType: string };

/**
 * Discord's HTTP interactions endpoint (INTERACTIONS_MODE=http): Discord POSTs each interaction,
 * signed, and takes the HTTP response as the interaction's first answer. Requests are checked
 * before anything is parsed or done: a missing or bad signature or a stale timestamp gets 401, a
 * body over 1 MiB 413. PING gets PONG. Everything else goes to `deliver`, which hands it to the
 * same router the gateway feeds; the router's first answer, which discord.js sends to the
 * interaction callback route, is caught by `makeRequest` (the client's REST transport) and
 * becomes this request's response. Later edits and follow-ups go to Discord's REST as always.
 * Nothing is kept between requests but the ones in flight, so any number of replicas can serve.
 */
export class InteractionsEndpoint {
  private server?: Server;
  private readonly key?: KeyObject;
  private readonly inFlight = new Map<string, (reply: Reply) => void>();
  /** false until the app is ready, and again once it stops */
  ready = false;

  /**
   * Without a public key it serves /healthz only (a gateway process behind a readiness probe).
   * `healthy` adds the app's own check to `ready` (the gateway connection, say).
   */
  constructor(
    private readonly opts: {
      publicKey?: string;
      log: Logger;
      deliver?: (payload: Record<string, unknown>) => void;
      healthy?: () => boolean;
      now?: () => number;
      /** GET /metrics: the Prometheus text (METRICS=on) */
      metrics?: () => Promise<{ contentType: string; body: string }>;
    },
  ) {
    this.key = opts.publicKey ? publicKeyFromHex(opts.publicKey) : undefined;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async listen(port: number, host = '0.0.0.0'): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((err) => this.fail(res, err)));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, resolve);
    });
    return this;
  }

  async close(): Promise<void> {
    this.ready = false;
    this.server?.closeIdleConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * The client's REST transport: the first answer to an interaction in flight becomes its HTTP
   * response (Discord answers the callback route with 204 then); everything else goes to Discord.
   */
  makeRequest = async (url: string, init: RequestInit): Promise<Response> => {
    const match = /\/interactions\/(\d+)\/[^/]+\/callback(?:\?(.*))?$/.exec(url);
    const respond = match ? this.inFlight.get(match[1]!) : undefined;
    if (!respond || new URLSearchParams(match![2] ?? '').get('with_response') === 'true') return fetch(url, init);
    this.inFlight.delete(match![1]!);
    if (typeof init.body === 'string') {
      respond({ status: 200, body: init.body, contentType: 'application/json' });
    } else {
      // files: multipart, exactly as discord.js built it for the callback route
      const encoded = new Response(init.body as ConstructorParameters<typeof Response>[0]);
      respond({ status: 200, body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') ?? 'application/octet-stream' });
    }
    return new Response(null, { status: 204 });
  };

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      const healthy = this.ready && (this.opts.healthy?.() ?? true);
      return this.send(res, { status: healthy ? 200 : 503, body: healthy ? 'ok' : 'not ready', contentType: 'text/plain' });
    }
    if (req.method === 'GET' && path === '/metrics' && this.opts.metrics) return this.send(res, { status: 200, ...(await this.opts.metrics()) });
    if (!this.key || !this.opts.deliver || (path !== '/interactions' && path !== '/')) return this.send(res, { status: 404, body: 'not found', contentType: 'text/plain' });
    if (req.method !== 'POST') return this.send(res, { status: 405, body: 'POST only', contentType: 'text/plain' });
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return this.refuse(req, res, 413, 'body too large');
    const body = await readCapped(req);
    if (!body) return this.refuse(req, res, 413, 'body too large');
    const signature = header(req, 'x-signature-ed25519');
    const timestamp = header(req, 'x-signature-timestamp');
    if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return this.refuse(req, res, 401, 'missing signature');
    const now = (this.opts.now ?? Date.now)() / 1000;
    if (Math.abs(now - Number(timestamp)) > MAX_SKEW_SECONDS) return this.refuse(req, res, 401, 'stale timestamp');
    if (!verifySignature(this.key!, signature, timestamp, body)) return this.refuse(req, res, 401, 'bad signature');

    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return this.send(res, { status: 400, body: 'not JSON', contentType: 'text/plain' });
    }
    if (payload.type === 1) return this.send(res, { status: 200, body: '{"type":1}', contentType: 'application/json' });
    if (!this.ready) return this.send(res, { status: 503, body: 'starting', contentType: 'text/plain' });
    const id = String(payload.id ?? '');
    const reply = new Promise<Reply>((resolve) => {
      this.inFlight.set(id, resolve);
      setTimeout(() => {
        if (this.inFlight.delete(id)) resolve({ status: 500, body: 'no answer in time', contentType: 'text/plain' });
      }, RESPONSE_DEADLINE_MS).unref();
    });
    this.opts.deliver!(payload);
    this.send(res, await reply);
  }

  private refuse(req: IncomingMessage, res: ServerResponse, status: 401 | 413, why: string) {
    this.opts.log.warn({ status, why, remote: req.socket.remoteAddress }, 'interaction request refused');
    // Say no and close: an oversized body is not read any further.
    res.setHeader('Connection', 'close');
    this.send(res, { status, body: status === 401 ? 'invalid request signature' : 'request body too large', contentType: 'text/plain' });
    if (status === 413) req.destroy();
  }

  private send(res: ServerResponse, reply: Reply) {
    if (res.headersSent) return;
    res.writeHead(reply.status, { 'Content-Type': reply.contentType });
    res.end(reply.body);
  }

  private fail(res: ServerResponse, err: unknown) {
    this.opts.log.error({ err }, 'interactions endpoint failed');
    this.send(res, { status: 500, body: 'internal error', contentType: 'text/plain' });
  }
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The body, or undefined once it passes MAX_BODY_BYTES (reading stops there). */
async function readCapped(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
