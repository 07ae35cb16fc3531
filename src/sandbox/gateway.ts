import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

interface Session {
  id: string;
  socket?: WebSocket;
  seq: number;
  /** dispatches kept for RESUME */
  backlog: { s: number; t: string; d: unknown }[];
}

/**
 * Discord's gateway v10 as discord.js speaks it: HELLO, IDENTIFY -> READY + GUILD_CREATE,
 * heartbeats, RESUME, and dispatches with increasing sequence numbers.
 */
export class Gateway {
  readonly wss = new WebSocketServer({ noServer: true });
  private sessions = new Map<string, Session>();
  private current?: Session;

  constructor(
    private readonly resumeUrl: () => string,
    private readonly onIdentify: () => { ready: Record<string, unknown>; guilds: unknown[] },
  ) {
    this.wss.on('connection', (socket) => this.accept(socket));
  }

  handleUpgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  get connected(): boolean {
    return this.current?.socket?.readyState === 1;
  }

  dispatch(t: string, d: unknown): void {
    const session = this.current;
    if (!session) return;
    const s = ++session.seq;
    session.backlog.push({ s, t, d });
    if (session.backlog.length > 1000) session.backlog.shift();
    if (session.socket?.readyState === 1) session.socket.send(JSON.stringify({ op: 0, s, t, d }));
  }

  /** op 7: ask the client to reconnect and resume. */
  requestReconnect(): void {
    this.current?.socket?.send(JSON.stringify({ op: 7, d: null }));
  }

  /** op 9 with d: false: the session cannot be resumed. */
  invalidateSession(): void {
    const session = this.current;
    if (session) this.sessions.delete(session.id);
    session?.socket?.send(JSON.stringify({ op: 9, d: false }));
  }

  /** The socket dies without a close frame (a network drop). */
  dropConnection(): void {
    this.current?.socket?.terminate();
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
      else if (msg.op === 2) this.identify(socket);
      else if (msg.op === 6) this.resume(socket, msg.d?.session_id, Number(msg.d?.seq ?? 0));
    });
  }

  private identify(socket: WebSocket) {
    const session: Session = { id: randomBytes(16).toString('hex'), socket, seq: 0, backlog: [] };
    this.sessions.set(session.id, session);
    this.current = session;
    const { ready, guilds } = this.onIdentify();
    this.dispatch('READY', { ...ready, session_id: session.id, resume_gateway_url: this.resumeUrl() });
    for (const g of guilds) this.dispatch('GUILD_CREATE', g);
  }

  private resume(socket: WebSocket, sessionId: string, seq: number) {
    const session = this.sessions.get(sessionId);
    if (!session) {
      socket.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    session.socket = socket;
    this.current = session;
    for (const e of session.backlog.filter((e) => e.s > seq)) socket.send(JSON.stringify({ op: 0, ...e }));
    session.socket.send(JSON.stringify({ op: 0, s: ++session.seq, t: 'RESUMED', d: {} }));
  }
}
