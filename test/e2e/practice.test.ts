import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.js';
import { bankFromFiles } from '../support/bank.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { clickAndSettle, buttonsOf, embedOf, textOf } from '../support/messages.js';

const bank = new Map(bankFromFiles().map((q) => [q.id, q]));
let bot: SandboxBot;

beforeAll(async () => {
  // One member clicks through a whole pool here (two interactions a question): past the flood limit
  // of 20 at once, which is not what these tests are about.
  bot = await startSandboxBot({ rng: seededRng(42), cooldown: new Cooldown(10_000, 1000) });
});
afterAll(async () => bot?.stop());

/** /quiz practice as a member; returns the question message once the bot has answered. */
async function practice(user: string, options: { topic?: string; difficulty?: string } = {}, locale?: string) {
  const id = bot.emu.sendCommand({
    user,
    name: 'quiz',
    locale,
    options: [{ name: 'practice', type: 1, options: Object.entries(options).map(([name, value]) => ({ name, type: 3, value })) }],
  });
  return (await bot.emu.waitForReply(id))!;
}

/** The button position that holds the correct choice, from the stored shuffle and the bank file. */
async function correctPosition(showingId: string) {
  const showing = await bot.app.db.practiceShowing.findUniqueOrThrow({ where: { id: showingId } });
  const answer = bank.get(showing.questionId)!.answer;
  return { position: showing.choiceOrder.split(',').map(Number).indexOf(answer), questionId: showing.questionId };
}

const click = (user: string, messageId: string, customId: string) => clickAndSettle(bot.emu, { user, messageId, customId });

const answersFor = (sourceId: string) => bot.app.db.answer.findMany({ where: { source: 'practice', sourceId } });

