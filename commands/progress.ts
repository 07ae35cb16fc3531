import { ApplicationCommandOptionType, type ButtonInteraction, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { TAG_NAMES } from '../src/bank/tags.js';
import { chartFontsSupport } from '../src/charts/accuracy.js';
import { renderHeatmap } from '../src/charts/heatmap.js';
import { described, subcommand as sub } from '../src/discord/command-data.js';
import { memberName } from '../src/discord/names.js';
import { requireManageServer } from '../src/discord/permissions.js';
import { heatGroups, memberCell, renderGroupProgress, renderProgress } from '../src/discord/render/progress.js';
import { localDateOf } from '../src/domain/daily.js';
import { mapOrder, masteredShare, questionsByTag } from '../src/domain/mastery.js';
import type { Locale } from '../src/domain/question.js';
import { t } from '../src/i18n/index.js';
import { UserError } from '../src/i18n/user-error.js';
import { memberNames } from '../src/store/boards.js';
import { getPlan, planZone } from '../src/store/plan.js';
import { groupMastery, memberProgress, planLayout } from '../src/store/progress.js';
import { scopeOf } from '../src/store/settings.js';
import type { ButtonHandler, Command, InteractionContext } from './index.js';
import { showNextQuestion } from './quiz/practice.js';

const data = {
  name: 'progress',
  name_localizations: { 'zh-CN': '进度' },
  ...described('command.progress.description'),
  contexts: [0],
  options: [
    sub('member', '成员', 'command.progress.member.description', [
      { type: ApplicationCommandOptionType.User, name: 'member', name_localizations: { 'zh-CN': '成员' }, ...described('option.progressMember.description') },
    ]),
    sub('group', '小组', 'command.progress.group.description'),
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const served = (guildId: string, ctx: InteractionContext) => ctx.catalog.filter('any', 'any', scopeOf(guildId, ctx.settings));
/** Labels in English when no installed font draws Chinese (the member would see boxes). */
const chartLocale = async (locale: Locale): Promise<Locale> => ((await chartFontsSupport(locale)) ? locale : 'en-US');

async function showMember(i: ChatInputCommandInteraction | ButtonInteraction, ctx: InteractionContext, userId: string, name: string) {
  const progress = await memberProgress(ctx.db, i.guildId!, userId, served(i.guildId!, ctx), ctx.clock());
  const labels = await chartLocale(ctx.locale);
  const groups = heatGroups(progress.groups, (tag) => memberCell(progress.mastery.get(tag), labels), labels);
  const png = await renderHeatmap({ title: t(labels, 'progress.title', { name }), groups });
  return renderProgress({ name, subjectId: userId, mastery: progress.mastery, next: progress.next, png }, ctx.locale);
}

async function member(i: ChatInputCommandInteraction, ctx: InteractionContext) {
  const user = i.options.getUser('member') ?? i.user;
  if (user.bot) throw new UserError('progress.botMember');
  const resolved = i.options.getMember('member');
  const name =
    user.id === i.user.id
      ? memberName(i)
      : ((resolved && 'displayName' in resolved ? resolved.displayName : resolved?.nick) ?? (await memberNames(ctx.db, i.guildId!, [user.id])).get(user.id) ?? user.displayName);
  await ctx.respond.reply(await showMember(i, ctx, user.id, name));
}

async function group(i: ChatInputCommandInteraction, ctx: InteractionContext) {
  requireManageServer(i, 'progress.organisersOnly');
  const now = ctx.clock();
  const questions = served(i.guildId!, ctx);
  const byTag = questionsByTag(questions);
  const members = await groupMastery(ctx.db, i.guildId!, TAG_NAMES, byTag, now);
  if (!members.length) throw new UserError('progress.groupNone');
  const { planTags } = planLayout(await getPlan(ctx.db, i.guildId!), localDateOf(now, await planZone(ctx.db, i.guildId!)));
  const labels = await chartLocale(ctx.locale);
  const noQuestions = TAG_NAMES.filter((tag) => !byTag.get(tag)?.size);
  const groups = heatGroups(
    mapOrder(planTags),
    (tag) => {
      if ((noQuestions as string[]).includes(tag)) return { value: undefined, caption: t(labels, 'progress.noQuestionsCell') };
      const share = masteredShare(members, tag) ?? 0;
      return { value: share, caption: `${Math.round(share * 100)}%` };
    },
    labels,
  );
  const png = await renderHeatmap({ title: t(labels, 'progress.groupTitle'), groups });
  await ctx.respond.reply(renderGroupProgress(members.length, noQuestions, png, ctx.locale));
}

/** pp:<member>: practice on that member's five concepts to study next (for whoever clicks: a shared map is a shared list). */
const practiseNext: ButtonHandler = async (i, [userId], ctx) => {
  if (!i.guildId || !userId) throw new UserError('error.unknownButton');
  const { next } = await memberProgress(ctx.db, i.guildId, userId, served(i.guildId, ctx), ctx.clock());
  if (!next.length) throw new UserError('progress.noNext');
  await ctx.respond.private(await showNextQuestion(i, ctx, `tag:${next.join(',')}`, 'any'));
};

/** pm:<recap>: the recap's "my mastery map", privately for whoever clicks. */
const myMap: ButtonHandler = async (i, _args, ctx) => {
  if (!i.guildId) throw new UserError('error.unknownButton');
  await ctx.respond.private(await showMember(i, ctx, i.user.id, memberName(i)));
};

export default {
  data,
  ephemeral: true,
  async execute(i, ctx) {
    if (!i.inGuild()) throw new UserError('error.guildOnly');
    await (i.options.getSubcommand() === 'group' ? group(i, ctx) : member(i, ctx));
  },
  buttons: { pp: practiseNext, pm: myMap },
} satisfies Command;
