import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { LogCapture } from '../support/bot.js';

describe('logger', () => {
  it('keeps the bot token and interaction tokens out of every line', () => {
    const capture = new LogCapture();
    const secret = 'MTIz.GabcDE.super-secret';
    const log = createLogger('info', [secret], capture);
    log.info({ token: 'abc' }, `login with ${secret}`);
    const err = Object.assign(new Error('404 on POST /interactions/123456789012345678/aW50ZXJhY3Rpb246secret/callback'), {
      url: 'http://x/api/v10/webhooks/123456789012345678/aW50ZXJhY3Rpb246secret/messages/@original',
    });
    log.error({ err }, 'failed');
    const all = capture.raw.join('');
    expect(all).not.toContain('super-secret');
    expect(all).not.toContain('aW50ZXJhY3Rpb246secret');
    expect(all).not.toContain('"abc"');
    expect(all).toContain('/interactions/123456789012345678/[token]/callback');
  });
});