describe('/quiz practice on the real discord.js client against the emulator', () => {
  it('shows an ephemeral question with one button per choice, carrying no answer in its custom_ids', async () => {
    const alice = bot.emu.member('alice');
    const message = await practice('alice', { topic: 'kubernetes' });
    expect(message.ephemeralTo).toBe(alice.id);
    const buttons = buttonsOf(message);
    const showingId = buttons[0]!.custom_id.split(':')[1]!;
    const { questionId } = await correctPosition(showingId);
    const q = bank.get(questionId)!;
    expect(q.topic).toBe('kubernetes');
    expect(buttons).toHaveLength(q.choices.length);
    expect(buttons.map((b) => b.custom_id)).toEqual(buttons.map((_, i) => `pa:${showingId}:${i}`));
    for (const choice of q.choices) expect(embedOf(message).description).toContain(choice['en-US']);
    // Bob does not see Alice's question.
    expect(bot.emu.channelMessages(bot.channelId, bot.emu.member('bob').id).some((m) => m.id === message.id)).toBe(false);
  });

  it('saves a right answer, then shows it correct with the explanation, the docs link and Next', async () => {
    const message = await practice('alice', { topic: 'go' });
    const showingId = buttonsOf(message)[0]!.custom_id.split(':')[1]!;
    const { position, questionId } = await correctPosition(showingId);
    const { interaction } = await click('alice', message.id, `pa:${showingId}:${position}`);
    expect(interaction.ack).toBe('update');
    const saved = await answersFor(showingId);
    expect(saved).toMatchObject([{ correct: true, questionId, userId: bot.emu.member('alice').id }]);
    const updated = bot.emu.messages.get(message.id)!;
    expect(textOf(updated)).toContain('✅');
    expect(textOf(updated)).toContain(bank.get(questionId)!.choices[bank.get(questionId)!.answer]!['en-US']);
    const buttons = buttonsOf(updated);
    expect(buttons.filter((b) => b.custom_id.startsWith('pa:')).every((b) => b.disabled)).toBe(true);
    expect(buttons.find((b) => b.custom_id === `pn:${showingId}`)).toBeDefined();
    expect(embedOf(updated).fields?.[0]?.value).toMatch(/https:\/\//);
  });

  it('saves a wrong answer and shows the correct choice', async () => {
    const message = await practice('alice', { topic: 'istio' });
    const showingId = buttonsOf(message)[0]!.custom_id.split(':')[1]!;
    const { position, questionId } = await correctPosition(showingId);
    const wrong = position === 0 ? 1 : 0;
    await click('alice', message.id, `pa:${showingId}:${wrong}`);
    const saved = await answersFor(showingId);
    expect(saved).toMatchObject([{ correct: false }]);
    const q = bank.get(questionId)!;
    expect(saved[0]!.choiceIndex).not.toBe(q.answer);
    const text = textOf(bot.emu.messages.get(message.id));
    expect(text).toContain('❌');
    expect(text).toContain(q.choices[q.answer]!['en-US']);
  });

  it('answers a second click on an answered question privately and records nothing more', async () => {
    const message = await practice('alice');
    const showingId = buttonsOf(message)[0]!.custom_id.split(':')[1]!;
    await click('alice', message.id, `pa:${showingId}:0`);
    const again = await click('alice', message.id, `pa:${showingId}:1`);
    expect(again.followUp?.ephemeralTo).toBe(bot.emu.member('alice').id);
    expect(again.followUp?.content).toBe(t('en-US', 'error.alreadyAnswered'));
    expect(await answersFor(showingId)).toHaveLength(1);
  });

  it('records exactly one answer when the same member double-clicks at once', async () => {
    const message = await practice('alice');
    const showingId = buttonsOf(message)[0]!.custom_id.split(':')[1]!;
    const clicks = await Promise.all([0, 1, 0, 1].map((p) => click('alice', message.id, `pa:${showingId}:${p}`)));
    expect(await answersFor(showingId)).toHaveLength(1);
    expect(clicks.filter((c) => c.interaction.ack === 'update')).toHaveLength(1);
    expect(clicks.every((c) => c.interaction.ack)).toBe(true);
  });

  it("refuses a stranger's click on someone else's question and records nothing", async () => {
    const message = await practice('alice');
    const showingId = buttonsOf(message)[0]!.custom_id.split(':')[1]!;
    const { followUp } = await click('bob', message.id, `pa:${showingId}:0`);
    expect(followUp?.ephemeralTo).toBe(bot.emu.member('bob').id);
    expect(followUp?.content).toBe(t('en-US', 'error.notYourQuestion'));
    expect(await answersFor(showingId)).toHaveLength(0);
    expect(buttonsOf(bot.emu.messages.get(message.id)).every((b) => !b.disabled)).toBe(true);
  });

  it('refuses forged custom_ids (unknown showing, position out of range, unknown kind)', async () => {
    const message = await practice('alice');
    const showingId = buttonsOf(message)[0]!.custom_id.split(':')[1]!;
    for (const forged of ['pa:doesnotexist:0', `pa:${showingId}:9`, `pa:${showingId}:-1`, 'zz:1:2']) {
      const { followUp } = await click('alice', message.id, forged);
      expect(followUp?.content).toBe(t('en-US', 'error.unknownButton'));
    }
    expect(await answersFor(showingId)).toHaveLength(0);
  });

  it('"Next question" replaces the answered one with a new question of the same filter, never repeating until the pool is seen', async () => {
    const pool = [...bank.values()].filter((q) => q.topic === 'cloud-native' && q.difficulty === 'hard');
    expect(pool.length).toBeGreaterThan(2);
    let message = await practice('lina', { topic: 'cloud-native', difficulty: 'hard' }, 'en-US');
    const seen: string[] = [];
    for (let n = 0; n < pool.length + 1; n++) {
      const showingId = buttonsOf(message)[0]!.custom_id.split(':')[1]!;
      const { questionId, position } = await correctPosition(showingId);
      seen.push(questionId);
      await click('lina', message.id, `pa:${showingId}:${position}`);
      await click('lina', message.id, `pn:${showingId}`);
      message = bot.emu.messages.get(message.id)!;
      expect(buttonsOf(message)[0]!.custom_id).not.toContain(showingId);
    }
    expect(new Set(seen.slice(0, pool.length)).size).toBe(pool.length);
    expect(seen.every((id) => bank.get(id)!.topic === 'cloud-native' && bank.get(id)!.difficulty === 'hard')).toBe(true);
    // The new cycle does not start with the question just seen.
    expect(seen[pool.length]).not.toBe(seen[pool.length - 1]);
  });

  it('speaks Chinese to a member whose Discord locale is zh-CN', async () => {
    const message = await practice('wei', { topic: 'containers' });
    expect(embedOf(message).title).toContain('练习');
    const showingId = buttonsOf(message)[0]!.custom_id.split(':')[1]!;
    const { questionId, position } = await correctPosition(showingId);
    expect(embedOf(message).description).toContain(bank.get(questionId)!.choices[0]!['zh-CN']);
    await click('wei', message.id, `pa:${showingId}:${position}`);
    const updated = bot.emu.messages.get(message.id)!;
    expect(textOf(updated)).toContain('回答正确');
    expect(buttonsOf(updated).find((b) => b.custom_id.startsWith('pn:'))?.label).toBe('下一题');
  });

  it('answers /ping and acknowledges every interaction it received', async () => {
    const id = bot.emu.sendCommand({ user: 'bob', name: 'ping' });
    expect((await bot.emu.waitForReply(id))?.content).toMatch(process.env.TEST_INTERACTIONS_MODE === 'http' ? /^Pong! Answering over HTTP interactions/ : /^Pong! Gateway latency: \d+ ms\.$/);
    expect([...bot.emu.interactions.values()].every((i) => i.ack)).toBe(true);
    expect(bot.app.router.stats.failures).toBe(0);
  });

  it('registered its commands with zh-CN localizations', () => {
    const quiz = [...bot.emu.commands.values()].find((c) => c.name === 'quiz') as { name_localizations?: Record<string, string> } | undefined;
    expect(quiz?.name_localizations?.['zh-CN']).toBe('测验');
  });
});
