import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAnswer } from '../../src/store/answers.js';
import type { EmuUser } from '../../src/sandbox/state.js';
import { bankFromFiles } from '../support/bank.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf, clickAndSettle, embedOf } from '../support/messages.js';

const bank = bankFromFiles();
const goQuestion = bank.find((q) => q.topic === 'go')!;
const k8sQuestion = bank.find((q) => q.topic === 'kubernetes')!;
let now = new Date('2026-11-25T12:00:00Z');
let bot: SandboxBot;
let players: EmuUser[];
const GHOST = '999999999999999999'; // answered, then left the server: only the store knows the name
const NAMELESS = '888888888888888888'; // answered before names were kept

/** Points by player, in the order the seeding gives them; players 5 and 6 tie (5 got there first). */
const pointsOf = (k: number) => (k === 6 ? 1000 - 40 * 5 : 1000 - 40 * k);

beforeAll(async () => {
  bot = await startSandboxBot({ clock: () => new Date(now), rng: seededRng(5), dailySweep: false });
  players = bot.emu.addMembers(23);
  const guildId = bot.emu.guild.id;
  const base = new Date('2026-11-24T10:00:00Z').getTime();
  let n = 0;
  const give = (userId: string, points: number, minute: number, displayName?: string, questionId = goQuestion.id) =>
    recordAnswer(bot.app.db, { source: 'round', sourceId: `seed-${n++}`, userId, guildId, questionId, choiceIndex: 0, correct: points > 0, points, responseMs: 1000, answeredAt: new Date(base + minute * 60_000), displayName });
  for (const [k, p] of players.entries()) {
    await give(p.id, pointsOf(k), k === 6 ? 100 : k, p.global_name);
    await give(p.id, 0, 200 + k, p.global_name, k8sQuestion.id);
  }
  await give(GHOST, 990, 1, 'Ghost Gopher');
  await give(NAMELESS, 10, 1);
});
afterAll(async () => bot?.stop());

const command = async (user: string, name: string, options: { name: string; type: number; value: string | number }[] = [], locale?: string) => {
  const id = bot.emu.sendCommand({ user, name, options, locale });
  return (await bot.emu.waitForReply(id))!;
};
const lines = (description = '') => description.split('\n').map((l) => l.match(/^\*\*(\d+)\.\*\* (.+) — \*\*(\d+)\*\* pts · (\d+) correct · (\d+)%$/)?.slice(1));

