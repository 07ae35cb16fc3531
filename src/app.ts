import { Events, Routes, type APIGuild, type Client } from 'discord.js';
import type { Logger } from 'pino';
import { loadCommands, type AppContext, type Command } from '../commands/index.js';
import { loadBank } from './bank/sync.js';
import { Registry } from 'prom-client';
import { metricsOn, type Config } from './config.js';
import { connectWithoutGateway, createDiscordClient, deliverInteraction } from './discord/client.js';
import { InteractionsEndpoint } from './discord/http-interactions.js';
import { deployCommandsWithRetry } from './discord/deploy.js';
import type { Cooldown } from './discord/cooldown.js';
import { createRouter } from './discord/router.js';
import { QuestionCatalog } from './domain/catalog.js';
import type { Rng } from './domain/picking.js';
import { createChannelPoster } from './discord/poster.js';
import { DailyScheduler } from './scheduler/daily.js';
import { RecapScheduler } from './scheduler/recap.js';
import { ReviewUpdater } from './scheduler/reviews.js';
import { ownershipFor } from './scheduler/ownership.js';
import { GuildLifecycle } from './scheduler/retention.js';
import { getSettings } from './store/daily.js';
import { RoundRunner, type RoundTiming } from './scheduler/rounds.js';
import { openStore, type Db } from './store/client.js';
import { loadPackQuestions } from './store/packs.js';
import { activeHides } from './store/reports.js';
import { scoreKeeper, uncountedAnswers } from './store/score-keeper.js';
import { observeRecordedAnswers } from './store/answers.js';
import { BotMetrics } from './metrics/metrics.js';
import { watchRest } from './metrics/rest.js';
import { timeQueries } from './metrics/store-queries.js';
import { AdminAlerts } from './scheduler/admin-alerts.js';

export interface AppOptions {
  config: Config;
  log: Logger;
  /** the token to log in with (the sandbox passes a stand-in) */
  token: string;
  apiUrl?: string;
  clock?: () => Date;
  rng?: Rng;
  commands?: Command[];
  roundTiming?: Partial<RoundTiming>;
  /** false in tests that drive the daily scheduler's clock themselves */
  dailySweep?: boolean;
  /** false in tests that move the clock and call guilds.sweep() themselves */
  retentionSweep?: boolean;
  /** false in tests that move the clock and call rounds.tick() themselves */
  roundTicker?: boolean;
  /** how soon after an answer the daily post's count is refreshed (10 s) */
  dailyRefreshMs?: number;
  /** waits between command registration attempts after a failure (tests shorten them) */
  deployRetryMs?: readonly number[];
  /** wraps the store's client (tests hold or fail its queries) */
  wrapStore?: (db: Db) => Db;
  /** the per-member flood limit (tests that send many interactions as one member pass a roomier one) */
  cooldown?: Cooldown;
  /** HTTP mode against the sandbox: the emulator's public key (a real deployment sets DISCORD_PUBLIC_KEY) */
  publicKey?: string;
}

export interface RunningApp {
  client: Client<true>;
  db: Db;
  context: AppContext;
  router: ReturnType<typeof createRouter>;
  /** the interactions endpoint (HTTP mode) or health endpoint (PORT set), when there is one */
  endpoint?: InteractionsEndpoint;
  /** the Prometheus metrics (METRICS=on or METRICS_PORT), and their own endpoint when METRICS_PORT is set */
  metrics?: BotMetrics;
  metricsEndpoint?: InteractionsEndpoint;
  /** settles once the slash commands are registered (at start, or by a later retry) */
  commandsDeployed: Promise<void>;
  /** servers the bot was removed from: their timed work stopped, their data's retention */
  guilds: GuildLifecycle;
  stop(): Promise<void>;
}

