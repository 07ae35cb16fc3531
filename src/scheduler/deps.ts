import type { Logger } from 'pino';
import type { QuestionCatalog } from '../domain/catalog.js';
import type { Rng } from '../domain/picking.js';
import type { ChannelPoster } from '../discord/poster.js';
import type { Db } from '../store/client.js';
import type { AdminAlerts } from './admin-alerts.js';

/** What timed work needs, passed in (tests hand in their own clock, randomness and emulator). */
export interface SchedulerDeps {
  db: Db;
  catalog: QuestionCatalog;
  poster: ChannelPoster;
  log: Logger;
  /** the store's notion of now */
  clock: () => Date;
  rng: Rng;
  /** whether this process runs the server's timed work (ownership.ts); all servers when absent */
  owns?: (guildId: string) => boolean;
  /** tells a server's admins once what a refused post needed (none: refusals are only logged) */
  alerts?: AdminAlerts;
}
