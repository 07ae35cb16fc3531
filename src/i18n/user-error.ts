import type { PlainKey } from './index.js';

/** An error the member caused and can fix: shown to them in their language, never logged as a fault. */
export class UserError extends Error {
  constructor(readonly key: PlainKey) {
    super(key);
    this.name = 'UserError';
  }
}
