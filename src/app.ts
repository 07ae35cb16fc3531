import { Events, type Client } from 'discord.js';
import type { Logger } from 'pino';
import { loadCommands, type AppContext, type Command } from '../commands/index.js';
import { loadBank } from './bank/sync.js';
import type { Config } from './config.js';
import { createDiscordClient } from './discord/client.js';
import { deployCommands } from './discord/deploy.js';
import { createRouter } from './discord/router.js';
import { QuestionCatalog } from './domain/catalog.js';
import type { Rng } from './domain/picking.js';
import { createChannelPoster } from './discord/poster.js';
import { DailyScheduler } from './scheduler/daily.js';
import { ReviewUpdater } from './scheduler/reviews.js';
import { RoundRunner, type RoundTiming } from './scheduler/rounds.js';
import { openStore, type Db } from './store/client.js';
import { loadPackQuestions } from './store/packs.js';
import { scoreKeeper } from './store/score-keeper.js';

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
}

export interface RunningApp {
  client: Client<true>;
  db: Db;
  context: AppContext;
  router: ReturnType<typeof createRouter>;
  stop(): Promise<void>;
}

/** store -> bank -> bot: migrations first, then the questions, then the gateway and commands. */
export async function startApp(opts: AppOptions): Promise<RunningApp> {
  const { config, log } = opts;
  const clock = opts.clock ?? (() => new Date());
  const { db, applied, path } = await openStore(config.DATABASE_URL);
  log.info({ database: path, applied }, applied.length ? 'migrations applied' : 'database up to date');
  try {
    const bank = await loadBank(db, log, clock());
    log.info({ questions: bank.questions.length, bank: bank.outcome }, 'question bank ready');
    // Answers recorded but not yet counted when the process stopped are counted now.
    await scoreKeeper(db).start();
    const catalog = new QuestionCatalog(bank.questions);
    const packQuestions = await loadPackQuestions(db);
    for (const guildId of new Set(packQuestions.map((q) => q.guildId))) catalog.setServerPacks(guildId, packQuestions.filter((q) => q.guildId === guildId));
    const rng = opts.rng ?? Math.random;
    const client = createDiscordClient(opts.apiUrl ?? config.DISCORD_API_URL);
    const poster = createChannelPoster(client);
    const rounds = new RoundRunner({ db, catalog, poster, log, clock, rng, timing: opts.roundTiming });
    const systemChannelOf = (guildId: string) => client.guilds.cache.get(guildId)?.systemChannelId ?? undefined;
    const daily = new DailyScheduler({ db, catalog, poster, log, clock, rng, systemChannelOf });
    const reviews = new ReviewUpdater(db, log);
    const context: AppContext = { db, catalog, log, clock, rng, rounds, daily, reviews };
    const commands = opts.commands ?? (await loadCommands());
    const router = createRouter(commands, context);

    client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
    client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
    client.on(Events.ShardDisconnect, (_e, shard) => log.warn({ shard }, 'gateway disconnected'));
    const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
    await client.login(opts.token);
    const readyClient = await ready;
    await deployCommands(readyClient, db, commands, { guildId: config.DEV_GUILD_ID, log });
    await rounds.recover();
    // Catch up on what was due while the bot was down, then sweep every minute.
    const caughtUp = await daily.tick();
    if (caughtUp) log.info({ posted: caughtUp }, 'daily challenges caught up');
    if (opts.dailySweep !== false) await daily.start();
    const mb = (n: number) => Math.round(n / 1048576);
    const mem = process.memoryUsage();
    log.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, rssMB: mb(mem.rss), heapMB: mb(mem.heapUsed), externalMB: mb(mem.external) }, 'bot ready');
    return {
      client: readyClient,
      db,
      context,
      router,
      async stop() {
        rounds.shutdown();
        daily.stop();
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
