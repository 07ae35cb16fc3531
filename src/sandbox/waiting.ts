import type { EventEmitter } from 'node:events';
import type { EmuInteraction } from './state.js';

/** Waiters for interactions' acknowledgements, keyed by id: a crowd of 500 waiters stays cheap (no scan on every change). */
export class AckWaiters {
  private readonly waiters = new Map<string, (() => void)[]>();

  wait(interaction: EmuInteraction, ms: number): Promise<EmuInteraction> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for acknowledgement of interaction ${interaction.id}`)), ms);
      const list = this.waiters.get(interaction.id) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve(interaction);
      });
      this.waiters.set(interaction.id, list);
    });
  }

  wake(interactionId: string) {
    for (const wake of this.waiters.get(interactionId) ?? []) wake();
    this.waiters.delete(interactionId);
  }
}

/** Polls `check` on every 'change' the emitter reports until it returns a value (or rejects after `ms`). */
export function waitForChange<T>(emitter: EventEmitter, check: () => T | undefined, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const value = check();
      if (value !== undefined) {
        cleanup();
        resolve(value);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const cleanup = () => {
      clearTimeout(timer);
      emitter.off('change', attempt);
    };
    emitter.on('change', attempt);
    attempt();
  });
}
