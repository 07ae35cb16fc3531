import { ButtonStyle, ComponentType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { described, subcommand } from '../src/discord/command-data.js';
import { encodeCustomId } from '../src/discord/custom-id.js';
import { t } from '../src/i18n/index.js';
import { UserError } from '../src/i18n/user-error.js';
import { deleteMemberData, exportMemberData } from '../src/store/member-data.js';
import type { ButtonHandler, Command } from './index.js';

const data = {
  name: 'privacy',
  name_localizations: { 'zh-CN': '隐私' },
  ...described('command.privacy.description'),
  options: [subcommand('export', '导出', 'command.privacy.export.description'), subcommand('delete', '删除', 'command.privacy.delete.description')],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** pd:<user> deletes, pk:<user> keeps: only the member the question was shown to can press them. */
const confirmDelete: ButtonHandler = async (i, [userId], ctx) => {
  if (userId !== i.user.id) throw new UserError('error.notYours');
  // Cards still being recomputed from this member's answers are stored first, then removed with the rest.
  await ctx.reviews.flush();
  const removed = await deleteMemberData(ctx.db, i.user.id);
  ctx.log.info({ removed }, 'member data deleted on request');
  await ctx.respond.update({ content: t(ctx.locale, 'privacy.deleted', { answers: removed.answers ?? 0 }), components: [] });
};

const keep: ButtonHandler = async (i, [userId], ctx) => {
  if (userId !== i.user.id) throw new UserError('error.notYours');
  await ctx.respond.update({ content: t(ctx.locale, 'privacy.kept'), components: [] });
};

export default {
  data,
  ephemeral: true,
  async execute(i, ctx) {
    if (i.options.getSubcommand() === 'export') {
      const exported = await exportMemberData(ctx.db, i.user.id, ctx.clock());
      const answers = exported.tables.answers?.length ?? 0;
      const file = { attachment: Buffer.from(JSON.stringify(exported, null, 2)), name: `quiz-bot-data-${i.user.id}.json` };
      await ctx.respond.reply({ content: t(ctx.locale, 'privacy.exported', { answers }), files: [file] });
      return;
    }
    const buttons = [
      { type: ComponentType.Button, style: ButtonStyle.Danger, label: t(ctx.locale, 'privacy.deleteButton'), custom_id: encodeCustomId('pd', i.user.id) },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: t(ctx.locale, 'privacy.keepButton'), custom_id: encodeCustomId('pk', i.user.id) },
    ] as const;
    await ctx.respond.reply({ content: t(ctx.locale, 'privacy.deleteConfirm'), components: [{ type: ComponentType.ActionRow, components: [...buttons] }] });
  },
  buttons: { pd: confirmDelete, pk: keep },
} satisfies Command;
