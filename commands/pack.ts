import { ApplicationCommandOptionType, ButtonStyle, ComponentType, PermissionFlagsBits, type Attachment, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { ID_PATTERN } from '../src/bank/schema.js';
import { described, subcommand as sub } from '../src/discord/command-data.js';
import { encodeCustomId } from '../src/discord/custom-id.js';
import { requireManageServer } from '../src/discord/permissions.js';
import { fitLines, LIMITS } from '../src/discord/render/fit.js';
import { COLOR } from '../src/discord/render/practice.js';
import { t } from '../src/i18n/index.js';
import { UserError } from '../src/i18n/user-error.js';
import { packTemplate, serializePack } from '../src/packs/export.js';
import { formatPackProblem } from '../src/packs/messages.js';
import { parsePack, summarizeProblems } from '../src/packs/parse.js';
import { PACK_LIMITS } from '../src/packs/types.js';
import { exportPack, findPack, findPackById, importPack, listPacks, loadPackQuestions, removePack } from '../src/store/packs.js';
import type { ButtonHandler, Command, InteractionContext } from './index.js';
import { openReport, submitReport } from './pack/report.js';
import { hideReported, reportsPageButton, resolveReports, showReports } from './pack/reports.js';

const nameOption = { type: ApplicationCommandOptionType.String, name: 'name', name_localizations: { 'zh-CN': '名称' }, ...described('option.packName.description'), required: true, max_length: PACK_LIMITS.name } as const;

const data = {
  name: 'pack',
  name_localizations: { 'zh-CN': '题包' },
  ...described('command.pack.description'),
  contexts: [0],
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    sub('import', '导入', 'command.pack.import.description', [{ type: ApplicationCommandOptionType.Attachment, name: 'file', name_localizations: { 'zh-CN': '文件' }, ...described('option.file.description'), required: true }]),
    sub('list', '列表', 'command.pack.list.description'),
    sub('export', '导出', 'command.pack.export.description', [nameOption]),
    sub('remove', '移除', 'command.pack.remove.description', [nameOption]),
    sub('template', '模板', 'command.pack.template.description'),
    sub('reports', '报告', 'command.pack.reports.description'),
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** How long a pack file may take to download from Discord's CDN. */
const DOWNLOAD_TIMEOUT_MS = 10_000;

/** The attachment's bytes, refusing more than the pack limit even if the declared size lied. */
async function download(file: Attachment): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(file.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch {
    throw new UserError('pack.downloadFailed');
  }
  if (!res.ok || !res.body) throw new UserError('pack.downloadFailed');
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      size += chunk.byteLength;
      // One byte over is enough for the parser to say "too large" with the real rule.
      if (size > PACK_LIMITS.fileBytes + 1) break;
      chunks.push(chunk);
    }
  } catch {
    throw new UserError('pack.downloadFailed');
  }
  return Buffer.concat(chunks);
}

const isPackName = (name: string) => name.length <= PACK_LIMITS.name && ID_PATTERN.test(name);

async function ownPack(i: ChatInputCommandInteraction, ctx: InteractionContext) {
  const name = i.options.getString('name', true).trim();
  if (!isPackName(name)) throw new UserError('pack.badName');
  const pack = await findPack(ctx.db, i.guildId!, name);
  if (!pack) {
    await ctx.respond.reply({ content: t(ctx.locale, 'pack.notFound', { name }) });
    return undefined;
  }
  return pack;
}

/** Serve the server's packs as they now are. */
const refreshCatalog = async (ctx: InteractionContext, guildId: string) => ctx.catalog.setServerPacks(guildId, await loadPackQuestions(ctx.db, guildId));

