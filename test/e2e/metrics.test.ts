import parsePrometheus, { type MetricFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf } from '../support/messages.js';

/** Real round timing: a 60-second question stays open while the test clicks and scrapes. */
let bot: SandboxBot;
beforeAll(async () => {
  bot = await startSandboxBot({ rng: seededRng(11), roundTiming: { introMs: 50 }, config: { METRICS: 'on', PORT: 0 } });
});
afterAll(async () => bot?.stop());

async function scrape(): Promise<{ families: Map<string, MetricFamily>; text: string; contentType: string }> {
  const res = await fetch(`http://127.0.0.1:${bot.app.endpoint!.port}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  // The whole scrape parses (a malformed line throws), and declares its histograms as such.
  const declared = parsePrometheus(text);
  expect(declared.find((f) => f.name === 'quiz_interaction_duration_seconds')?.type).toBe('HISTOGRAM');
  // The parser merges a labelled histogram's series into one (it expects no label but le), so
  // histograms are read a second time as their own _bucket, _sum and _count series (one run
  // of lines per label set, gathered here).
  const series = parsePrometheus(text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped'));
  const families = new Map<string, MetricFamily>();
  for (const f of series) families.set(f.name, { ...f, metrics: [...(families.get(f.name)?.metrics ?? []), ...f.metrics] });
  return { families, text, contentType: res.headers.get('content-type') ?? '' };
}

/** A counter's or gauge's value summed over the samples whose labels include `match`. */
function value(families: Map<string, MetricFamily>, name: string, match: Record<string, string> = {}): number {
  const family = families.get(name);
  if (!family) throw new Error(`no ${name} in the scrape`);
  const samples = family.metrics.filter((s) => Object.entries(match).every(([k, v]) => s.labels?.[k] === v));
  return samples.reduce((sum, s) => sum + Number(s.value), 0);
}

describe('GET /metrics on the health port during a live round (METRICS=on)', () => {
  it('serves the Prometheus text format whose series exist and move, with no id or free text in any label', async () => {
    const before = await scrape();
    expect(before.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of ['process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'quiz_rounds_running', 'quiz_score_keeper_lag_answers', 'quiz_daily_posts_total']) {
      expect(before.families.has(name), name).toBe(true);
    }
    expect(value(before.families, 'quiz_rounds_running')).toBe(0);

    // A live round: the question post meets a 429 storm first (discord.js waits and retries).
    const ch = bot.channelId;
    const crowd = bot.emu.addMembers(20);
    bot.emu.faults.stormUntil = Infinity;
    const startId = bot.emu.sendCommand({ user: 'alice', channelId: ch, name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'seconds', type: 4, value: 60 }] }] });
    await bot.emu.waitForAck(startId);
    await bot.emu.waitFor(() => (bot.emu.faults.counts.stormed > 0 ? true : undefined), 5000, 'a 429');
    bot.emu.faults.stormUntil = 0;
    const q1 = await bot.emu.waitFor(() => bot.emu.channelMessages(ch).find((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('ra:'))), 10_000, 'question 1');
    const buttons = buttonsOf(q1);
    const clicks = crowd.map((m, n) => bot.emu.clickButton({ user: m.id, messageId: q1.id, customId: buttons[n % buttons.length]!.custom_id }));
    await Promise.all(clicks.map((id) => bot.emu.waitForAck(id, 20_000)));
    // An unknown command: a user error, labelled "unknown" rather than with what was sent.
    await bot.emu.waitForAck(bot.emu.sendCommand({ user: 'bob', channelId: ch, name: 'free-text-command-name' }));

    const during = await scrape();
    const f = during.families;
    expect(value(f, 'quiz_rounds_running')).toBe(1);
    expect(value(f, 'quiz_answers_recorded_total', { source: 'round' })).toBe(20);
    expect(value(f, 'quiz_interaction_duration_seconds_count', { command: 'button:ra', outcome: 'ok' })).toBe(20);
    expect(value(f, 'quiz_interaction_duration_seconds_count', { command: 'unknown', outcome: 'user_error' })).toBe(1);
    expect(value(f, 'quiz_discord_rest_requests_total', { route: '/channels/:id/messages', method: 'POST', status: '429' })).toBeGreaterThanOrEqual(1);
    expect(value(f, 'quiz_discord_rest_rate_limited_total', { route: '/channels/:id/messages' })).toBeGreaterThanOrEqual(1);
    expect(value(f, 'quiz_discord_rest_requests_total', { route: '/channels/:id/messages', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(value(f, 'quiz_store_query_duration_seconds_count', { model: 'raw' })).toBeGreaterThan(value(before.families, 'quiz_store_query_duration_seconds_count', { model: 'raw' }));
    expect(value(f, 'quiz_store_query_duration_seconds_count', { model: 'Round' })).toBeGreaterThan(0);
    expect(value(f, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value(f, 'quiz_score_keeper_lag_answers')).toBeGreaterThanOrEqual(0);

    // A daily challenge posted moves its counter.
    const dailyBefore = value(f, 'quiz_daily_posts_total', { outcome: 'sent' });
    const setup = bot.emu.sendCommand({ user: 'alice', channelId: ch, name: 'daily', options: [{ name: 'setup', type: 1, options: [{ name: 'channel', type: 7, value: ch }, { name: 'time', type: 3, value: '09:00' }, { name: 'timezone', type: 3, value: 'UTC' }] }] });
    await bot.emu.waitForAck(setup);
    expect((await bot.app.context.daily.postToday(bot.emu.guild.id)).status).toMatch(/posted|exists/);
    await bot.app.context.rounds.stop(ch, bot.emu.member('alice').id, false);
    const after = await scrape();
    expect(value(after.families, 'quiz_daily_posts_total', { outcome: 'sent' })).toBe(dailyBefore + 1);
    expect(value(after.families, 'quiz_rounds_running')).toBe(0);
    // /quiz start and /daily setup finished (the round's handler runs as long as its start does).
    expect(value(after.families, 'quiz_interaction_duration_seconds_count', { command: 'quiz', outcome: 'ok' })).toBe(1);
    expect(value(after.families, 'quiz_interaction_duration_seconds_count', { command: 'daily', outcome: 'ok' })).toBe(1);

    // No label value is an id (a run of digits), a member's name, a token or text with spaces.
    const ids = [...bot.emu.guild.channels.map((c) => c.id), bot.emu.guild.id, ...crowd.map((m) => m.id), bot.emu.member('alice').id];
    const names = [...crowd.map((m) => m.username), 'alice', 'bob'];
    for (const family of after.families.values()) {
      for (const sample of family.metrics) {
        for (const [key, label] of Object.entries(sample.labels ?? {})) {
          expect(label, `${family.name} ${key}`).toMatch(/^[$@A-Za-z0-9_:/.+-]{1,60}$/);
          expect(label, `${family.name} ${key}`).not.toMatch(/\d{6,}/);
          expect(names).not.toContain(label);
        }
      }
    }
    for (const id of ids) expect(after.text).not.toContain(id);
  });
});
