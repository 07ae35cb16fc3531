import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, metricsOn } from '../../src/config.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.very-secret-value';

describe('loadConfig', () => {
  it('defaults to the sandbox and a SQLite file under ./data', () => {
    const config = loadConfig({});
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.DATABASE_URL).toBe('file:./data/quiz.db');
    expect(config.SANDBOX_PORT).toBe(8787);
  });

  it('keeps a removed server\'s data 30 days unless DATA_RETENTION_DAYS says otherwise, and refuses a bad value by name', () => {
    expect(loadConfig({}).DATA_RETENTION_DAYS).toBe(30);
    expect(loadConfig({ DATA_RETENTION_DAYS: '' }).DATA_RETENTION_DAYS).toBe(30);
    expect(loadConfig({ DATA_RETENTION_DAYS: '7' }).DATA_RETENTION_DAYS).toBe(7);
    for (const bad of ['0', '2.5', 'month']) expect(() => loadConfig({ DATA_RETENTION_DAYS: bad })).toThrow(/^Invalid configuration: DATA_RETENTION_DAYS /);
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
    ['SHARD_COUNT', '0'],
    ['SHARD_IDS', '0;1'],
    ['INTERACTIONS_MODE', 'webhook'],
    ['DISCORD_PUBLIC_KEY', 'abc'],
    ['SCHEDULER', 'maybe'],
  ])('refuses a malformed %s with one line naming it', (name, value) => {
    const run = () => loadConfig({ [name]: value });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('reads shards and checks them against their count', () => {
    expect(loadConfig({ SHARD_COUNT: '4', SHARD_IDS: '2,0,2' })).toMatchObject({ SHARD_COUNT: 4, SHARD_IDS: [0, 2] });
    expect(() => loadConfig({ SHARD_IDS: '1' })).toThrow(/^Invalid configuration: SHARD_IDS needs SHARD_COUNT/);
    expect(() => loadConfig({ SHARD_COUNT: '2', SHARD_IDS: '0,2' })).toThrow(/^Invalid configuration: SHARD_IDS has 2, but shards are numbered 0 to SHARD_COUNT-1 \(1\)/);
  });

  it('needs the public key for HTTP interactions with a real token, and no shards there', () => {
    expect(() => loadConfig({ INTERACTIONS_MODE: 'http', DISCORD_TOKEN: TOKEN })).toThrow(/^Invalid configuration: DISCORD_PUBLIC_KEY is required when INTERACTIONS_MODE=http/);
    expect(loadConfig({ INTERACTIONS_MODE: 'http', DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: 'ab'.repeat(32) }).INTERACTIONS_MODE).toBe('http');
    expect(() => loadConfig({ INTERACTIONS_MODE: 'http', SHARD_COUNT: '2' })).toThrow(/SHARD_COUNT is for gateway mode/);
  });

  it('serves metrics only when asked: METRICS=on, or a METRICS_PORT of their own', () => {
    expect(metricsOn(loadConfig({}))).toBe(false);
    expect(metricsOn(loadConfig({ PORT: '8080' }))).toBe(false);
    expect(metricsOn(loadConfig({ METRICS: 'on' }))).toBe(true);
    expect(metricsOn(loadConfig({ METRICS_PORT: '9464' }))).toBe(true);
    expect(() => loadConfig({ METRICS: 'yes' })).toThrow(/^Invalid configuration: METRICS must be on or off/);
    expect(() => loadConfig({ METRICS: 'off', METRICS_PORT: '9464' })).toThrow(/^Invalid configuration: METRICS_PORT serves metrics, but METRICS is off/);
    expect(() => loadConfig({ PORT: '8080', METRICS_PORT: '8080' })).toThrow(/^Invalid configuration: METRICS_PORT must differ from PORT/);
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