const handlers: Record<string, (i: ChatInputCommandInteraction, ctx: InteractionContext) => Promise<void>> = {
  async import(i, ctx) {
    // A big pack may take long: its outcome says nothing private, so it reaches the channel if the token has died meanwhile.
    ctx.respond.lateAnswerInChannel = true;
    const file = i.options.getAttachment('file', true);
    if (file.size > PACK_LIMITS.fileBytes) throw new UserError('pack.tooLarge');
    const result = parsePack(await download(file), { fileName: file.name });
    if (!result.ok) {
      const { shown, more } = summarizeProblems(result.problems);
      const lines = shown.map((p) => `• ${formatPackProblem(p, ctx.locale)}`);
      // whole problems only; those that do not fit are counted with the rest
      const moreLine = more ? t(ctx.locale, 'pack.more', { count: more }) : undefined;
      const all = fitLines(moreLine ? [...lines, moreLine] : lines, LIMITS.description, (left) => t(ctx.locale, 'pack.more', { count: left - (moreLine ? 1 : 0) + more }));
      await ctx.respond.reply({ content: t(ctx.locale, 'pack.rejected', { count: result.problems.length }), embeds: [{ description: all, color: COLOR.wrong }], allowedMentions: { parse: [] } });
      return;
    }
    const imported = await importPack(ctx.db, i.guildId!, result.pack, i.user.id, ctx.clock());
    if (imported.status === 'exists') {
      await ctx.respond.reply({ content: t(ctx.locale, 'pack.exists', { name: result.pack.name }) });
      return;
    }
    await refreshCatalog(ctx, i.guildId!);
    const count = result.pack.questions.length;
    await ctx.respond.reply({ content: t(ctx.locale, 'pack.imported', { name: result.pack.name, count, topics: `${t(ctx.locale, `topic.${result.pack.topic}`)}: ${count}` }) });
  },
  async list(i, ctx) {
    const packs = await listPacks(ctx.db, i.guildId!);
    const lines = packs.map((p) => t(ctx.locale, 'pack.listLine', { name: p.name, topic: t(ctx.locale, `topic.${p.topic as 'go'}`), count: p.questionCount, date: `<t:${Math.floor(p.importedAt.getTime() / 1000)}:d>` }));
    await ctx.respond.reply({ embeds: [{ title: t(ctx.locale, 'pack.listTitle'), description: lines.join('\n') || t(ctx.locale, 'pack.listEmpty'), color: COLOR.question }] });
  },
  async export(i, ctx) {
    const pack = await ownPack(i, ctx);
    if (!pack) return;
    const text = serializePack(await exportPack(ctx.db, pack));
    const extension = text.startsWith('{') ? 'json' : 'yaml';
    await ctx.respond.reply({ content: t(ctx.locale, 'pack.exported', { name: pack.name, count: pack.questionCount }), files: [{ attachment: Buffer.from(text), name: `${pack.name}.${extension}` }] });
  },
  async remove(i, ctx) {
    const pack = await ownPack(i, ctx);
    if (!pack) return;
    await ctx.respond.reply({
      content: t(ctx.locale, 'pack.removeConfirm', { name: pack.name, count: pack.questionCount }),
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Danger, label: t(ctx.locale, 'pack.removeButton'), custom_id: encodeCustomId('pr', pack.id) }] }],
    });
  },
  reports: showReports,
  async template(_i, ctx) {
    await ctx.respond.reply({ content: t(ctx.locale, 'pack.template'), files: [{ attachment: Buffer.from(packTemplate(ctx.locale)), name: 'pack-template.yaml' }] });
  },
};

/** pr:<pack>: the confirmation, by a manager of the pack's own server (a copied button is refused elsewhere). */
const confirmRemove: ButtonHandler = async (i, [packId], ctx) => {
  requireManageServer(i, 'pack.managersOnly');
  const pack = packId ? await findPackById(ctx.db, packId) : null;
  if (!pack) throw new UserError('pack.alreadyRemoved');
  if (pack.guildId !== i.guildId) throw new UserError('error.unknownButton');
  if (!(await removePack(ctx.db, pack, ctx.clock()))) throw new UserError('pack.alreadyRemoved');
  await refreshCatalog(ctx, pack.guildId);
  await ctx.respond.update({ content: t(ctx.locale, 'pack.removed', { name: pack.name }), components: [] });
};

export default {
  data,
  ephemeral: true,
  async execute(i, ctx) {
    if (!i.inGuild()) throw new UserError('error.guildOnly');
    const sub = i.options.getSubcommand();
    requireManageServer(i, sub === 'reports' ? 'reports.managersOnly' : 'pack.managersOnly');
    const handler = handlers[sub];
    if (!handler) throw new UserError('error.unknownCommand');
    await handler(i, ctx);
  },
  // rp/rm: any member's "Report a problem" and its modal; rr/rh/rg: the managers' list of reports.
  buttons: { pr: confirmRemove, rp: openReport, rr: resolveReports, rh: hideReported, rg: reportsPageButton },
  modals: { rm: submitReport },
} satisfies Command;
