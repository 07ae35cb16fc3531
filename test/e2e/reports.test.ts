import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cooldown } from '../../src/discord/cooldown.js';
import { t } from '../../src/i18n/index.js';
import { DiscordEmulator } from '../../src/sandbox/emulator.js';
import type { EmuMessage } from '../../src/sandbox/state.js';
import { bankFromFiles } from '../support/bank.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf, choiceButtonsOf, clickAndSettle, embedOf, replyTo, runCommand } from '../support/messages.js';
import { REPORTS_PAGE_SIZE } from '../../src/discord/render/reports.js';
import { createReport, openReportGroups } from '../../src/store/reports.js';
import { fillModal, modalInputs, modalSubmitComponents, openModal, submitModal } from '../support/modals.js';

const bank = new Map(bankFromFiles().map((q) => [q.id, q]));
let bot: SandboxBot;
/** a second server, with ordinary members only */
let other: { channelId: string; member: string };

beforeAll(async () => {
  const emu = await new DiscordEmulator().start();
  const [g] = emu.addGuilds(1, 2);
  other = { channelId: g!.channels[0]!.id, member: g!.members[0]!.username };
  // One member sends far more than a person would (every bad input in turn): a roomier flood limit.
  bot = await startSandboxBot({ emulator: emu, rng: seededRng(21), dailySweep: false, cooldown: new Cooldown(10_000, 1000), roundTiming: { msPerSecond: 20, introMs: 10, pauseMs: 10, refreshMs: 1000 } });
});
afterAll(async () => bot?.stop());

const practice = (user: string, options: { topic?: string; difficulty?: string } = {}, channelId?: string, locale?: string) =>
  runCommand(bot.emu, { user, channelId, locale, name: 'quiz', options: [{ name: 'practice', type: 1, options: Object.entries(options).map(([name, value]) => ({ name, type: 3, value })) }] });
const showingOf = (m: EmuMessage) => buttonsOf(m)[0]!.custom_id.split(':')[1]!;
const questionOf = async (m: EmuMessage) => (await bot.app.db.practiceShowing.findUniqueOrThrow({ where: { id: showingOf(m) } })).questionId;

/** A member practises and answers (the first button); resolves with the result message and its question. */
async function answered(user: string, options: { topic?: string; difficulty?: string } = {}, locale?: string) {
  const m = await practice(user, options, undefined, locale);
  const showingId = showingOf(m);
  await clickAndSettle(bot.emu, { user, messageId: m.id, customId: `pa:${showingId}:0`, locale });
  return { message: bot.emu.messages.get(m.id)!, showingId, questionId: await questionOf(m) };
}

const reports = () => bot.app.db.report.findMany({ orderBy: { id: 'asc' } });
const packReports = (user: string) => runCommand(bot.emu, { user, name: 'pack', options: [{ name: 'reports', type: 1 }] });