/** store -> bank -> bot: migrations first, then the questions, then the gateway and commands. */
export async function startApp(opts: AppOptions): Promise<RunningApp> {
  const { config, log } = opts;
  const clock = opts.clock ?? (() => new Date());
  const metrics = metricsOn(config) ? new BotMetrics(new Registry()) : undefined;
  const opened = await openStore(config.DATABASE_URL);
  const { applied, path } = opened;
  const timed = metrics ? timeQueries(opened.db, metrics.observeQuery) : opened.db;
  const db = opts.wrapStore ? opts.wrapStore(timed) : timed;
  if (metrics) {
    metrics.watchStore({ roundsRunning: () => db.round.count({ where: { status: 'running' } }), scoreKeeperLag: () => uncountedAnswers(db) });
    observeRecordedAnswers(db, metrics.recordedAnswers);
  }
  log.info({ database: path, applied }, applied.length ? 'migrations applied' : 'database up to date');
  try {
    const bank = await loadBank(db, log, clock());
    log.info({ questions: bank.questions.length, bank: bank.outcome }, 'question bank ready');
    // Answers recorded but not yet counted when the process stopped are counted now.
    await scoreKeeper(db).start();
    const catalog = new QuestionCatalog(bank.questions);
    const packQuestions = await loadPackQuestions(db);
    for (const guildId of new Set(packQuestions.map((q) => q.guildId))) catalog.setServerPacks(guildId, packQuestions.filter((q) => q.guildId === guildId));
    for (const [guildId, hidden] of await activeHides(db)) catalog.setServerHidden(guildId, hidden);
    const rng = opts.rng ?? Math.random;
    const http = config.INTERACTIONS_MODE === 'http';
    const ownership = ownershipFor(config);
    const shards = config.SHARD_COUNT === undefined ? undefined : { ids: config.SHARD_IDS ?? Array.from({ length: config.SHARD_COUNT }, (_, i) => i), count: config.SHARD_COUNT };
    // HTTP mode answers interactions on PORT; gateway mode serves only /healthz there, when PORT is set
    // (or METRICS=on). /metrics goes on METRICS_PORT when set, else beside /healthz.
    let client: Client | undefined;
    const healthy = () => http || client?.ws.status === 0;
    const scrape = metrics && (() => metrics.scrape());
    const endpoint =
      http || config.PORT !== undefined || config.METRICS === 'on'
        ? new InteractionsEndpoint({
            publicKey: http ? (opts.publicKey ?? config.DISCORD_PUBLIC_KEY) : undefined,
            log,
            deliver: (payload) => deliverInteraction(client!, payload),
            healthy,
            metrics: config.METRICS_PORT === undefined ? scrape : undefined,
          })
        : undefined;
    const metricsEndpoint = scrape && config.METRICS_PORT !== undefined ? new InteractionsEndpoint({ log, healthy, metrics: scrape }) : undefined;
    client = createDiscordClient({ apiUrl: opts.apiUrl ?? config.DISCORD_API_URL, shards, makeRequest: http ? endpoint?.makeRequest : undefined });
    if (metrics) watchRest(client.rest, metrics);
    const poster = createChannelPoster(client);
    // A server the bot was removed from has no timed work (retention.ts), until it is invited back.
    const guilds = new GuildLifecycle({ db, log, clock, retentionDays: config.DATA_RETENTION_DAYS, owns: ownership.owns });
    await guilds.load();
    const owns = guilds.owns;
    // From the gateway's cache; HTTP mode has none, so it asks REST (rarely: once per failed post).
    const systemChannelOf = async (guildId: string) =>
      client.guilds.cache.get(guildId)?.systemChannelId ?? ((await client.rest.get(Routes.guild(guildId))) as APIGuild).system_channel_id ?? undefined;
    const alerts = new AdminAlerts({ db, poster, log, clock, systemChannelOf });
    const rounds = new RoundRunner({ db, catalog, poster, log, clock, rng, owns, alerts, timing: opts.roundTiming });
    const daily = new DailyScheduler({ db, catalog, poster, log, clock, rng, owns, systemChannelOf, alerts, refreshMs: opts.dailyRefreshMs, onPost: metrics?.dailyPosted });
    const reviews = new ReviewUpdater(db, log);
    const recaps = new RecapScheduler({ db, catalog, poster, log, clock, rng, owns, alerts });
    guilds.attach({
      endRounds: (guildId) => rounds.endForGuild(guildId),
      rearmDaily: async (guildId) => {
        const settings = await getSettings(db, guildId);
        if (settings) daily.scheduleServer(settings);
      },
      forget: (guildId) => {
        catalog.setServerPacks(guildId, []);
        catalog.setServerHidden(guildId, []);
      },
    });
    const context: AppContext = { db, catalog, log, clock, rng, rounds, daily, reviews, recaps };
    const commands = opts.commands ?? (await loadCommands());
    const router = createRouter(commands, context, { cooldown: opts.cooldown, onHandled: metrics?.observeInteraction });

    client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
    // discord.js emits GuildDelete only for a removal (an outage is GuildUnavailable), GuildCreate only after READY.
    client.on(Events.GuildDelete, (guild) => void guilds.onRemoved(guild.id, guild.name).catch((err: unknown) => log.error({ err, guild: guild.id }, 'recording a removal failed')));
    client.on(Events.GuildCreate, (guild) => void guilds.onPresent(guild.id).catch((err: unknown) => log.error({ err, guild: guild.id }, 'recording a return failed')));
    client.on(Events.GuildUnavailable, (guild) => log.warn({ guild: guild.id }, 'server unavailable (a Discord outage): nothing stops'));
    client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
    client.on(Events.ShardDisconnect, (_e, shard) => log.warn({ shard }, 'gateway disconnected'));
    let readyClient: Client<true>;
    if (http) {
      readyClient = await connectWithoutGateway(client, opts.token);
    } else {
      const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
      await client.login(opts.token);
      readyClient = await ready;
    }
    // Invited back while this process was down: the servers in READY are present.
    if (!http) for (const guildId of readyClient.guilds.cache.keys()) await guilds.onPresent(guildId);
    const registration = await deployCommandsWithRetry(readyClient, db, commands, { guildId: config.DEV_GUILD_ID, log, retryMs: opts.deployRetryMs });
    // Rounds run from the store: the first tick picks up what was running before a restart, and in
    // HTTP mode the scheduler's ticks run the rounds that other replicas started.
    if (ownership.runsTimedWork) {
      await rounds.tick();
      if (opts.roundTicker !== false) rounds.startTicking();
    }
    // Catch up on what was due while the bot was down, then sweep every minute.
    const caughtUp = await daily.tick();
    if (caughtUp) log.info({ posted: caughtUp }, 'daily challenges caught up');
    // Weekly recaps likewise: one due while the bot was down is posted now.
    const recapsCaughtUp = await recaps.tick();
    if (recapsCaughtUp) log.info({ posted: recapsCaughtUp }, 'weekly recaps caught up');
    if (opts.dailySweep !== false) {
      await daily.start();
      recaps.start();
    }
    if (ownership.runsTimedWork && opts.retentionSweep !== false) {
      await guilds.sweep();
      guilds.start();
    }
    if (endpoint) {
      await endpoint.listen(config.PORT ?? 8080);
      endpoint.ready = true;
    }
    if (metricsEndpoint) {
      await metricsEndpoint.listen(config.METRICS_PORT!);
      metricsEndpoint.ready = true;
    }
    const mb = (n: number) => Math.round(n / 1048576);
    const mem = process.memoryUsage();
    log.info(
      { user: readyClient.user.tag, mode: config.INTERACTIONS_MODE, timedWork: ownership.describe, port: endpoint?.port, metricsPort: metricsEndpoint?.port ?? (metrics ? endpoint?.port : undefined), guilds: readyClient.guilds.cache.size, rssMB: mb(mem.rss), heapMB: mb(mem.heapUsed), externalMB: mb(mem.external) },
      'bot ready',
    );
    return {
      client: readyClient,
      db,
      context,
      router,
      endpoint,
      metrics,
      metricsEndpoint,
      commandsDeployed: registration.deployed,
      guilds,
      async stop() {
        registration.stop();
        await endpoint?.close();
        await metricsEndpoint?.close();
        rounds.shutdown();
        daily.stop();
        recaps.stop();
        guilds.stop();
        await readyClient.destroy();
        await reviews.flush();
        await scoreKeeper(db).catchUp().catch((err: unknown) => log.warn({ err }, 'leaderboards not counted before stopping: counted at the next start'));
        await db.$disconnect();
      },
    };
  } catch (err) {
    await db.$disconnect();
    throw err;
  }
}
