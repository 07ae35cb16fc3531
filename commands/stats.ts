import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { TOPICS } from '../src/bank/tags.js';
import { chartFontsSupport, renderAccuracyChart } from '../src/charts/accuracy.js';
import { described } from '../src/discord/command-data.js';
import { memberName } from '../src/discord/names.js';
import { renderStats } from '../src/discord/render/stats.js';
import type { Locale } from '../src/domain/question.js';
import { t } from '../src/i18n/index.js';
import { UserError } from '../src/i18n/user-error.js';
import { memberNames, memberStats, type MemberStats } from '../src/store/boards.js';
import type { Command } from './index.js';

const data = {
  name: 'stats',
  name_localizations: { 'zh-CN': '统计' },
  ...described('command.stats.description'),
  contexts: [0],
  options: [{ type: ApplicationCommandOptionType.User, name: 'member', name_localizations: { 'zh-CN': '成员' }, ...described('option.member.description') }],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Accuracy per topic as a picture; labels in English when no installed font can draw Chinese. */
async function chart(stats: MemberStats, locale: Locale): Promise<Buffer> {
  const labelLocale: Locale = (await chartFontsSupport(locale)) ? locale : 'en-US';
  const bars = TOPICS.map((topic) => {
    const tally = stats.topics.find((x) => x.key === topic);
    return { label: t(labelLocale, `topic.${topic}`), accuracy: tally ? tally.correct / tally.answers : null, answers: tally?.answers ?? 0 };
  });
  return renderAccuracyChart({ title: t(labelLocale, 'stats.chartTitle'), bars, locale: labelLocale });
}

export default {
  data,
  ephemeral: true,
  async execute(i, ctx) {
    if (!i.inGuild()) throw new UserError('error.guildOnly');
    const user = i.options.getUser('member') ?? i.user;
    if (user.bot) throw new UserError('stats.botMember');
    const stats = await memberStats(ctx.db, i.guildId, user.id);
    const resolved = i.options.getMember('member');
    const name =
      user.id === i.user.id
        ? memberName(i)
        : ((resolved && 'displayName' in resolved ? resolved.displayName : resolved?.nick) ?? (await memberNames(ctx.db, i.guildId, [user.id])).get(user.id) ?? user.displayName);
    await ctx.respond.reply(renderStats(name, stats, stats.answers ? await chart(stats, ctx.locale) : undefined, ctx.locale));
  },
} satisfies Command;
