/**
 * `npm run chaos -- --seconds N --seed S [--store postgres]`: the bot in its own process against the emulator, under a
 * reproducible mix of members' traffic across three servers while faults strike at random moments:
 * SIGKILL and restart, gateway drops, op 7 and op 9, REST 429 storms, 500s and slow sends, failed
 * interaction callbacks, a daily post time passing while the bot is down. Then the invariants are
 * checked from the store and the emulator's record; any violation exits non-zero.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import { ALL_PERMISSIONS } from '../../src/sandbox/state.js';
import { openStore } from '../../src/store/client.js';
import { seededRng } from '../support/bot.js';
import { spawnBot, type BotProcess } from '../support/process.js';
import { checkInvariants, type Window } from './invariants.js';
import { Traffic, type Server } from './traffic.js';
import { scratchPostgresDatabase } from '../support/scratch-postgres.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, seed: { type: 'string', default: '1' }, store: { type: 'string', default: 'sqlite' }, json: { type: 'boolean' } } });
if (values.store !== 'sqlite' && values.store !== 'postgres') throw new Error('--store is sqlite or postgres');
const seconds = Number(values.seconds);
const seed = Number(values.seed);
const rng = seededRng(seed);
const TOKEN = 'Y2hhb3M.chaos.token-for-the-emulator';

const emu = await new DiscordEmulator().start();
emu.faults.random = seededRng(seed + 1);
const extra = emu.addGuilds(2, 15);
for (const g of extra) g.members[0]!.permissions = ALL_PERMISSIONS;
emu.addMembers(12);
const demo = emu.guild;
const servers: Server[] = [
  { guildId: demo.id, channelId: demo.channels[0]!.id, manager: emu.member('alice'), members: demo.members },
  ...extra.map((g) => ({ guildId: g.id, channelId: g.channels[0]!.id, manager: g.members[0]!, members: g.members })),
];

// --store postgres: a new database on TEST_POSTGRES_URL's server, or on a throwaway one.
const pgStore = values.store === 'postgres' ? await scratchPostgresDatabase() : undefined;
const databaseUrl = pgStore?.url ?? `file:${join(mkdtempSync(join(tmpdir(), 'quiz-chaos-')), 'chaos.db')}`;
const { db } = await openStore(databaseUrl);
const env = { DATABASE_URL: databaseUrl, DISCORD_TOKEN: TOKEN, DISCORD_API_URL: emu.apiUrl, LOG_LEVEL: 'warn' };

const counts = { kills: 0, drops: 0, reconnects: 0, invalidSessions: 0, storms: 0, errorBursts: 0, slowBursts: 0, failedCallbacksArmed: 0, downAcrossDailyPost: 0 };
const disturbed: Window[] = [];
let bot: BotProcess;
async function start() {
  bot = spawnBot({ ...env, LOG_LEVEL: 'info' });
  await bot.waitForOutput(/"msg":"bot ready"/, 60_000);
}
/** Marks the time around a fault as one where late answers are the fault's, not the bot's. */
async function disturb<T>(fault: () => Promise<T> | T): Promise<T> {
  const window = { from: performance.now() - 3000, to: Infinity };
  disturbed.push(window);
  const result = await fault();
  await emu.waitFor(() => (emu.botConnected ? true : undefined), 60_000, 'the bot back online');
  window.to = performance.now() + 1000;
  return result;
}
async function killAndRestart(downMs = 0) {
  counts.kills++;
  await disturb(async () => {
    bot.child.kill('SIGKILL');
    await bot.exited;
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    await start();
  });
}

await start();
// Each server's manager sets the daily up, due a little after the run starts; one server's post
// time is made to pass while the bot is down.
const postAt = DateTime.utc().plus({ seconds: 15 }).startOf('minute').plus({ minutes: 1 });
for (const s of servers) {
  const id = emu.sendCommand({ user: s.manager.id, channelId: s.channelId, name: 'daily', options: [{ name: 'setup', type: 1, options: [{ name: 'channel', type: 7, value: s.channelId }, { name: 'time', type: 3, value: postAt.toFormat('HH:mm') }, { name: 'timezone', type: 3, value: 'UTC' }] }] });
  await emu.waitForAck(id, 10_000);
}

