import { ApplicationCommandOptionType, ButtonStyle, ComponentType, type ButtonInteraction, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { DateTime } from 'luxon';
import { TAGS, type Tag } from '../src/bank/tags.js';
import { described } from '../src/discord/command-data.js';
import { encodeCustomId } from '../src/discord/custom-id.js';
import type { Payload } from '../src/discord/responder.js';
import { isValidRetention } from '../src/domain/review.js';
import { t } from '../src/i18n/index.js';
import { UserError } from '../src/i18n/user-error.js';
import { dueCards, forgetReviews, reviewSummary, setRetention, weakestTag } from '../src/store/reviews.js';
import type { ButtonHandler, Command, InteractionContext } from './index.js';
import { show, showNextQuestion } from './quiz/practice.js';

const data = {
  name: 'review',
  name_localizations: { 'zh-CN': '复习' },
  ...described('command.review.description'),
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: 'start', name_localizations: { 'zh-CN': '开始' }, ...described('command.review.start.description') },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'settings',
      name_localizations: { 'zh-CN': '设置' },
      ...described('command.review.settings.description'),
      options: [{ type: ApplicationCommandOptionType.Number, name: 'retention', name_localizations: { 'zh-CN': '保持率' }, ...described('option.retention.description'), required: true, min_value: 0.7, max_value: 0.97 }],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'forget', name_localizations: { 'zh-CN': '清除' }, ...described('command.review.forget.description') },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const tagName = (tag: string, locale: 'en-US' | 'zh-CN') => (tag in TAGS ? TAGS[tag as Tag][locale === 'zh-CN' ? 'zh' : 'en'] : tag);

/** The member's most overdue card as a practice question, or what to do when nothing is due. */
export async function nextReview(i: ChatInputCommandInteraction | ButtonInteraction, ctx: InteractionContext): Promise<Payload> {
  const now = ctx.clock();
  // A question this server hid is not served here, not even as a due card.
  const question = (await dueCards(ctx.db, i.user.id, now, 10)).map((c) => ctx.catalog.get(c.questionId)).find((q) => q !== undefined && !ctx.catalog.isHidden(i.guildId, q.id));
  const { due, nextDue } = await reviewSummary(ctx.db, i.user.id, now);
  if (question) {
    // Embed footers do not render Discord timestamps: say it in words, in the member's language.
    const next = nextDue && DateTime.fromJSDate(nextDue).toRelative({ base: DateTime.fromJSDate(now), locale: ctx.locale });
    return show(i, ctx, question, { mode: 'review', topic: 'any', difficulty: 'any' }, t(ctx.locale, 'review.title', { due }), next ? t(ctx.locale, 'review.nextAfter', { next }) : undefined);
  }
  const weakest = await weakestTag(ctx.db, i.user.id, (id) => ctx.catalog.get(id)?.tags);
  const content = nextDue ? t(ctx.locale, 'review.nothingDue', { next: `<t:${Math.floor(nextDue.getTime() / 1000)}:R>` }) : t(ctx.locale, 'review.noCards');
  const components = weakest
    ? [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: t(ctx.locale, 'review.practiseWeakest', { tag: tagName(weakest, ctx.locale) }).slice(0, 80), custom_id: encodeCustomId('pw', weakest) }] }]
    : [];
  return { content, embeds: [], components };
}

const handlers: Record<string, (i: ChatInputCommandInteraction, ctx: InteractionContext) => Promise<void>> = {
  async start(i, ctx) {
    await ctx.respond.reply(await nextReview(i, ctx));
  },
  async settings(i, ctx) {
    const retention = i.options.getNumber('retention', true);
    if (!isValidRetention(retention)) throw new UserError('review.badRetention');
    await setRetention(ctx.db, i.user.id, retention);
    await ctx.respond.reply({ content: t(ctx.locale, 'review.retentionSaved', { retention: retention.toFixed(2) }) });
  },
  async forget(i, ctx) {
    const button = { type: ComponentType.Button, style: ButtonStyle.Danger, label: t(ctx.locale, 'review.forgetButton'), custom_id: encodeCustomId('rf', i.user.id) } as const;
    await ctx.respond.reply({ content: t(ctx.locale, 'review.forgetConfirm'), components: [{ type: ComponentType.ActionRow, components: [button] }] });
  },
};

/** rf:<user>: the confirmation; only the member it was shown to can press it. */
const confirmForget: ButtonHandler = async (i, [userId], ctx) => {
  if (userId !== i.user.id) throw new UserError('error.notYours');
  await forgetReviews(ctx.db, i.user.id);
  await ctx.respond.update({ content: t(ctx.locale, 'review.forgotten'), components: [] });
};

/** pw:<tag>: practice on the member's weakest subject. */
const practiseWeakest: ButtonHandler = async (i, [tag], ctx) => {
  await ctx.respond.update(await showNextQuestion(i, ctx, `tag:${tag ?? ''}`, 'any'));
};

export default {
  data,
  ephemeral: true,
  async execute(i, ctx) {
    await handlers[i.options.getSubcommand()]!(i, ctx);
  },
  buttons: { rf: confirmForget, pw: practiseWeakest },
} satisfies Command;
