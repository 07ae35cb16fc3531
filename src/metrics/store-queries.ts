import { performance } from 'node:perf_hooks';
import { wrapQueries, type Db } from '../store/client.js';

export type QueryObserver = (model: string, operation: string, seconds: number) => void;

/**
 * The store's client with every query timed by model and operation (raw SQL as model "raw"): the
 * labels are Prisma's own names, never arguments.
 */
export function timeQueries(db: Db, observe: QueryObserver): Db {
  return wrapQueries(db, async (run, { model, operation }) => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      observe(model ?? 'raw', operation, (performance.now() - started) / 1000);
    }
  });
}