const traffic = new Traffic(emu, rng, servers);
// At least until a little after the daily post, so the run always crosses it.
const end = performance.now() + Math.max(seconds * 1000, postAt.toMillis() - Date.now() + 25_000);
/** One fault that restarts the bot at a time. */
let restarting: Promise<void> = Promise.resolve();
const exclusive = (fault: () => Promise<void>) => (restarting = restarting.then(fault));
// Down across the daily post time: on restart the post is caught up, once.
const acrossPost = new Promise<void>((resolve) =>
  setTimeout(() => {
    counts.downAcrossDailyPost++;
    void exclusive(() => killAndRestart(6000)).then(resolve);
  }, postAt.toMillis() - Date.now() - 3000),
);
const workers = Array.from({ length: 6 }, async () => {
  while (performance.now() < end) {
    await traffic.step().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 20 + rng() * 80));
  }
});
const faults = (async () => {
  while (performance.now() < end - 8000) {
    await new Promise((r) => setTimeout(r, 2000 + rng() * 4000));
    const roll = rng();
    if (roll < 0.2) await exclusive(() => killAndRestart());
    else if (roll < 0.3) await exclusive(() => (counts.drops++, disturb(() => emu.dropConnection())));
    else if (roll < 0.4) await exclusive(() => (counts.reconnects++, disturb(() => emu.requestReconnect())));
    else if (roll < 0.5) await exclusive(() => (counts.invalidSessions++, disturb(() => emu.invalidateSession())));
    else if (roll < 0.65) (counts.storms++, (emu.faults.stormUntil = performance.now() + 2000));
    else if (roll < 0.8) {
      counts.errorBursts++;
      emu.faults.serverErrorRate = 0.3;
      setTimeout(() => (emu.faults.serverErrorRate = 0), 3000);
    } else if (roll < 0.9) {
      counts.slowBursts++;
      emu.faults.slowMessagesMs = 700;
      setTimeout(() => (emu.faults.slowMessagesMs = 0), 3000);
    } else (counts.failedCallbacksArmed++, (emu.faults.failCallbacks += 3));
  }
})();
await Promise.all([...workers, faults, acrossPost]);

// Let in-flight work settle (rounds close, retries finish) before reading the record.
emu.faults.serverErrorRate = 0;
emu.faults.stormUntil = 0;
emu.faults.slowMessagesMs = 0;
await new Promise((r) => setTimeout(r, 5000));
const stoppedAt = new Date(); // what was due is judged up to here, while the bot still ran
bot!.child.kill('SIGTERM');
await bot!.exited;
// Read after the bot stopped: answers it was still counting into the boards are counted by then.
const violations = await checkInvariants(db, emu, traffic.acked.values(), disturbed, stoppedAt, servers.map((s) => s.guildId));
// Every request Discord's spec or documented limits would have refused (400 Invalid Form Body).
violations['requests Discord would refuse'] = emu.violations.map((v) => `${v.route} ${v.field}: ${v.code} ${v.message} (${v.value})`);
await db.$disconnect();
await pgStore?.done();
await emu.stop();

const total = Object.values(violations).reduce((n, v) => n + v.length, 0);
const interactions = [...emu.interactions.values()];
const report = {
  seconds,
  seed,
  store: values.store,
  faults: { ...counts, ...emu.faults.counts, globalRateLimited: emu.faults.rateLimited },
  interactions: { sent: traffic.sent, delivered: interactions.filter((i) => i.delivered).length, acknowledged: interactions.filter((i) => i.ackedAt !== undefined).length },
  answers: { acknowledged: traffic.acked.size },
  dailyPosts: [...emu.messages.values()].filter((m) => (m.components as { components: { custom_id: string }[] }[]).some((r) => r.components.some((b) => b.custom_id.startsWith('da:')))).length,
  violations: Object.fromEntries(Object.entries(violations).map(([k, v]) => [k, { count: v.length, first: v.slice(0, 5) }])),
};
console.log(values.json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
console.log(total ? `chaos: ${total} violation(s)` : 'chaos: no violations');
process.exit(total ? 1 : 0);
