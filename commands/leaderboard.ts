import { ApplicationCommandOptionType, type ButtonInteraction, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { TOPICS } from '../src/bank/tags.js';
import { described, topicOption } from '../src/discord/command-data.js';
import { renderPointsBoard, renderStreakBoard, type BoardView } from '../src/discord/render/boards.js';
import { PERIODS, periodKey, type Period } from '../src/domain/periods.js';
import { t } from '../src/i18n/index.js';
import { UserError } from '../src/i18n/user-error.js';
import { boardView, memberNames, streakPage, streakStanding } from '../src/store/boards.js';
import { serverZones } from '../src/store/scores.js';
import type { ButtonHandler, Command, InteractionContext } from './index.js';

/** A board's buttons work this long; after that the numbers may have moved, so a fresh board is asked for. */
export const BOARD_TTL_MS = 15 * 60_000;

const data = {
  name: 'leaderboard',
  name_localizations: { 'zh-CN': '排行榜' },
  ...described('command.leaderboard.description'),
  contexts: [0],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'period',
      name_localizations: { 'zh-CN': '时段' },
      ...described('option.period.description'),
      choices: PERIODS.map((p) => ({ name: t('en-US', `period.${p}`), name_localizations: { 'zh-CN': t('zh-CN', `period.${p}`) }, value: p })),
    },
    topicOption,
    {
      type: ApplicationCommandOptionType.String,
      name: 'board',
      name_localizations: { 'zh-CN': '榜单' },
      ...described('option.board.description'),
      choices: (['points', 'streak'] as const).map((b) => ({ name: t('en-US', `board.${b}`), name_localizations: { 'zh-CN': t('zh-CN', `board.${b}`) }, value: b })),
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Names from the server's member cache, else as last seen in the store (members who left keep theirs). */
async function namesFor(i: ChatInputCommandInteraction | ButtonInteraction, ctx: InteractionContext, userIds: string[]) {
  const stored = await memberNames(ctx.db, i.guildId!, userIds);
  return (userId: string) => i.guild?.members.cache.get(userId)?.displayName ?? stored.get(userId);
}

async function render(i: ChatInputCommandInteraction | ButtonInteraction, ctx: InteractionContext, v: BoardView) {
  const guildId = i.guildId!;
  if (v.kind === 'streak') {
    const [page, own] = await Promise.all([streakPage(ctx.db, guildId, v.page), streakStanding(ctx.db, guildId, v.ownerId)]);
    return renderStreakBoard(v, page, own, await namesFor(i, ctx, page.entries.map((e) => e.userId)), ctx.locale);
  }
  const zone = (await serverZones(ctx.db, [guildId])).get(guildId)!;
  const board = { guildId, period: periodKey(v.period, ctx.clock(), zone), topic: v.topic };
  const view = await boardView(ctx.db, board, v.page, v.ownerId);
  return renderPointsBoard(v, view, view.own, await namesFor(i, ctx, view.entries.map((e) => e.userId)), ctx.locale);
}

/** lb:<owner>:<p|s>:<period>:<topic>:<page>:<issued>: a page turn, by the member who asked for the board. */
const turnPage: ButtonHandler = async (i, [ownerId, kind, period, topic, page, issued], ctx) => {
  const view: BoardView = { ownerId: ownerId ?? '', kind: kind === 's' ? 'streak' : 'points', period: period as Period, topic: topic ?? '', page: Number(page), issuedAt: parseInt(issued ?? '', 36) };
  const valid = (PERIODS as readonly string[]).includes(view.period) && (view.topic === 'any' || (TOPICS as readonly string[]).includes(view.topic)) && Number.isSafeInteger(view.page) && view.page >= 0 && Number.isFinite(view.issuedAt);
  if (!valid || !i.inGuild()) throw new UserError('error.unknownButton');
  if (view.ownerId !== i.user.id) throw new UserError('error.notYours');
  if (ctx.clock().getTime() - view.issuedAt > BOARD_TTL_MS) throw new UserError('board.expired');
  await ctx.respond.update(await render(i, ctx, view));
};

export default {
  data,
  ephemeral: (_i, settings) => settings.leaderboard === 'private',
  async execute(i, ctx) {
    if (!i.inGuild()) throw new UserError('error.guildOnly');
    const view: BoardView = {
      ownerId: i.user.id,
      kind: i.options.getString('board') === 'streak' ? 'streak' : 'points',
      period: (i.options.getString('period') ?? 'all') as Period,
      topic: i.options.getString('topic') ?? 'any',
      page: 0,
      issuedAt: ctx.clock().getTime(),
    };
    await ctx.respond.reply(await render(i, ctx, view));
  },
  buttons: { lb: turnPage },
} satisfies Command;