describe('"Report a problem" and /pack reports on the real bot', () => {
  let reported: { message: EmuMessage; showingId: string; questionId: string };

  it('a practice result offers "Report a problem"; the modal stores one report with the question and its bank version, and thanks the member', async () => {
    reported = await answered('alice', { topic: 'kubernetes' });
    const button = buttonsOf(reported.message).find((b) => b.custom_id.startsWith('rp:'));
    expect(button).toMatchObject({ custom_id: `rp:p:${reported.showingId}`, label: 'Report a problem' });
    const modal = await openModal(bot.emu, { user: 'alice', messageId: reported.message.id, customId: button!.custom_id });
    expect(modal.custom_id).toBe(`rm:p:${reported.showingId}`);
    expect([...modalInputs(modal).keys()]).toEqual(['reason', 'comment']);
    expect(modalInputs(modal).get('reason')!.options!.map((o) => o.value)).toEqual(['wrong-answer', 'unclear', 'outdated', 'typo', 'other']);
    expect(modalInputs(modal).get('comment')!.max_length).toBe(500);
    const reply = await submitModal(bot.emu, { user: 'alice', customId: modal.custom_id, messageId: reported.message.id, components: modalSubmitComponents(modal, { reason: 'wrong-answer', comment: '  The explanation contradicts the API reference.  ' }) });
    expect(reply.content).toBe(t('en-US', 'report.thanks'));
    expect(reply.ephemeralTo).toBe(bot.emu.member('alice').id);
    const question = await bot.app.db.question.findUniqueOrThrow({ where: { id: reported.questionId } });
    expect(await reports()).toMatchObject([
      { questionId: reported.questionId, bankVersion: question.contentHash, guildId: bot.emu.guild.id, userId: bot.emu.member('alice').id, reason: 'wrong-answer', comment: 'The explanation contradicts the API reference.', status: 'open' },
    ]);
  });

  it('a second report of the same question while the first is open is told so, and stores nothing', async () => {
    const again = await clickAndSettle(bot.emu, { user: 'alice', messageId: reported.message.id, customId: `rp:p:${reported.showingId}` });
    expect(again.interaction.ack).not.toBe('modal');
    expect(again.followUp?.content).toBe(t('en-US', 'report.alreadyOpen'));
    // A modal opened before the first was saved (two tabs) is refused by the unique index.
    const modalReply = await submitModal(bot.emu, { user: 'alice', customId: `rm:p:${reported.showingId}`, messageId: reported.message.id, components: [{ type: 18, id: 1, component: { type: 3, id: 2, custom_id: 'reason', values: ['typo'] } }] });
    expect(modalReply.content).toBe(t('en-US', 'report.alreadyOpen'));
    expect(await reports()).toHaveLength(1);
  });

  it('speaks Chinese to a zh-CN member: the modal and the thanks', async () => {
    const { message, showingId } = await answered('wei', { topic: 'go' });
    const modal = await openModal(bot.emu, { user: 'wei', messageId: message.id, customId: `rp:p:${showingId}` });
    expect(modal.title).toBe(t('zh-CN', 'report.modalTitle'));
    expect(modalInputs(modal).get('reason')!.options!.map((o) => o.label)).toContain('答案是错的');
    const reply = await submitModal(bot.emu, { user: 'wei', customId: modal.custom_id, messageId: message.id, components: modalSubmitComponents(modal, { reason: 'typo' }) });
    expect(reply.content).toBe('谢谢！你的报告已保存：服务器的组织者和题库的维护者会查看。');
    expect(await reports()).toHaveLength(2);
  });

  it('refuses bad input with a clear answer and stores nothing: no comment for "other", mentions, over 500 characters, an unknown reason', async () => {
    const { message, showingId } = await answered('bob', { topic: 'istio' });
    const cases: [Record<string, string | string[]>, string][] = [
      [{ reason: 'other' }, 'report.commentNeeded'],
      [{ reason: 'other', comment: '   ' }, 'report.commentNeeded'],
      [{ reason: 'typo', comment: 'hey @everyone look' }, 'report.commentMentions'],
      [{ reason: 'typo', comment: 'ask <@123456789012345678>' }, 'report.commentMentions'],
      [{ reason: 'typo', comment: 'ping <@&123456789012345678>' }, 'report.commentMentions'],
      [{ reason: 'typo', comment: 'see <#123456789012345678>' }, 'report.commentMentions'],
      [{ reason: 'unclear', comment: 'x'.repeat(501) }, 'report.commentTooLong'],
      [{ reason: 'spam' }, 'report.badReason'],
      [{ reason: ['typo', 'unclear'] }, 'report.badReason'],
      [{}, 'report.badReason'],
    ];
    for (const [values, key] of cases) {
      const reply = await fillModal(bot.emu, { user: 'bob', messageId: message.id, customId: `rp:p:${showingId}` }, values);
      expect(reply.content, JSON.stringify(values).slice(0, 80)).toBe(t('en-US', key as 'report.badReason'));
    }
    expect(await reports()).toHaveLength(2);
    // Exactly 500 characters is fine.
    expect((await fillModal(bot.emu, { user: 'bob', messageId: message.id, customId: `rp:p:${showingId}` }, { reason: 'unclear', comment: 'y'.repeat(500) })).content).toBe(t('en-US', 'report.thanks'));
    expect(await reports()).toHaveLength(3);
  });

  it('refuses a report on a question that left the bank, from the button and from the modal', async () => {
    const { message, showingId, questionId } = await answered('lina', { topic: 'containers' }, 'en-US');
    const modal = await openModal(bot.emu, { user: 'lina', messageId: message.id, customId: `rp:p:${showingId}`, locale: 'en-US' });
    await bot.app.db.question.update({ where: { id: questionId }, data: { retiredAt: new Date() } });
    try {
      const reply = await submitModal(bot.emu, { user: 'lina', locale: 'en-US', customId: modal.custom_id, messageId: message.id, components: modalSubmitComponents(modal, { reason: 'outdated' }) });
      expect(reply.content).toBe(t('en-US', 'report.retired'));
      const click = await clickAndSettle(bot.emu, { user: 'lina', locale: 'en-US', messageId: message.id, customId: `rp:p:${showingId}` });
      expect(click.followUp?.content).toBe(t('en-US', 'report.retired'));
    } finally {
      await bot.app.db.question.update({ where: { id: questionId }, data: { retiredAt: null } });
    }
    expect(await reports()).toHaveLength(3);
  });

  it('refuses forged modal custom_ids (bad shape, unknown ids, another kind, someone else’s showing) and stores nothing', async () => {
    const { message, showingId } = await answered('bob', { topic: 'cloud-native' });
    const components = [{ type: 18, id: 1, component: { type: 3, id: 2, custom_id: 'reason', values: ['typo'] } }];
    for (const customId of ['rm', 'rm:p', `rm:p:${showingId}:extra`, 'rm:p:doesnotexist', `rm:x:${showingId}`, 'rm:r:doesnotexist', 'rm:d:doesnotexist', `zz:p:${showingId}`, `pa:${showingId}:0`, `rp:p:${showingId}`]) {
      const reply = await submitModal(bot.emu, { user: 'bob', customId, messageId: message.id, components });
      expect(reply.content, customId).toBe(t('en-US', 'report.unknownForm'));
    }
    const notTheirs = await submitModal(bot.emu, { user: 'alice', customId: `rm:p:${showingId}`, messageId: message.id, components });
    expect(notTheirs.content).toBe(t('en-US', 'error.notYourQuestion'));
    expect(await reports()).toHaveLength(3);
    expect(bot.app.router.stats.failures).toBe(0);
  });

  it('the sandbox page lists the modal the bot opened for a member, and submits or dismisses it', async () => {
    const { message, showingId, questionId } = await answered('lina', { topic: 'go' }, 'en-US');
    const page = (path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${bot.emu.port}${path}`, body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : undefined).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
    const pending = async () => ((await page('/sandbox/state')).json.modals as { interactionId: string; userId: string; modal: { title: string } }[]).filter((m) => m.userId === bot.emu.member('lina').id);
    const click = async () => bot.emu.waitForAck((await page('/sandbox/click', { user: bot.emu.member('lina').id, messageId: message.id, customId: `rp:p:${showingId}`, locale: 'en-US' })).json.interactionId as string);
    await click();
    const [shown] = await pending();
    expect(shown?.modal.title).toBe(t('en-US', 'report.modalTitle'));
    expect((await page('/sandbox/modal', { interactionId: shown!.interactionId, cancel: true })).status).toBe(200);
    expect(await pending()).toEqual([]);
    expect((await page('/sandbox/modal', { interactionId: shown!.interactionId, values: { reason: ['typo'] } })).status).toBe(400);

    await click();
    const [again] = await pending();
    const submitted = await page('/sandbox/modal', { interactionId: again!.interactionId, values: { reason: ['typo'], comment: 'from the page' }, locale: 'en-US' });
    expect((await replyTo(bot.emu, submitted.json.interactionId as string)).content).toBe(t('en-US', 'report.thanks'));
    expect(await bot.app.db.report.findFirst({ where: { questionId, comment: 'from the page' } })).not.toBeNull();
    await bot.app.db.report.deleteMany({ where: { comment: 'from the page' } });
  });

  it('/pack reports lists the open reports grouped by question, with the question and counts per reason; members without Manage Server are refused', async () => {
    expect((await packReports('bob')).content).toBe(t('en-US', 'reports.managersOnly'));
    // A second report of alice's question by lina, so one question has two reasons.
    // (lina was shown the same question: a showing of her own, as practice records it)
    const m = await practice('lina', {}, undefined, 'en-US');
    const shown = await bot.app.db.practiceShowing.findUniqueOrThrow({ where: { id: showingOf(m) } });
    await bot.app.db.practiceShowing.create({ data: { ...shown, id: 'linaSawTheSameOne', questionId: reported.questionId, choiceOrder: '0,1,2,3' } });
    expect((await fillModal(bot.emu, { user: 'lina', locale: 'en-US', messageId: m.id, customId: 'rp:p:linaSawTheSameOne' }, { reason: 'unclear', comment: 'Which version?' })).content).toBe(t('en-US', 'report.thanks'));

    const list = await packReports('alice');
    const embed = embedOf(list);
    expect(embed.title).toBe(t('en-US', 'reports.title', { questions: 3, reports: 4 }));
    const first = embed.description!.split('\n\n')[0]!;
    expect(first).toContain(`**#1** \`${reported.questionId}\``);
    expect(first).toContain(bank.get(reported.questionId)!.prompt['en-US']!.replace(/\s+/g, ' ').slice(0, 60));
    expect(first).toContain('The answer is wrong ×1 · The question is unclear ×1');
    expect(first).toContain('> Which version?');
    expect(buttonsOf(list).map((b) => b.custom_id)).toContain(`rr:0:${reported.questionId}`);
  });

  it('resolves a question’s reports (managers only); a resolved report no longer blocks a new one', async () => {
    const list = await packReports('alice');
    const copied = await clickAndSettle(bot.emu, { user: 'bob', messageId: list.id, customId: `rr:0:${reported.questionId}` });
    expect(copied.followUp?.content).toBe(t('en-US', 'reports.managersOnly'));
    expect((await reports()).filter((r) => r.status === 'resolved')).toHaveLength(0);

    await clickAndSettle(bot.emu, { user: 'alice', messageId: list.id, customId: `rr:0:${reported.questionId}` });
    const updated = bot.emu.messages.get(list.id)!;
    expect(updated.content).toBe(t('en-US', 'reports.resolved', { count: 2, id: reported.questionId }));
    expect(embedOf(updated).description).not.toContain(reported.questionId);
    expect((await reports()).filter((r) => r.questionId === reported.questionId).map((r) => [r.status, r.open])).toEqual([['resolved', null], ['resolved', null]]);
    const twice = await clickAndSettle(bot.emu, { user: 'alice', messageId: list.id, customId: `rr:0:${reported.questionId}` });
    expect(twice.interaction.ack).toBe('update');
    expect(bot.emu.messages.get(list.id)!.content).toBe(t('en-US', 'reports.nothingOpen'));

    expect((await fillModal(bot.emu, { user: 'alice', messageId: reported.message.id, customId: `rp:p:${reported.showingId}` }, { reason: 'outdated' })).content).toBe(t('en-US', 'report.thanks'));
    expect((await reports()).filter((r) => r.questionId === reported.questionId && r.status === 'open')).toHaveLength(1);
  });

  it('hides a question in this server until the bank changes it: never served here in practice, still served in another server', async () => {
    const list = await packReports('alice');
    await clickAndSettle(bot.emu, { user: 'alice', messageId: list.id, customId: `rh:0:${reported.questionId}` });
    expect(bot.emu.messages.get(list.id)!.content).toBe(t('en-US', 'reports.hidden', { count: 1, id: reported.questionId }));
    const question = await bot.app.db.question.findUniqueOrThrow({ where: { id: reported.questionId } });
    expect(await bot.app.db.questionHide.findMany()).toMatchObject([{ guildId: bot.emu.guild.id, questionId: reported.questionId, contentHash: question.contentHash }]);
    expect((await reports()).filter((r) => r.questionId === reported.questionId).at(-1)).toMatchObject({ status: 'hidden', open: null });

    const { topic, difficulty } = bank.get(reported.questionId)! as { topic: string; difficulty: string };
    const pool = [...bank.values()].filter((q) => q.topic === topic && q.difficulty === difficulty);
    const servedHere = new Set<string>();
    for (let n = 0; n < pool.length; n++) servedHere.add(await questionOf(await practice('bob', { topic, difficulty })));
    expect(servedHere.has(reported.questionId)).toBe(false);
    expect(servedHere.size).toBe(pool.length - 1);
    const servedThere = new Set<string>();
    for (let n = 0; n < pool.length; n++) servedThere.add(await questionOf(await practice(other.member, { topic, difficulty }, other.channelId)));
    expect(servedThere.has(reported.questionId)).toBe(true);
    expect(bot.app.router.stats.failures).toBe(0);
  });

  it('a round reveal offers "Report a problem" to the channel; the report names the round’s question', async () => {
    const ch = bot.emu.guild.channels[2]!.id;
    await runCommand(bot.emu, { user: 'alice', channelId: ch, name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 3 }, { name: 'seconds', type: 4, value: 10 }] }] });
    const revealed = await bot.emu.waitFor(() => bot.emu.channelMessages(ch).find((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('rp:r:')) && choiceButtonsOf(m).every((b) => b.disabled)), 5000, 'a reveal');
    await bot.app.context.rounds.stop(ch, bot.emu.member('alice').id, true);
    const customId = buttonsOf(revealed).find((b) => b.custom_id.startsWith('rp:r:'))!.custom_id;
    const { questionId } = await bot.app.db.roundQuestion.findUniqueOrThrow({ where: { id: customId.split(':')[2]! } });
    expect((await fillModal(bot.emu, { user: 'bob', messageId: revealed.id, customId }, { reason: 'unclear', comment: 'round' })).content).toBe(t('en-US', 'report.thanks'));
    expect(await bot.app.db.report.findFirst({ where: { comment: 'round' } })).toMatchObject({ questionId, userId: bot.emu.member('bob').id, status: 'open' });
    // The same round question, reported from another channel: not a question of that channel's rounds.
    const elsewhere = await submitModal(bot.emu, { user: 'wei', channelId: bot.emu.guild.channels[0]!.id, customId: customId.replace('rp:', 'rm:'), components: [{ type: 18, id: 1, component: { type: 3, id: 2, custom_id: 'reason', values: ['typo'] } }] });
    expect(elsewhere.content).toBe(t('zh-CN', 'report.unknownForm'));
  });

  it('the daily answer reply offers "Report a problem"; a zh-CN member is thanked in Chinese', async () => {
    const ch = bot.emu.guild.channels[1]!.id;
    const str = (name: string, value: string) => ({ name, type: 3, value });
    await runCommand(bot.emu, { user: 'alice', name: 'daily', options: [{ name: 'setup', type: 1, options: [{ name: 'channel', type: 7, value: ch }, str('time', '09:00'), str('timezone', 'Asia/Shanghai')] }] });
    await runCommand(bot.emu, { user: 'alice', name: 'daily', options: [{ name: 'post-now', type: 1 }] });
    const post = bot.emu.channelMessages(ch).find((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('da:')))!;
    const { followUp } = await clickAndSettle(bot.emu, { user: 'wei', messageId: post.id, customId: buttonsOf(post)[0]!.custom_id });
    const report = buttonsOf(followUp).find((b) => b.custom_id.startsWith('rp:d:'))!;
    expect(report.label).toBe('报告问题');
    const challenge = await bot.app.db.dailyChallenge.findUniqueOrThrow({ where: { id: report.custom_id.split(':')[2]! } });
    expect((await fillModal(bot.emu, { user: 'wei', messageId: followUp!.id, customId: report.custom_id }, { reason: 'outdated', comment: '每日' })).content).toBe(t('zh-CN', 'report.thanks'));
    expect(await bot.app.db.report.findFirst({ where: { comment: '每日' } })).toMatchObject({ questionId: challenge.questionId, guildId: bot.emu.guild.id });
    expect(bot.app.router.stats.failures).toBe(0);
  });

  it('/pack reports pages when more questions are reported than fit, and refuses a forged page', async () => {
    const ids = [...bank.keys()].filter((id) => id.startsWith('istio-')).slice(0, 6);
    const rows = await bot.app.db.question.findMany({ where: { id: { in: ids } } });
    for (const q of rows) await createReport(bot.app.db, { questionId: q.id, bankVersion: q.contentHash, guildId: bot.emu.guild.id, userId: '300000000000000001', reason: 'typo', comment: '', createdAt: new Date() });
    const list = await packReports('alice');
    const pages = Math.ceil((await openReportGroups(bot.app.db, bot.emu.guild.id)).length / REPORTS_PAGE_SIZE);
    expect(pages).toBeGreaterThan(1);
    expect(embedOf(list).footer?.text).toMatch(new RegExp(`^Page 1/${pages} `));
    await clickAndSettle(bot.emu, { user: 'alice', messageId: list.id, customId: 'rg:1' });
    expect(embedOf(bot.emu.messages.get(list.id)).footer?.text).toMatch(new RegExp(`^Page 2/${pages} `));
    expect(buttonsOf(bot.emu.messages.get(list.id)).find((b) => b.custom_id === 'rg:0')?.disabled).toBe(false);
    const forged = await clickAndSettle(bot.emu, { user: 'alice', messageId: list.id, customId: 'rg:nope' });
    expect(forged.followUp?.content).toBe(t('en-US', 'error.unknownButton'));
  });
});