describe('/leaderboard on the real bot', () => {
  it('ranks by points, shares ranks on ties (earlier achiever first), names members who left', async () => {
    const board = await command('bob', 'leaderboard');
    const rows = lines(embedOf(board).description);
    expect(rows).toHaveLength(10);
    // 1000, then the ghost's 990, 960, 920, 880, 840, then two at 800 (player 5 reached it first), 720...
    const name = (k: number) => players[k]!.global_name;
    expect(rows.map((r) => r?.[1])).toEqual([name(0), 'Ghost Gopher', name(1), name(2), name(3), name(4), name(5), name(6), name(7), name(8)]);
    expect(rows.map((r) => Number(r?.[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 7, 9, 10]);
    expect(rows.map((r) => Number(r?.[2]))).toEqual([1000, 990, 960, 920, 880, 840, 800, 800, 720, 680]);
    expect(rows[0]?.[4]).toBe('50'); // one right, one wrong
    expect(embedOf(board).fields?.[0]?.value).toBe('No answers in this period yet.');
    expect(buttonsOf(board).map((b) => b.disabled)).toEqual([true, false]);
  });

  it('turns pages for its owner only, shows the caller outside the page, and renders a nameless member', async () => {
    const board = await command(players[20]!.id, 'leaderboard');
    expect(embedOf(board).fields?.[0]?.value).toBe(`#22 · **${pointsOf(20)}** pts · 1 correct · 50%`);
    const next = buttonsOf(board)[1]!.custom_id;

    const stranger = await clickAndSettle(bot.emu, { user: 'bob', messageId: board.id, customId: next });
    expect(stranger.followUp?.content).toBe('This button belongs to someone else.');
    expect(embedOf(bot.emu.messages.get(board.id)).footer).toEqual(embedOf(board).footer);

    await clickAndSettle(bot.emu, { user: players[20]!.id, messageId: board.id, customId: next });
    await clickAndSettle(bot.emu, { user: players[20]!.id, messageId: board.id, customId: buttonsOf(bot.emu.messages.get(board.id))[1]!.custom_id });
    const last = bot.emu.messages.get(board.id)!;
    expect(embedOf(last).footer).toEqual({ text: 'Page 3/3 · 25 members' });
    expect(embedOf(last).description).toContain(`<@${NAMELESS}>`);
    expect(buttonsOf(last).map((b) => b.disabled)).toEqual([false, true]);
  });

  it('refuses an expired board politely and leaves it as it was', async () => {
    const board = await command('alice', 'leaderboard', [{ name: 'period', type: 3, value: 'week' }]);
    now = new Date(now.getTime() + 16 * 60_000);
    const late = await clickAndSettle(bot.emu, { user: 'alice', messageId: board.id, customId: buttonsOf(board)[1]!.custom_id });
    expect(late.followUp?.content).toBe('This leaderboard is out of date. Run /leaderboard again for a fresh one.');
    expect(bot.emu.messages.get(board.id)!.embeds).toEqual(board.embeds);
  });

  it('counts this week from Monday in the server’s zone, and a renamed member shows the new name after answering', async () => {
    const week = await command('alice', 'leaderboard', [{ name: 'period', type: 3, value: 'week' }]);
    expect(embedOf(week).description?.split('\n')).toHaveLength(10);
    now = new Date('2026-12-01T12:00:00Z'); // the next Tuesday: a new week, nobody has answered
    expect(embedOf(await command('alice', 'leaderboard', [{ name: 'period', type: 3, value: 'week' }])).description).toBe(
      'Nobody has answered in this period yet. Be the first: /quiz practice, a live round or the daily challenge.',
    );
    const member = players[0]!;
    member.global_name = 'Renamed Rustacean';
    const practice = await command(member.id, 'quiz', [{ name: 'practice', type: 1, value: 0 } as never]);
    await clickAndSettle(bot.emu, { user: member.id, messageId: practice.id, customId: buttonsOf(practice)[0]!.custom_id });
    const allTime = await command('alice', 'leaderboard');
    expect(lines(embedOf(allTime).description)[0]?.[1]).toBe('Renamed Rustacean');
  });

  it('speaks the member’s language', async () => {
    const board = await command('lina', 'leaderboard', [], 'zh-CN');
    expect(embedOf(board).title).toBe('排行榜 · 全部时间 · 任意主题');
    expect(embedOf(board).description?.split('\n')[0]).toMatch(/^\*\*1\.\*\* Renamed Rustacean — \*\*\d+\*\* 分 · 答对 \d+ 题 · \d+%$/);
    expect(embedOf(board).fields?.[0]?.name).toBe('你');
  });
});

describe('/stats and /group-stats on the real bot', () => {
  it('shows a member’s totals, accuracy per topic, rank, and a chart image', async () => {
    const reply = await command('alice', 'stats', [{ name: 'member', type: 6, value: players[5]!.id }]);
    const embed = embedOf(reply);
    expect(embed.title).toBe(`Stats · ${players[5]!.global_name}`);
    const field = (name: string) => embed.fields?.find((f) => f.name === name)?.value;
    expect(field('Points')).toBe(String(pointsOf(5)));
    expect(field('Answers')).toBe('2');
    expect(field('Rank in this server')).toBe('#7');
    expect(field('By topic')).toContain('Go: **100%** (1/1)');
    expect(field('By topic')).toContain('Kubernetes: **0%** (0/1)');
    expect(embed.image?.url).toBe('attachment://stats.png');
    const attachment = (reply.attachments as { id: string; filename: string }[]).find((a) => a.filename === 'stats.png')!;
    const png = Buffer.from(bot.emu.files.get(attachment.id)!.data, 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('answers in the member’s language, and says so when the member has no answers', async () => {
    expect((await command('wei', 'stats', [], 'zh-CN')).content).toBe('王伟 还没有在本服务器答过题。');
  });

  it('/group-stats lists accuracy per topic and the questions most often missed this week', async () => {
    now = new Date('2026-11-26T12:00:00Z');
    const reply = await command('alice', 'group-stats');
    const fields = embedOf(reply).fields!;
    expect(fields[0]!.value).toContain('Kubernetes: **0%** (0/23)');
    expect(fields[1]!.value).toMatch(/^1\. .+ — missed by 23 of 23/);
  });
});
