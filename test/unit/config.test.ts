import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.very-secret-value';

describe('loadConfig', () => {
  it('defaults to the sandbox and a SQLite file under ./data', () => {
    const config = loadConfig({});
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.DATABASE_URL).toBe('file:./data/quiz.db');
    expect(config.SANDBOX_PORT).toBe(8787);
  });

  it('treats empty values (as copied from .env.example) as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', DEV_GUILD_ID: '' }).DISCORD_TOKEN).toBeUndefined();
  });

  it.each([
    ['SANDBOX_PORT', 'not-a-port'],
    ['SANDBOX_PORT', '70000'],
    ['DEV_GUILD_ID', '12ab'],
    ['DISCORD_APP_ID', '42'],
    ['DATABASE_URL', 'mysql://localhost/quiz'],
    ['DISCORD_API_URL', 'ftp://example'],
    ['LOG_LEVEL', 'loud'],
    ['DISCORD_TOKEN', 'has spaces in it'],
  ])('refuses a malformed %s with one line naming it', (name, value) => {
    const run = () => loadConfig({ [name]: value });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('never echoes the token, even when another variable is wrong', () => {
    try {
      loadConfig({ DISCORD_TOKEN: TOKEN, SANDBOX_PORT: 'x' });
      expect.unreachable();
    } catch (err) {
      expect(String(err)).not.toContain('very-secret-value');
    }
  });
});
