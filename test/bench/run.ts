/**
 * `npm run bench [-- --quick] [-- --json]`: the bot in its own process against the emulator in
 * this one, on a fresh database. Each scenario is printed beside a baseline measured in the same
 * run (/ping, or a plain discord.js login), so the ratios hold on a noisy machine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { DiscordEmulator, processViolations } from '../../src/sandbox/emulator.js';
import { ensureBuilt, spawnBot, type BotProcess } from '../support/process.js';
import { startSandboxBot } from '../support/bot.js';
import { manyDailyServers } from '../support/fanout.js';
import { buttonsOf } from '../support/messages.js';
import { flags, log, pct, printFigures, record, rssOf } from './measure.js';
import { benchBoards } from './scenarios/boards.js';
import { benchMemory } from './scenarios/memory.js';
import { benchPlan } from './scenarios/plan.js';
import { scratchPostgresDatabase } from '../support/scratch-postgres.js';
import { benchReviews } from './scenarios/reviews.js';
import { benchRecount } from './scenarios/recount.js';

const size = flags.quick ? { sequential: 200, burst: 200, bursts: 2 } : { sequential: 2000, burst: 500, bursts: 5 };
const TOKEN = 'YmVuY2g.bench.token-for-the-emulator';

const dir = mkdtempSync(join(tmpdir(), 'quiz-bench-'));
// One in-process scenario alone: `npm run bench -- --quick --only plan`.
const ONLY: Record<string, (dir: string) => Promise<void>> = { plan: benchPlan, recount: benchRecount };
if (flags.only !== undefined) {
  const scenario = ONLY[flags.only];
  if (!scenario) throw new Error(`--only takes one of: ${Object.keys(ONLY).join(', ')}`);
  await scenario(dir);
  printFigures();
  process.exit(0);
}
const emu = await new DiscordEmulator().start();
const env = { DATABASE_URL: `file:${dir}/bench.db`, DISCORD_TOKEN: TOKEN, DISCORD_API_URL: emu.apiUrl, LOG_LEVEL: 'warn' };
const channelId = emu.guild.channels[0]!.id;

// The production build, as `npm start` runs it; built once here, before any clock starts.
ensureBuilt();
async function startBot(): Promise<{ bot: BotProcess; ms: number }> {
  const t0 = performance.now();
  const bot = spawnBot({ ...env, LOG_LEVEL: 'info' }, { compiled: true });
  await bot.waitForOutput(/"msg":"bot ready"/, 60_000);
  return { bot, ms: performance.now() - t0 };
}
const latency = (id: string) => emu.waitForAck(id, 30_000).then((i) => i.ackedAt! - i.dispatchedAt);
const ping = (user = 'bob') => emu.sendCommand({ user, channelId, name: 'ping' });
const practice = (user: string) => emu.sendCommand({ user, channelId, name: 'quiz', options: [{ name: 'practice', type: 1, options: [] }] });

// First start migrates and loads the bank; the cold start below is the second, on that database.
let { bot } = await startBot();
log('bot started; warming up');
// Members take turns: one member clicking as fast as a script can would be slowed by the per-member
// cooldown (20 at once, then 5/s), which is not what this measures. Each is warmed up once first.
const solo = emu.addMembers(200);
const practiseOnce = async (user: string) => {
  const shown = practice(user);
  const message = (await emu.waitForReply(shown))!;
  return latency(emu.clickButton({ user, messageId: message.id, customId: buttonsOf(message)[0]!.custom_id }));
};
for (const m of solo) {
  await latency(ping(m.id));
  await practiseOnce(m.id);
}

// 1. Practice answers, one member at a time, against /ping one at a time.
const pings: number[] = [];
for (let i = 0; i < size.sequential; i++) pings.push(await latency(ping(solo[i % solo.length]!.id)));
const answers: number[] = [];
for (let i = 0; i < size.sequential; i++) answers.push(await practiseOnce(solo[i % solo.length]!.id));
pings.sort((a, b) => a - b);
answers.sort((a, b) => a - b);
record('practice answer ack p50', pct(answers, 0.5), 'ms', pct(pings, 0.5), '<= 2x /ping p50', pct(answers, 0.5) <= 2 * pct(pings, 0.5));
record('practice answer ack p99', pct(answers, 0.99), 'ms', pct(pings, 0.99), 'report', null);
log(`1. practice: ${size.sequential} clicks`);

// 2. Round bursts: N members click the same question at once, against N /pings at once.
const crowd = emu.addMembers(size.burst);
let burstChannels = 0;
async function roundBursts() {
  const pingBurst: number[] = [];
  const roundBurst: number[] = [];
  let recorded = 0;
  let clicks = 0;
  for (let b = 0; b < size.bursts; b++) {
    pingBurst.push(...(await Promise.all(crowd.map((m) => latency(ping(m.id))))));
    const ch = { id: `${BigInt(channelId) + BigInt(1000 + burstChannels++)}`, name: `burst-${burstChannels}`, type: 0, guild_id: emu.guild.id };
    emu.guild.channels.push(ch);
    await emu.waitForAck(emu.sendCommand({ user: 'alice', channelId: ch.id, name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'seconds', type: 4, value: 60 }] }] }));
    const question = await emu.waitFor(() => emu.channelMessages(ch.id).find((m) => buttonsOf(m).some((x) => x.custom_id.startsWith('ra:'))), 10_000);
    const buttons = buttonsOf(question);
    const ids = crowd.map((m, n) => emu.clickButton({ user: m.id, messageId: question.id, customId: buttons[n % buttons.length]!.custom_id }));
    clicks += ids.length;
    roundBurst.push(...(await Promise.all(ids.map(latency))));
    recorded += ids.filter((id) => emu.responseTo(id)?.content.startsWith('🔒')).length;
    await emu.waitForAck(emu.sendCommand({ user: 'alice', channelId: ch.id, name: 'quiz', options: [{ name: 'stop', type: 1, options: [] }] }));
  }
  return { pingBurst: pingBurst.sort((a, b) => a - b), roundBurst: roundBurst.sort((a, b) => a - b), recorded, clicks };
}
const sqlite = await roundBursts();
const { pingBurst, roundBurst, recorded, clicks } = sqlite;
record(`round burst (${size.burst} at once) ack p50`, pct(roundBurst, 0.5), 'ms', pct(pingBurst, 0.5), 'report', null);
record(`round burst (${size.burst} at once) ack p99`, pct(roundBurst, 0.99), 'ms', pct(pingBurst, 0.99), '< 1000 ms and <= 2x /ping burst p99', pct(roundBurst, 0.99) < 1000 && pct(roundBurst, 0.99) <= 2 * pct(pingBurst, 0.99));
record('round burst answers locked in / clicks', recorded / clicks, 'ratio', 1, '= 1', recorded === clicks);
log(`2. round bursts: ${size.bursts} x ${size.burst}`);

// Resident memory of the bot after the bursts (scenario 5 measures it across 1,000 servers).
const rss = rssOf(bot.child.pid!);
record(`bot RSS after ${size.sequential * 2 + clicks} interactions in one server`, rss, 'MB', null, 'report', null);

// 2b. The same bursts with the store on PostgreSQL (a throwaway local server), beside SQLite's.
bot.child.kill('SIGTERM');
await bot.exited;
const store = await scratchPostgresDatabase().catch((err: Error) => (log(`2b. skipped: no PostgreSQL server (${err.message.split('\n')[0]}); bash test/support/postgres.sh ensure installs one`), undefined));
if (store) {
  const onPg = spawnBot({ ...env, DATABASE_URL: store.url, LOG_LEVEL: 'info' }, { compiled: true });
  await onPg.waitForOutput(/"msg":"bot ready"/, 60_000);
  for (const m of crowd.slice(0, 20)) await latency(ping(m.id));
  const pgRun = await roundBursts();
  record(`round burst (${size.burst} at once) ack p50, PostgreSQL vs SQLite`, pct(pgRun.roundBurst, 0.5), 'ms', pct(roundBurst, 0.5), 'report', null);
  record(`round burst (${size.burst} at once) ack p99, PostgreSQL vs SQLite`, pct(pgRun.roundBurst, 0.99), 'ms', pct(roundBurst, 0.99), '< 1000 ms', pct(pgRun.roundBurst, 0.99) < 1000);
  record('round burst answers locked in / clicks, PostgreSQL', pgRun.recorded / pgRun.clicks, 'ratio', 1, '= 1', pgRun.recorded === pgRun.clicks);
  onPg.child.kill('SIGTERM');
  await onPg.exited;
  await store.done();
  log('2b. round bursts on PostgreSQL');
}

// 6. Cold start on the existing database with the full bank, against a plain discord.js login.
const cold = await startBot();
bot = cold.bot;
const t0 = performance.now();
const plain = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiUrl } });
const ready = new Promise((r) => plain.once(Events.ClientReady, r));
await plain.login(TOKEN);
await ready;
const plainMs = performance.now() - t0;
await plain.destroy();
record('cold start to ready', cold.ms, 'ms', plainMs, '< 3000 ms', cold.ms < 3000);
log('6. cold start');

bot.child.kill('SIGTERM');
await bot.exited;
await emu.stop();

// 4. Daily fan-out: N servers due at the same minute, the emulator enforcing 50 requests/s.
// In this process (the limit, not CPU, is what is measured), with the scheduler's clock injected.
{
  const servers = flags.quick ? 100 : 1000;
  let now = new Date('2026-12-24T08:59:00Z');
  const fan = await startSandboxBot({ clock: () => now, dailySweep: false, databaseUrl: `file:${dir}/fanout.db` });
  fan.emu.faults.globalLimitPerSecond = 50;
  const list = await manyDailyServers(fan.emu, fan.app.db, servers);
  const channels = new Set(list.map((s) => s.channelId));
  now = new Date('2026-12-24T09:00:00Z');
  const t0 = Date.now();
  const posted = await fan.app.context.daily.tick();
  const lastPost = Math.max(...[...fan.emu.messages.values()].filter((m) => channels.has(m.channel_id)).map((m) => Date.parse(m.timestamp)));
  const allowed = servers / 50;
  record(`daily fan-out: ${servers} servers, all posts recorded`, (lastPost - t0) / 1000, 's', allowed, `< ${(allowed * 1.25).toFixed(0)} s (50 req/s allows ${allowed} s)`, posted === servers && (lastPost - t0) / 1000 < allowed * 1.25);
  record('daily fan-out: everything incl. threads', (Date.now() - t0) / 1000, 's', allowed, 'report', null);
  record('daily fan-out: 429s the emulator had to send', fan.emu.faults.rateLimited, 'count', null, 'report', null);
  await fan.stop();
  log('4. daily fan-out');
}

await benchBoards(dir);
await benchMemory(dir, TOKEN);
await benchReviews(dir);

await benchPlan(dir);
await benchRecount();

// A run whose requests Discord would have refused measured something real Discord never serves.
const refused = processViolations();
record('requests Discord would refuse (spec and limits)', refused.length, 'count', 0, '= 0', refused.length === 0);
for (const v of refused.slice(0, 20)) log(`refused: ${v.route} ${v.field}: ${v.code} ${v.message} (${v.value})`);

printFigures();
process.exit(refused.length ? 1 : 0);
