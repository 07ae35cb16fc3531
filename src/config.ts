import { existsSync } from 'node:fs';
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17-20 digits)');

const ConfigSchema = z.object({
  /** absent: the bot runs against the built-in sandbox */
  DISCORD_TOKEN: z
    .string()
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'does not look like a bot token (three dot-separated parts)')
    .optional(),
  DISCORD_APP_ID: snowflake.optional(),
  DEV_GUILD_ID: snowflake.optional(),
  DISCORD_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://discord.com/api' }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)/, 'must be a SQLite file URL (file:./data/quiz.db) or a PostgreSQL URL (postgresql://user:password@host:5432/db)')
    .default('file:./data/quiz.db'),
  /** gateway shards: how many in all, and which this process runs (default: all of them) */
  SHARD_COUNT: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(4096).optional(),
  SHARD_IDS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be shard numbers separated by commas, e.g. 0,2')
    .transform((v) => [...new Set(v.split(',').map(Number))].sort((a, b) => a - b))
    .optional(),
  /** gateway: events over Discord's WebSocket; http: Discord POSTs interactions to this process */
  INTERACTIONS_MODE: z.enum(['gateway', 'http'], { error: 'must be gateway or http' }).default('gateway'),
  DISCORD_PUBLIC_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be the application public key: 64 hex digits, from the Developer Portal').optional(),
  /** http mode: the interactions endpoint and /healthz; gateway mode: /healthz only, when set */
  PORT: z.coerce.number().int().min(0).max(65535, 'must be a port number (0-65535)').optional(),
  /** off: this process runs no timed work (daily posts, round timers); one process must keep it on */
  SCHEDULER: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  /** on: GET /metrics (Prometheus) on the health port (PORT, 8080 when unset); off by default */
  METRICS: z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
  /** /metrics (and /healthz) on a port of their own, away from a public interactions endpoint; turns metrics on */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535, 'must be a port number (0-65535)').optional(),
  /** how long a server's data is kept after the bot was removed from it (a re-invite before then keeps it all) */
  DATA_RETENTION_DAYS: z.coerce.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days').default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535, 'must be a port number (0-65535)').default(8787),
});

const Checked = ConfigSchema.superRefine((c, ctx) => {
  if (ctx.issues?.length) return; // zod runs this even when a field failed; one line per variable is enough
  if (c.SHARD_IDS && c.SHARD_COUNT === undefined) ctx.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: 'needs SHARD_COUNT (the total number of shards)' });
  const beyond = c.SHARD_IDS?.find((id) => id >= (c.SHARD_COUNT ?? Infinity));
  if (beyond !== undefined) ctx.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: `has ${beyond}, but shards are numbered 0 to SHARD_COUNT-1 (${c.SHARD_COUNT! - 1})` });
  if (c.INTERACTIONS_MODE === 'http' && c.DISCORD_TOKEN && !c.DISCORD_PUBLIC_KEY) ctx.addIssue({ code: 'custom', path: ['DISCORD_PUBLIC_KEY'], message: 'is required when INTERACTIONS_MODE=http (it verifies that requests come from Discord)' });
  if (c.INTERACTIONS_MODE === 'http' && c.SHARD_COUNT !== undefined) ctx.addIssue({ code: 'custom', path: ['SHARD_COUNT'], message: 'is for gateway mode; HTTP replicas need no shards' });
  if (c.METRICS === 'off' && c.METRICS_PORT !== undefined) ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'serves metrics, but METRICS is off: unset one of them' });
  if (c.METRICS_PORT && c.METRICS_PORT === c.PORT) ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'must differ from PORT (leave it unset to serve /metrics on PORT)' });
});

/** Whether /metrics is served: METRICS=on, or a METRICS_PORT set. */
export const metricsOn = (c: Pick<Config, 'METRICS' | 'METRICS_PORT'>): boolean => c.METRICS === 'on' || (c.METRICS !== 'off' && c.METRICS_PORT !== undefined);

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Reads `.env` when present (real environment variables win), then validates once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Config {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  // An empty value in .env means "not set", as a newcomer copying .env.example expects.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Checked.safeParse(present);
  if (!parsed.success) {
    // Name the variable and the problem; never echo the value (it may be the token).
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return parsed.data;
}
