import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

/**
 * A promise that nobody handled (a background step that failed) is logged with its context and
 * the bot keeps serving: one database blip must not exit the process. Every such promise is a
 * bug to fix, so it is logged at error level. Uncaught exceptions still end the process: its state
 * is then unknown, and the supervisor (systemd, Kubernetes) restarts it from the store.
 */
export function keepServingOnUnhandledRejections(log: Logger, proc: EventEmitter = process): () => void {
  const onRejection = (reason: unknown) => log.error({ err: reason }, 'unhandled promise rejection: logged, still serving');
  proc.on('unhandledRejection', onRejection);
  return () => proc.off('unhandledRejection', onRejection);
}
