import { Writable } from 'node:stream';
import type { Command } from '../../commands/index.js';
import { startApp, type RunningApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { Cooldown } from '../../src/discord/cooldown.js';
import type { Rng } from '../../src/domain/picking.js';
import { createLogger } from '../../src/logger.js';
import type { RoundTiming } from '../../src/scheduler/rounds.js';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import { freshDatabaseUrl } from './db.js';
import type { Db } from '../../src/store/client.js';

export const TEST_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GtestX.secret-token-for-tests-only';

/** Everything the bot logged, as parsed JSON lines: tests read it, and scan it for secrets. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    const text = chunk.toString();
    this.raw.push(text);
    for (const line of text.split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    done();
  }
}

export interface SandboxBot {
  emu: DiscordEmulator;
  app: RunningApp;
  logs: LogCapture;
  config: Config;
  channelId: string;
  stop(): Promise<void>;
}

/** The real app (store, bank, discord.js client) against a fresh emulator and a fresh database. */
export async function startSandboxBot(opts: { clock?: () => Date; rng?: Rng; databaseUrl?: string; commands?: Command[]; roundTiming?: Partial<RoundTiming>; dailySweep?: boolean; roundTicker?: boolean; retentionSweep?: boolean; wrapStore?: (db: Db) => Db; dailyRefreshMs?: number; emulator?: DiscordEmulator; mode?: 'gateway' | 'http'; health?: boolean; cooldown?: Cooldown; config?: Partial<Config>; deployRetryMs?: readonly number[] } = {}): Promise<SandboxBot> {
  const emu = opts.emulator ?? (await new DiscordEmulator().start());
  const logs = new LogCapture();
  // The `http` project runs the same tests with interactions POSTed, signed, to the bot's endpoint.
  const http = (opts.mode ?? process.env.TEST_INTERACTIONS_MODE) === 'http';
  const signer = http ? emu.deliverOverHttp('') : undefined;
  const config: Config = { DATABASE_URL: opts.databaseUrl ?? (await freshDatabaseUrl()), LOG_LEVEL: 'info', SANDBOX_PORT: 0, DISCORD_TOKEN: TEST_TOKEN, INTERACTIONS_MODE: http ? 'http' : 'gateway', SCHEDULER: 'on', DATA_RETENTION_DAYS: 30, ...(http || opts.health ? { PORT: 0 } : {}), ...opts.config };
  const app = await startApp({ config, log: createLogger('info', [TEST_TOKEN], logs), token: TEST_TOKEN, apiUrl: emu.apiUrl, clock: opts.clock, rng: opts.rng, commands: opts.commands, roundTiming: opts.roundTiming, dailySweep: opts.dailySweep, retentionSweep: opts.retentionSweep, roundTicker: opts.roundTicker, wrapStore: opts.wrapStore, dailyRefreshMs: opts.dailyRefreshMs, publicKey: signer?.publicKeyHex, cooldown: opts.cooldown, deployRetryMs: opts.deployRetryMs });
  if (signer) signer.url = `http://127.0.0.1:${app.endpoint!.port}/interactions`;
  return {
    emu,
    app,
    logs,
    config,
    channelId: emu.guild.channels[0]!.id,
    async stop() {
      await app.stop();
      await emu.stop();
    },
  };
}

/** A seeded random source (mulberry32), for reproducible shuffles and picks. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
