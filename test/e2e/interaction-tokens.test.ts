import { packQuestion as question } from '../support/packs.js';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapQueries } from '../../src/store/client.js';
import { DEFAULT_TIMING } from '../../src/scheduler/rounds.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { eventually } from '../support/eventually.js';
import { buttonsOf, clickAndSettle, embedOf } from '../support/messages.js';

/**
 * Interaction tokens die after 15 minutes: the emulator reads their age on the bot's own clock
 * (or expires them all at once), and a follow-up or an edit through a dead one answers 401 50027.
 * Nothing the bot does later than right away may depend on one.
 */
const MIN = 60_000;
let now = new Date('2026-12-02T10:00:00Z');
let bot: SandboxBot;
/** a latch on the pack import's write: the test moves the clock while the import is under way */
let hold: { arrived: () => void; released: Promise<void> } | undefined;

beforeAll(async () => {
  bot = await startSandboxBot({
    clock: () => now,
    rng: seededRng(9),
    dailySweep: false,
    roundTicker: false,
    wrapStore: (db) =>
      wrapQueries(db, async (run, { model, operation }) => {
        if (hold && model === 'Pack' && operation === 'create') {
          const h = hold;
          hold = undefined;
          h.arrived();
          await h.released;
        }
        return run();
      }),
  });
  bot.emu.tokens.clock = () => now;
});
afterAll(async () => bot?.stop());


describe('interaction tokens older than 15 minutes', () => {
  it('the emulator refuses a dead token with 401 50027 and counts it', async () => {
    const id = bot.emu.sendCommand({ user: 'alice', name: 'ping' });
    await bot.emu.waitForReply(id);
    const interaction = bot.emu.interactions.get(id)!;
    const url = `${bot.emu.apiUrl}/v10/webhooks/${bot.emu.state.applicationId}/${interaction.token}/messages/@original`;
    const patch = () => fetch(url, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ content: 'late' }) });
    expect((await patch()).status).toBe(200);
    now = new Date(now.getTime() + 15 * MIN);
    const late = await patch();
    expect(late.status).toBe(401);
    expect(await late.json()).toEqual({ message: 'Invalid Webhook Token', code: 50027 });
    expect(bot.emu.tokens.counts.expiredTokens).toBe(1);
  });

  it('a /pack import slower than its token answers in the channel instead', async () => {
    let arrived!: () => void;
    let release!: () => void;
    const arrival = new Promise<void>((r) => (arrived = r));
    hold = { arrived, released: new Promise<void>((r) => (release = r)) };
    const file = bot.emu.uploadAttachment('week.yaml', Buffer.from(stringify({ pack: 'slow-week', topic: 'kubernetes', questions: [question('a'), question('b'), question('c')] })));
    const id = bot.emu.sendCommand({ user: 'alice', name: 'pack', options: [{ name: 'import', type: 1, options: [{ name: 'file', type: 11, value: file }] }] });
    await arrival;
    // The import is under way: the bot's safety net defers, then the import outlives the token.
    expect((await bot.emu.waitForAck(id)).ack).toBe('defer');
    now = new Date(now.getTime() + 16 * MIN);
    const expiredBefore = bot.emu.tokens.counts.expiredTokens;
    release();
    const answer = await bot.emu.waitFor(() => bot.emu.channelMessages(bot.channelId).find((m) => !m.interaction && m.content.includes('slow-week')));
    expect(answer.content).toMatch(new RegExp(`^<@${bot.emu.member('alice').id}> .*slow-week`));
    expect(bot.emu.tokens.counts.expiredTokens).toBe(expiredBefore + 1);
    expect(await bot.app.db.pack.count({ where: { name: 'slow-week' } })).toBe(1);
    // No apology tried through the dead token, nothing logged as a failure.
    expect(bot.logs.lines.filter((l) => l.interaction === id && (l.level as number) >= 50)).toEqual([]);
  });

  it('leaderboard pages turn on the click’s own token, whatever the age of the board’s', async () => {
    const id = bot.emu.sendCommand({ user: 'alice', name: 'leaderboard' });
    const board = (await bot.emu.waitForReply(id))!;
    now = new Date(now.getTime() + 14 * MIN);
    bot.emu.expireInteractionTokens();
    const expiredBefore = bot.emu.tokens.counts.expiredTokens;
    const turned = await clickAndSettle(bot.emu, { user: 'alice', messageId: board.id, customId: buttonsOf(board)[0]!.custom_id });
    expect(turned.interaction.ack).toBe('update');
    // After the board's 15 minutes the member is told so, on the click, not through the dead token.
    now = new Date(now.getTime() + 2 * MIN);
    const late = await clickAndSettle(bot.emu, { user: 'alice', messageId: board.id, customId: buttonsOf(board)[0]!.custom_id });
    expect(late.followUp?.content).toBe('This leaderboard is out of date. Run /leaderboard again for a fresh one.');
    expect(bot.emu.tokens.counts.expiredTokens).toBe(expiredBefore);
    expect(embedOf(bot.emu.messages.get(board.id)).title).toBe(embedOf(board).title);
  });

  it('a round longer than 15 minutes never uses its start token: posts, reveals and an abort', async () => {
    const start = bot.emu.sendCommand({ user: 'alice', channelId: bot.channelId, name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 3 }, { name: 'seconds', type: 4, value: 60 }] }] });
    await bot.emu.waitForReply(start);
    const expiredBefore = bot.emu.tokens.counts.expiredTokens;
    const tick = async (ms: number) => {
      now = new Date(now.getTime() + ms);
      await bot.app.context.rounds.tick();
    };
    await tick(DEFAULT_TIMING.introMs);
    await tick(60_000);
    await tick(DEFAULT_TIMING.pauseMs);
    // 16 minutes into the round (a long pause: a stalled step), the channel is lost: the round aborts.
    now = new Date(now.getTime() + 16 * MIN);
    bot.emu.faults.deniedChannels.add(bot.channelId);
    await tick(0);
    await bot.app.context.rounds.settled();
    await eventually(async () => ((await bot.app.db.round.findFirst({ where: { status: 'aborted' } })) ? true : undefined));
    await eventually(async () => (bot.logs.lines.some((l) => l.msg === 'round aborted after its start interaction expired: the starter is not told privately') ? true : undefined));
    bot.emu.faults.deniedChannels.delete(bot.channelId);
    expect(bot.emu.tokens.counts.expiredTokens).toBe(expiredBefore);
  });
});
