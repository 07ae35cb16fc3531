import { performance } from 'node:perf_hooks';

export type QueryObserver = (model: string, operation: string, seconds: number) => void;

/**
 * A Prisma client extension that times every query by model and operation (raw SQL as model
 * "raw"): the labels are Prisma's own names, never arguments.
 */
export function queryTiming(observe: QueryObserver) {
  return {
    name: 'query-timing',
    query: {
      async $allOperations({ model, operation, args, query }: { model?: string; operation: string; args: unknown; query: (args: unknown) => Promise<unknown> }) {
        const started = performance.now();
        try {
          return await query(args);
        } finally {
          observe(model ?? 'raw', operation, (performance.now() - started) / 1000);
        }
      },
    },
  } as const;
}
