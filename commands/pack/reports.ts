import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import { requireManageServer } from '../../src/discord/permissions.js';
import { renderReports } from '../../src/discord/render/reports.js';
import { t } from '../../src/i18n/index.js';
import { UserError } from '../../src/i18n/user-error.js';
import { activeHides, closeReports, hideQuestion, openReportGroups, questionVersion } from '../../src/store/reports.js';
import type { ButtonHandler, InteractionContext } from '../index.js';

/** The server's open reports on page `page`, with a line saying what was just done. */
async function reportsPage(i: ChatInputCommandInteraction | ButtonInteraction, ctx: InteractionContext, page: number, notice?: string) {
  return renderReports(await openReportGroups(ctx.db, i.guildId!), page, (id) => ctx.catalog.get(id), ctx.locale, notice);
}

/** /pack reports (the command checked Manage Server). */
export async function showReports(i: ChatInputCommandInteraction, ctx: InteractionContext) {
  await ctx.respond.reply(await reportsPage(i, ctx, 0));
}

/** A button of the list: by a manager of a server (a copied button acts on the clicker's own server only). */
function managerArgs(i: ButtonInteraction, args: string[]) {
  requireManageServer(i, 'reports.managersOnly');
  if (!i.inGuild()) throw new UserError('error.guildOnly');
  const [page, ...id] = args;
  // Pack question ids contain ':': everything after the page is the question id.
  const questionId = id.join(':');
  if (!/^\d{1,4}$/.test(page ?? '')) throw new UserError('error.unknownButton');
  return { page: Number(page), questionId };
}

/** rg:<page>: another page of the list. */
export const reportsPageButton: ButtonHandler = async (i, args, ctx) => {
  const { page } = managerArgs(i, [...args, '']);
  await ctx.respond.update(await reportsPage(i, ctx, page));
};

/** rr:<page>:<question>: closes the server's open reports of a question as resolved. */
export const resolveReports: ButtonHandler = async (i, args, ctx) => {
  const { page, questionId } = managerArgs(i, args);
  if (!questionId) throw new UserError('error.unknownButton');
  const closed = await closeReports(ctx.db, i.guildId!, questionId, 'resolved', i.user.id, ctx.clock());
  await ctx.respond.update(await reportsPage(i, ctx, page, closed ? t(ctx.locale, 'reports.resolved', { count: closed, id: questionId }) : t(ctx.locale, 'reports.nothingOpen')));
};

/** rh:<page>:<question>: hides the question in this server at its current version, and closes its reports. */
export const hideReported: ButtonHandler = async (i, args, ctx) => {
  const { page, questionId } = managerArgs(i, args);
  const row = questionId ? await questionVersion(ctx.db, questionId) : null;
  if (!row || row.retiredAt) throw new UserError('reports.cannotHide');
  const closed = await hideQuestion(ctx.db, { guildId: i.guildId!, questionId, contentHash: row.contentHash, by: i.user.id, now: ctx.clock() });
  ctx.catalog.setServerHidden(i.guildId!, (await activeHides(ctx.db, i.guildId!)).get(i.guildId!) ?? []);
  await ctx.respond.update(await reportsPage(i, ctx, page, t(ctx.locale, 'reports.hidden', { count: closed, id: questionId })));
};
