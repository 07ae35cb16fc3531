import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { shardOf } from '../discord/shards.js';

interface Session {
  id: string;
  /** [shard id, shard count] from IDENTIFY */
  shard: [number, number];
  socket?: WebSocket;
  seq: number;
  /** dispatches kept for RESUME */
  backlog: { s: number; t: string; d: unknown }[];
}

/**
 * Discord's gateway v10 as discord.js speaks it: HELLO, IDENTIFY -> READY + GUILD_CREATE,
 * heartbeats, RESUME, and dispatches with increasing sequence numbers. Sharded as Discord is: each
 * connection identifies as [shard, count], and gets the servers, and the events, of its shard only
 * (events without a server go to shard 0).
 */
export class Gateway {
  readonly wss = new WebSocketServer({ noServer: true });
  private sessions = new Map<string, Session>();
  /** the live session of each shard */
  private current = new Map<number, Session>();
  private shardCount = 1;

  constructor(
    private readonly resumeUrl: () => string,
    private readonly onIdentify: (shard: [number, number]) => { ready: Record<string, unknown>; guilds: unknown[] },
  ) {
    this.wss.on('connection', (socket) => this.accept(socket));
  }

  handleUpgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Whether the connection that serves this server (any connection, without one) is open. */
  connected(guildId?: string): boolean {
    const open = (s?: Session) => s?.socket?.readyState === 1;
    return guildId === undefined ? [...this.current.values()].some(open) : open(this.current.get(shardOf(guildId, this.shardCount)));
  }

  /** Sends an event to the shard of `guildId` (by default the event's own guild_id). */
  dispatch(t: string, d: unknown, guildId = (d as { guild_id?: string } | null)?.guild_id): void {
    const session = this.current.get(guildId ? shardOf(guildId, this.shardCount) : 0);
    if (session) this.send(session, t, d);
  }

  private send(session: Session, t: string, d: unknown) {
    const s = ++session.seq;
    session.backlog.push({ s, t, d });
    if (session.backlog.length > 1000) session.backlog.shift();
    if (session.socket?.readyState === 1) session.socket.send(JSON.stringify({ op: 0, s, t, d }));
  }

  /** op 7: ask every shard's client to reconnect and resume. */
  requestReconnect(): void {
    for (const session of this.current.values()) session.socket?.send(JSON.stringify({ op: 7, d: null }));
  }

  /** op 9 with d: false: no shard's session can be resumed. */
  invalidateSession(): void {
    for (const session of this.current.values()) {
      this.sessions.delete(session.id);
      session.socket?.send(JSON.stringify({ op: 9, d: false }));
    }
  }

  /** Every socket dies without a close frame (a network drop). */
  dropConnection(): void {
    for (const session of this.current.values()) session.socket?.terminate();
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private accept(socket: WebSocket) {
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 } }));
    socket.on('message', (raw) => {
      let msg: { op: number; d: any };
      try {
        msg = JSON.parse(String(raw));
      } catch {
        socket.close(4002, 'Decode error');
        return;
      }
      if (msg.op === 1) socket.send(JSON.stringify({ op: 11 }));
      else if (msg.op === 2) this.identify(socket, Array.isArray(msg.d?.shard) ? [Number(msg.d.shard[0]), Number(msg.d.shard[1])] : [0, 1]);
      else if (msg.op === 6) this.resume(socket, msg.d?.session_id, Number(msg.d?.seq ?? 0));
    });
  }

  private identify(socket: WebSocket, shard: [number, number]) {
    if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) {
      socket.close(4010, 'Invalid shard');
      return;
    }
    const session: Session = { id: randomBytes(16).toString('hex'), shard, socket, seq: 0, backlog: [] };
    this.sessions.set(session.id, session);
    this.current.set(shard[0], session);
    this.shardCount = shard[1];
    const { ready, guilds } = this.onIdentify(shard);
    this.send(session, 'READY', { ...ready, shard, session_id: session.id, resume_gateway_url: this.resumeUrl() });
    for (const g of guilds) this.send(session, 'GUILD_CREATE', g);
  }

  private resume(socket: WebSocket, sessionId: string, seq: number) {
    const session = this.sessions.get(sessionId);
    if (!session) {
      socket.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    session.socket = socket;
    this.current.set(session.shard[0], session);
    for (const e of session.backlog.filter((e) => e.s > seq)) socket.send(JSON.stringify({ op: 0, ...e }));
    session.socket.send(JSON.stringify({ op: 0, s: ++session.seq, t: 'RESUMED', d: {} }));
  }
}
