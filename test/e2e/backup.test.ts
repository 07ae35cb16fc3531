import { execFile } from 'node:child_process';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf } from '../support/messages.js';
import { TEMPLATE_DB, TMP_DIR } from '../support/paths.js';

const run = promisify(execFile);
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** The npm scripts' command (`npm run backup` / `npm run restore`), with DATABASE_URL set. */
async function cli(databaseUrl: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ['src/store/backup-cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const answerKeys = (path: string): Set<string> => {
  const db = new Database(path, { readonly: true });
  try {
    return new Set((db.prepare("SELECT userId, sourceId FROM Answer WHERE source = 'round'").all() as { userId: string; sourceId: string }[]).map((a) => `${a.sourceId}:${a.userId}`));
  } finally {
    db.close();
  }
};

const scratch = (suffix: string) => `${TMP_DIR}${randomBytes(6).toString('hex')}${suffix}`;

let bot: SandboxBot | undefined;
afterAll(async () => bot?.stop());

describe('npm run backup / npm run restore on SQLite while the bot runs', () => {
  it('copies every acknowledged answer during a burst, and restores only a backup of this schema onto a stopped bot', async () => {
    const path = scratch('.db');
    copyFileSync(TEMPLATE_DB, path);
    const url = `file:${path}`;
    bot = await startSandboxBot({ databaseUrl: url, rng: seededRng(3), roundTiming: { introMs: 50 } });
    const ch = bot.channelId;
    const crowd = bot.emu.addMembers(300);
    await bot.emu.waitForAck(bot.emu.sendCommand({ user: 'alice', channelId: ch, name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'seconds', type: 4, value: 60 }] }] }));
    const q1 = await bot.emu.waitFor(() => bot!.emu.channelMessages(ch).find((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('ra:'))), 10_000, 'question 1');
    const buttons = buttonsOf(q1);
    const rqId = buttons[0]!.custom_id.split(':')[1]!;
    const click = (n: number) => bot!.emu.clickButton({ user: crowd[n]!.id, messageId: q1.id, customId: buttons[n % buttons.length]!.custom_id });

    // Half the crowd answers and is acknowledged; then the backup runs while the other half clicks.
    await Promise.all(crowd.slice(0, 150).map((_, n) => bot!.emu.waitForAck(click(n), 20_000)));
    const acknowledged = crowd.slice(0, 150).map((m) => `${rqId}:${m.id}`);
    const out = scratch('.backup.db');
    const backup = cli(url, 'backup', '--out', out);
    const rest = crowd.slice(150).map((_, n) => click(150 + n));
    const made = await backup;
    await Promise.all(rest.map((id) => bot!.emu.waitForAck(id, 20_000)));
    expect(made.out).toMatch(/backed up .* \(\d+ pages\)/);
    expect(made.code).toBe(0);
    const copied = answerKeys(out);
    for (const key of acknowledged) expect(copied.has(key), key).toBe(true);
    const live = answerKeys(path);
    expect(live.size).toBe(300);
    for (const key of copied) expect(live.has(key)).toBe(true);

    // A running bot's database is never overwritten.
    const refused = await cli(url, 'restore', out);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/is open in another process \(a running bot\?\): stop it first\. Nothing was changed\./);
    expect(answerKeys(path).size).toBe(300);

    // Files that are not a backup of this schema are refused, whatever the bot's state.
    const text = scratch('.txt');
    writeFileSync(text, 'not a database at all, just text that is long enough');
    expect((await cli(url, 'restore', text)).out).toMatch(/is not a backup of this bot's database: not a SQLite database/);
    const other = scratch('.db');
    new Database(other).exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)').close();
    expect((await cli(url, 'restore', other)).out).toMatch(/no _prisma_migrations table/);
    const tampered = scratch('.db');
    copyFileSync(out, tampered);
    new Database(tampered).exec("UPDATE _prisma_migrations SET checksum = 'x' WHERE migration_name LIKE '%_init'").close();
    expect((await cli(url, 'restore', tampered)).out).toMatch(/its migration \d+_init differs from prisma\/migrations\/\d+_init \(checksum\)/);
    const newer = scratch('.db');
    copyFileSync(out, newer);
    new Database(newer).exec("INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('z', 'c', '29991231000000_from_the_future', 0, 0, 1)").close();
    expect((await cli(url, 'restore', newer)).out).toMatch(/29991231000000_from_the_future is not this version's \(none\)/);

    // Stopped, the bot's database is replaced by the backup (the old one kept beside it), and it starts on it.
    await bot.stop();
    bot = undefined;
    const restored = await cli(url, 'restore', out);
    expect(restored.out).toMatch(/restored .* the database it replaced is kept as /);
    expect(restored.code).toBe(0);
    expect(answerKeys(path)).toEqual(copied);
    const kept = readdirSync(TMP_DIR).filter((f) => f.startsWith(`${path.split('/').at(-1)}.replaced-`));
    expect(kept).toHaveLength(1);
    expect(answerKeys(join(TMP_DIR, kept[0]!)).size).toBe(300);
    bot = await startSandboxBot({ databaseUrl: url });
    expect(await bot.app.db.answer.count({ where: { source: 'round' } })).toBe(copied.size);
  });
});
