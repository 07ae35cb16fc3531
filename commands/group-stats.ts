import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { described } from '../src/discord/command-data.js';
import { renderGroupStats } from '../src/discord/render/stats.js';
import { weekStart } from '../src/domain/periods.js';
import { UserError } from '../src/i18n/user-error.js';
import { groupStats } from '../src/store/boards.js';
import { serverZones } from '../src/store/scores.js';
import type { Command } from './index.js';

/** A command of its own: Discord does not let one command mix subcommands with options. */
const data = {
  name: 'group-stats',
  name_localizations: { 'zh-CN': '小组统计' },
  ...described('command.groupStats.description'),
  contexts: [0],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export default {
  data,
  async execute(i, ctx) {
    if (!i.inGuild()) throw new UserError('error.guildOnly');
    const zone = (await serverZones(ctx.db, [i.guildId])).get(i.guildId)!;
    const { topics, missed } = await groupStats(ctx.db, i.guildId, weekStart(ctx.clock(), zone));
    const withPrompts = missed.map((m) => ({ ...m, prompt: ctx.catalog.get(m.questionId)?.prompt[ctx.locale] ?? m.questionId }));
    await ctx.respond.reply(renderGroupStats(topics, withPrompts, ctx.locale));
  },
} satisfies Command;
