import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmuMessage } from '../../src/sandbox/state.js';
import type { MemberExport } from '../../src/store/member-data.js';
import { scoreKeeper } from '../../src/store/score-keeper.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf } from '../support/messages.js';

let bot: SandboxBot;
beforeAll(async () => {
  bot = await startSandboxBot({ rng: seededRng(21) });
});
afterAll(async () => bot?.stop());

async function command(user: string, name: string, sub?: string, locale?: string): Promise<EmuMessage> {
  const id = bot.emu.sendCommand({ user, name, locale, options: sub ? [{ name: sub, type: 1 }] : [] });
  await bot.emu.waitForAck(id);
  return bot.emu.waitFor(() => bot.emu.responseTo(id), 5000, `the reply to /${name} ${sub ?? ''}`);
}

async function click(user: string, message: EmuMessage, customId: string, locale?: string): Promise<EmuMessage> {
  const id = bot.emu.clickButton({ user, messageId: message.id, customId, locale });
  await bot.emu.waitForAck(id);
  return bot.emu.waitFor(() => bot.emu.responseTo(id), 5000, `the answer to ${customId.split(':')[0]}`);
}

/** A member answers a practice question (right or wrong, whichever button comes first). */
async function practise(user: string) {
  const question = await command(user, 'quiz', 'practice');
  await click(user, question, buttonsOf(question)[0]!.custom_id);
}

const fileOf = (m: EmuMessage) => {
  const [a] = m.attachments as { id: string; filename: string }[];
  return { name: a!.filename, json: JSON.parse(Buffer.from(bot.emu.files.get(a!.id)!.data, 'base64').toString('utf8')) as MemberExport };
};

describe('/privacy export and delete on the real bot', () => {
  it("sends a member a file of their own data, and deletes it after they confirm; the boards drop them", async () => {
    for (const user of ['alice', 'alice', 'bob']) await practise(user);
    const alice = bot.emu.member('alice').id;
    const bob = bot.emu.member('bob').id;

    const exported = await command('alice', 'privacy', 'export');
    expect(exported.ephemeralTo).toBe(alice);
    expect(exported.content).toMatch(/^Here is everything the bot stores about you: 2 answer\(s\)/);
    const file = fileOf(exported);
    expect(file.name).toBe(`quiz-bot-data-${alice}.json`);
    expect(file.json.userId).toBe(alice);
    expect(file.json.tables.answers).toHaveLength(2);
    expect(file.json.tables.practiceShowings!.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(file.json)).not.toContain(bob);

    // Chinese, and the confirmation first: nothing is deleted until the member presses the button.
    const ask = await command('alice', 'privacy', 'delete', 'zh-CN');
    expect(ask.content).toMatch(/^确定删除机器人在所有服务器中保存的关于你的全部数据吗？/);
    const [remove, keep] = buttonsOf(ask);
    expect(remove!.custom_id).toBe(`pd:${alice}`);
    expect((await click('bob', ask, remove!.custom_id)).content).toBe('This button belongs to someone else.');
    expect((await click('alice', ask, keep!.custom_id, 'zh-CN')).content).toBe('没有删除任何内容。');
    expect(await bot.app.db.answer.count({ where: { userId: alice } })).toBe(2);

    await scoreKeeper(bot.app.db).catchUp();
    const again = await command('alice', 'privacy', 'delete');
    const done = await click('alice', again, buttonsOf(again)[0]!.custom_id);
    expect(done.content).toBe('Done: your data is deleted (2 answer(s) and everything counted from them). The leaderboards no longer show you.');
    expect(buttonsOf(done)).toEqual([]);
    const after = fileOf(await command('alice', 'privacy', 'export')).json;
    for (const [name, rows] of Object.entries(after.tables)) {
      expect(rows, name).toEqual([]);
    }
    expect(await bot.app.db.score.count({ where: { userId: alice } })).toBe(0);
    expect(await bot.app.db.answer.count({ where: { userId: bob } })).toBe(1);
    expect(await bot.app.db.score.count({ where: { userId: bob } })).toBeGreaterThan(0);
  });
});
