import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How an interaction ended, as the router counts it. */
export type InteractionOutcome = 'ok' | 'user_error' | 'failure' | 'cooled_down';
export type DailyPostOutcome = 'sent' | 'failed';

/** What the gauges read when Prometheus scrapes: the store's count, not a copy kept in memory. */
export interface StoreGauges {
  roundsRunning(): Promise<number>;
  /** answers recorded but not yet counted into the leaderboards */
  scoreKeeperLag(): Promise<number>;
}

/**
 * The bot's Prometheus metrics, registered on the registry passed in (one per app, so tests and
 * several apps in one process never share counters). Every label value comes from a closed set
 * (command names from the registry, outcomes, Prisma model and operation names, REST route
 * templates with ids replaced, HTTP status codes): never a user id, a snowflake or free text.
 */
export class BotMetrics {
  readonly interactionSeconds: Histogram<'command' | 'outcome'>;
  readonly answersRecorded: Counter<'source'>;
  readonly dailyPosts: Counter<'outcome'>;
  readonly restRequests: Counter<'method' | 'route' | 'status'>;
  readonly restRateLimited: Counter<'method' | 'route'>;
  readonly storeQuerySeconds: Histogram<'model' | 'operation'>;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    collectDefaultMetrics({ register: registry });
    this.interactionSeconds = new Histogram({
      name: 'quiz_interaction_duration_seconds',
      help: 'Time from an interaction reaching the router to its handler finishing, by command and outcome.',
      labelNames: ['command', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
      registers,
    });
    this.answersRecorded = new Counter({ name: 'quiz_answers_recorded_total', help: 'Answers recorded in the store (duplicates excluded), by source.', labelNames: ['source'], registers });
    this.dailyPosts = new Counter({ name: 'quiz_daily_posts_total', help: 'Daily challenge posts, sent or failed (the channel was gone or closed to the bot).', labelNames: ['outcome'], registers });
    this.restRequests = new Counter({ name: 'quiz_discord_rest_requests_total', help: "Requests to Discord's REST API, by method, route template and HTTP status.", labelNames: ['method', 'route', 'status'], registers });
    this.restRateLimited = new Counter({ name: 'quiz_discord_rest_rate_limited_total', help: "Discord REST responses with status 429 (rate limited), by method and route template.", labelNames: ['method', 'route'], registers });
    this.storeQuerySeconds = new Histogram({
      name: 'quiz_store_query_duration_seconds',
      help: 'Store queries through Prisma, by model ("raw" for SQL) and operation.',
      labelNames: ['model', 'operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    for (const outcome of ['sent', 'failed'] as const) this.dailyPosts.inc({ outcome }, 0);
  }

  /** The gauges read from the store at each scrape (the store is opened after the metrics, which time its queries). */
  watchStore(gauges: StoreGauges): void {
    const registers = [this.registry];
    new Gauge({
      name: 'quiz_rounds_running',
      help: 'Live rounds the store has running (all processes on this store).',
      registers,
      async collect() {
        this.set(await gauges.roundsRunning());
      },
    });
    new Gauge({
      name: 'quiz_score_keeper_lag_answers',
      help: 'Answers recorded but not yet counted into the leaderboards.',
      registers,
      async collect() {
        this.set(await gauges.scoreKeeperLag());
      },
    });
  }

  observeInteraction = (command: string, outcome: InteractionOutcome, seconds: number): void => {
    this.interactionSeconds.observe({ command, outcome }, seconds);
  };

  recordedAnswers = (sources: readonly string[]): void => {
    for (const source of sources) this.answersRecorded.inc({ source });
  };

  dailyPosted = (outcome: DailyPostOutcome): void => {
    this.dailyPosts.inc({ outcome });
  };

  observeQuery = (model: string, operation: string, seconds: number): void => {
    this.storeQuerySeconds.observe({ model, operation }, seconds);
  };

  /** The text Prometheus scrapes, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
