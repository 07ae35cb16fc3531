import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankFromFiles } from '../support/bank.js';
import { DEFAULT_TIMING } from '../../src/scheduler/rounds.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { eventually } from '../support/eventually.js';
import { buttonsOf, embedOf } from '../support/messages.js';

const bank = new Map(bankFromFiles().map((q) => [q.id, q]));
let now = new Date('2026-06-01T10:00:00Z');
let bot: SandboxBot;
beforeAll(async () => {
  bot = await startSandboxBot({ clock: () => new Date(now), rng: seededRng(11), dailySweep: false, roundTicker: false });
});
afterAll(async () => bot?.stop());

const review = async (user: string, sub: string, options: { name: string; type: number; value: number }[] = []) => {
  const id = bot.emu.sendCommand({ user, name: 'review', options: [{ name: sub, type: 1, options }] });
  return (await bot.emu.waitForReply(id))!;
};
const click = async (user: string, messageId: string, customId: string) => {
  const id = bot.emu.clickButton({ user, messageId, customId });
  await bot.emu.waitForReply(id);
  return id;
};

describe('spaced repetition on the real bot (injected clock)', () => {
  let missed: string;

  it('a question missed in a live round comes back in /review start once it is due', async () => {
    const ch = bot.emu.guild.channels[2]!.id;
    await bot.emu.waitForReply(bot.emu.sendCommand({ user: 'bob', channelId: ch, name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 3 }] }] }));
    // The round runs on the test's clock: past the intro, one tick posts question 1.
    now = new Date(now.getTime() + DEFAULT_TIMING.introMs);
    await bot.app.context.rounds.tick();
    const q = bot.emu.channelMessages(ch).find((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('ra:')))!;
    const rqId = buttonsOf(q)[0]!.custom_id.split(':')[1]!;
    const rq = await bot.app.db.roundQuestion.findUniqueOrThrow({ where: { id: rqId } });
    missed = rq.questionId;
    const wrong = rq.choiceOrder.split(',').map(Number).findIndex((o) => o !== bank.get(missed)!.answer);
    await click('bob', q.id, buttonsOf(q)[wrong]!.custom_id);
    await eventually(() => bot.app.db.reviewCard.findFirst({ where: { questionId: missed } }).then((c) => c ?? undefined), 60_000, 'the card');
    await bot.app.context.rounds.stop(ch, bot.emu.member('bob').id, false);

    // Right after the miss it is in its first learning step: not due yet.
    const early = await review('bob', 'start');
    expect(early.content).toMatch(/^Nothing is due for review right now\. Next card: <t:\d+:R>\.$/);
    const card = await bot.app.db.reviewCard.findUniqueOrThrow({ where: { userId_questionId: { userId: bot.emu.member('bob').id, questionId: missed } } });
    expect(card.state).toBe(1);

    now = new Date(card.due.getTime() + 1000);
    const due = await review('bob', 'start');
    expect(embedOf(due).title).toBe('Review · 1 due now');
    expect(embedOf(due).description).toContain(bank.get(missed)!.prompt['en-US']);
    // Only one card exists, so nothing comes after it: the ordinary footer (and the release the answer describes).
    expect(embedOf(due).footer?.text).toBe(`Pick one answer. Only you can see this question. · As of ${bot.app.context.catalog.get(missed)!.version}`);
  });

  it('answering it right reschedules it further out, and "Next" says nothing else is due', async () => {
    const message = [...bot.emu.messages.values()].filter((m) => m.ephemeralTo === bot.emu.member('bob').id && embedOf(m).title?.startsWith('Review')).at(-1)!;
    const showingId = buttonsOf(message)[0]!.custom_id.split(':')[1]!;
    const showing = await bot.app.db.practiceShowing.findUniqueOrThrow({ where: { id: showingId } });
    expect(showing.mode).toBe('review');
    const right = showing.choiceOrder.split(',').map(Number).indexOf(bank.get(missed)!.answer);
    const before = await bot.app.db.reviewCard.findFirstOrThrow({ where: { questionId: missed } });
    await click('bob', message.id, `pa:${showingId}:${right}`);
    const after = await eventually(() => bot.app.db.reviewCard.findFirst({ where: { questionId: missed, reps: 2 } }).then((c) => c ?? undefined), 60_000, 'the second review');
    expect(after.due.getTime()).toBeGreaterThan(before.due.getTime());
    await click('bob', message.id, `pn:${showingId}`);
    expect(bot.emu.messages.get(message.id)!.content).toMatch(/^Nothing is due/);
  });

  it('says when the next card falls due after the ones due now, in the member’s language', async () => {
    const practise = async (correct: boolean) => {
      const id = bot.emu.sendCommand({ user: 'lina', name: 'quiz', options: [{ name: 'practice', type: 1, options: [] }] });
      const m = (await bot.emu.waitForReply(id))!;
      const showingId = buttonsOf(m)[0]!.custom_id.split(':')[1]!;
      const s = await bot.app.db.practiceShowing.findUniqueOrThrow({ where: { id: showingId } });
      const order = s.choiceOrder.split(',').map(Number);
      const answer = bank.get(s.questionId)!.answer;
      await click('lina', m.id, `pa:${showingId}:${correct ? order.indexOf(answer) : order.findIndex((o) => o !== answer)}`);
      return s.questionId;
    };
    const wrong = await practise(false);
    await practise(true);
    const lina = bot.emu.member('lina').id;
    await eventually(async () => ((await bot.app.db.reviewCard.count({ where: { userId: lina } })) === 2 ? true : undefined), 60_000, 'two cards');
    // Again puts a new card one minute out, Good ten minutes (FSRS learning steps): at +2 min one is due.
    now = new Date(now.getTime() + 2 * 60_000);
    const due = await review('lina', 'start');
    expect(embedOf(due).description).toContain(bank.get(wrong)!.prompt['zh-CN']);
    expect(embedOf(due).footer?.text).toMatch(/^这些之后，下一张卡片将于\d+分钟后到期。/);
  });

  it('refuses a retention outside 0.70-0.97 and saves a valid one', async () => {
    expect((await review('wei', 'settings', [{ name: 'retention', type: 10, value: 0.5 }])).content).toBe('记忆保持率必须是 0.70 到 0.97 之间的数字，例如 0.85。');
    expect(await bot.app.db.reviewPrefs.count()).toBe(0);
    expect((await review('bob', 'settings', [{ name: 'retention', type: 10, value: 0.85 }])).content).toMatch(/set to 0\.85/);
    expect((await bot.app.db.reviewPrefs.findUniqueOrThrow({ where: { userId: bot.emu.member('bob').id } })).retention).toBe(0.85);
  });

  it('forgets a member’s schedule only after their own confirmation, keeping answers', async () => {
    const prompt = await review('bob', 'forget');
    const confirm = buttonsOf(prompt)[0]!.custom_id;
    const stranger = await click('alice', prompt.id, confirm);
    expect([...bot.emu.messages.values()].find((m) => m.interaction?.id === stranger && m.ephemeralTo)?.content).toBe('This button belongs to someone else.');
    expect(await bot.app.db.reviewCard.count({ where: { userId: bot.emu.member('bob').id } })).toBe(1);
    await click('bob', prompt.id, confirm);
    expect(await bot.app.db.reviewCard.count({ where: { userId: bot.emu.member('bob').id } })).toBe(0);
    expect(await bot.app.db.answer.count({ where: { userId: bot.emu.member('bob').id } })).toBe(2);
    expect((await review('bob', 'start')).content).toMatch(/You have no review cards yet/);
  });
});
