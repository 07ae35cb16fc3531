import { ApplicationCommandOptionType, ChannelType, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { DateTime } from 'luxon';
import { described, difficultyOption, subcommand as sub, topicOption } from '../src/discord/command-data.js';
import { memberName } from '../src/discord/names.js';
import { requireManageServer } from '../src/discord/permissions.js';
import { renderDailyResult } from '../src/discord/render/daily.js';
import { dailyStreaks, isValidTime, isValidZone, nextPost } from '../src/domain/daily.js';
import { judgeChoice } from '../src/domain/practice.js';
import { t } from '../src/i18n/index.js';
import { UserError } from '../src/i18n/user-error.js';
import { findChallenge, getSettings, memberDailyResults, saveSettings, setPaused } from '../src/store/daily.js';
import { recordAnswer } from '../src/store/answers.js';
import { reviewSummary } from '../src/store/reviews.js';
import { scoreKeeper } from '../src/store/score-keeper.js';
import type { ButtonHandler, Command, InteractionContext } from './index.js';

/** Points a correct daily answer earns on the server leaderboard. */
export const DAILY_POINTS = 500;

const data = {
  name: 'daily',
  name_localizations: { 'zh-CN': '每日挑战' },
  ...described('command.daily.description'),
  contexts: [0],
  options: [
    sub('setup', '设置', 'command.daily.setup.description', [
      { type: ApplicationCommandOptionType.Channel, name: 'channel', name_localizations: { 'zh-CN': '频道' }, ...described('option.channel.description'), channel_types: [ChannelType.GuildText], required: true },
      { type: ApplicationCommandOptionType.String, name: 'time', name_localizations: { 'zh-CN': '时间' }, ...described('option.time.description'), required: true, min_length: 4, max_length: 5 },
      { type: ApplicationCommandOptionType.String, name: 'timezone', name_localizations: { 'zh-CN': '时区' }, ...described('option.timezone.description'), required: true, max_length: 64 },
      topicOption,
      difficultyOption,
    ]),
    sub('pause', '暂停', 'command.daily.pause.description'),
    sub('resume', '恢复', 'command.daily.resume.description'),
    sub('status', '状态', 'command.daily.status.description'),
    sub('post-now', '立即发布', 'command.daily.postNow.description'),
    sub('streak', '连续纪录', 'command.daily.streak.description'),
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const requireManager = (i: ChatInputCommandInteraction) => requireManageServer(i, 'daily.managersOnly');

const when = (at: Date, zone: string) => `${DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm')} (${zone})`;

async function settingsOrThrow(i: ChatInputCommandInteraction, ctx: InteractionContext) {
  const settings = await getSettings(ctx.db, i.guildId!);
  if (!settings) throw new UserError('daily.notSetUp');
  return settings;
}

const handlers: Record<string, (i: ChatInputCommandInteraction, ctx: InteractionContext) => Promise<void>> = {
  async setup(i, ctx) {
    requireManager(i);
    const channel = i.options.getChannel('channel', true);
    const time = i.options.getString('time', true).trim();
    const timezone = i.options.getString('timezone', true).trim();
    if (!isValidTime(time)) throw new UserError('daily.badTime');
    if (!isValidZone(timezone)) throw new UserError('daily.badZone');
    if (channel.type !== ChannelType.GuildText) throw new UserError('daily.badChannel');
    const topic = i.options.getString('topic') ?? 'any';
    const difficulty = i.options.getString('difficulty') ?? 'any';
    const before = await getSettings(ctx.db, i.guildId!);
    ctx.daily.scheduleServer(await saveSettings(ctx.db, { guildId: i.guildId!, channelId: channel.id, time, timezone, topic, difficulty, locale: ctx.locale }));
    // Leaderboard periods follow the server's zone: recount them in the new one, in the background
    // (a big server takes minutes; the store resumes a recount a restart interrupted).
    if ((before?.timezone ?? 'UTC') !== timezone) {
      const guildId = i.guildId!;
      void scoreKeeper(ctx.db).rebuild(guildId).catch((err: unknown) => ctx.log.warn({ err, guild: guildId }, 'leaderboard recount stopped: resumed at the next start'));
    }
    const next = nextPost(ctx.clock(), { time, timezone });
    await ctx.respond.reply({ content: t(ctx.locale, 'daily.saved', { channel: `<#${channel.id}>`, time, zone: timezone, next: `<t:${next.getTime() / 1000}:F>` }) });
  },
  async pause(i, ctx) {
    requireManager(i);
    const s = await settingsOrThrow(i, ctx);
    await setPaused(ctx.db, i.guildId!, true);
    ctx.daily.scheduleServer({ ...s, paused: true });
    await ctx.respond.reply({ content: t(ctx.locale, 'daily.paused') });
  },
  async resume(i, ctx) {
    requireManager(i);
    await setPaused(ctx.db, i.guildId!, false);
    const s = await settingsOrThrow(i, ctx);
    ctx.daily.scheduleServer(s);
    await ctx.respond.reply({ content: t(ctx.locale, 'daily.resumed', { next: when(nextPost(ctx.clock(), s), s.timezone) }) });
  },
  async status(i, ctx) {
    const s = await settingsOrThrow(i, ctx);
    const next = nextPost(ctx.clock(), s);
    const line = s.paused
      ? t(ctx.locale, 'daily.statusPaused', { channel: `<#${s.channelId}>`, time: s.time, zone: s.timezone })
      : t(ctx.locale, 'daily.status', { channel: `<#${s.channelId}>`, time: s.time, zone: s.timezone, next: when(next, s.timezone), local: `<t:${next.getTime() / 1000}:F>` });
    await ctx.respond.reply({ content: s.problem ? `${line}\n⚠️ ${t(ctx.locale, 'daily.problemNote')}` : line });
  },
  async 'post-now'(i, ctx) {
    requireManager(i);
    await settingsOrThrow(i, ctx);
    const outcome = await ctx.daily.postToday(i.guildId!);
    if (outcome.status !== 'posted' && outcome.status !== 'exists') throw new UserError('daily.postFailed');
    const c = outcome.challenge;
    if (!c.messageId) throw new UserError('daily.postFailed');
    await ctx.respond.reply({ content: t(ctx.locale, 'daily.postedNow', { link: `https://discord.com/channels/${c.guildId}/${c.channelId}/${c.messageId}` }) });
  },
  async streak(i, ctx) {
    const { results, latestNumber, openNumber } = await memberDailyResults(ctx.db, i.guildId!, i.user.id);
    await ctx.respond.reply({ content: t(ctx.locale, 'daily.streak', dailyStreaks(results, latestNumber, openNumber)) });
  },
};

/** da:<challenge>:<shown position>: saved first, then right or wrong with the explanation, privately. */
const answerDaily: ButtonHandler = async (i, [challengeId, position], ctx) => {
  const challenge = challengeId ? await findChallenge(ctx.db, challengeId) : undefined;
  const question = challenge && ctx.catalog.get(challenge.questionId);
  if (!challenge || !question || challenge.guildId !== i.guildId) throw new UserError('error.unknownButton');
  const result = judgeChoice(question, challenge.choiceOrder, Number(position));
  if (!result) throw new UserError('error.unknownButton');
  if (challenge.closedAt) throw new UserError('daily.closed');
  const now = ctx.clock();
  const saved = await recordAnswer(ctx.db, {
    source: 'daily',
    sourceId: challenge.id,
    userId: i.user.id,
    guildId: challenge.guildId,
    questionId: question.id,
    choiceIndex: result.choiceIndex,
    correct: result.correct,
    points: result.correct ? DAILY_POINTS : 0,
    responseMs: Math.max(0, now.getTime() - challenge.createdAt.getTime()),
    answeredAt: now,
    displayName: memberName(i),
  });
  if (saved === 'duplicate') throw new UserError('daily.alreadyAnswered');
  ctx.daily.noteAnswer(challenge);
  const { due } = await reviewSummary(ctx.db, i.user.id, now);
  const reply = renderDailyResult(question, { id: challenge.id, number: challenge.number, order: challenge.choiceOrder }, ctx.locale, result);
  await ctx.respond.private(due ? { ...reply, content: t(ctx.locale, 'review.dueNote', { due }) } : reply);
  ctx.reviews.note(i.user.id, question.id);
};

export default {
  data,
  ephemeral: true,
  async execute(i, ctx) {
    if (!i.inGuild()) throw new UserError('error.guildOnly');
    await handlers[i.options.getSubcommand()]!(i, ctx);
  },
  buttons: { da: answerDaily },
} satisfies Command;
