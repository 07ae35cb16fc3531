import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import { REPORT_FIELDS, renderReportModal } from '../../src/discord/render/report-modal.js';
import { checkReport } from '../../src/domain/report.js';
import { t } from '../../src/i18n/index.js';
import { UserError } from '../../src/i18n/user-error.js';
import { findChallenge } from '../../src/store/daily.js';
import { findShowing } from '../../src/store/practice.js';
import { createReport, hasOpenReport, questionVersion } from '../../src/store/reports.js';
import { findRound, findRoundQuestion } from '../../src/store/rounds.js';
import type { ButtonHandler, InteractionContext, ModalHandler } from '../index.js';

/**
 * The question behind a report's custom_id (`<source>:<id>`: p a practice or review showing, r a
 * round question, d a daily challenge), checked against the store: it exists, and the member saw it
 * where they are (their own showing; a round of this channel; a daily of this server).
 */
async function reportedQuestion(i: ButtonInteraction | ModalSubmitInteraction, args: string[], ctx: InteractionContext): Promise<string | undefined> {
  const [source, id] = args;
  if (args.length !== 2 || !id) return undefined;
  if (source === 'p') {
    const showing = await findShowing(ctx.db, id);
    if (showing && showing.userId !== i.user.id) throw new UserError('error.notYourQuestion');
    return showing?.questionId;
  }
  if (source === 'r') {
    const row = await findRoundQuestion(ctx.db, id);
    const round = row && (await findRound(ctx.db, row.roundId));
    return round && round.channelId === i.channelId ? row.questionId : undefined;
  }
  if (source === 'd') {
    const challenge = await findChallenge(ctx.db, id);
    return challenge && challenge.guildId === i.guildId ? challenge.questionId : undefined;
  }
  return undefined;
}

/** The question as it is now in the store; a question that left the bank cannot be reported. */
async function currentVersion(ctx: InteractionContext, questionId: string) {
  const row = await questionVersion(ctx.db, questionId);
  if (!row || row.retiredAt) throw new UserError('report.retired');
  return row.contentHash;
}

/** rp:<source>:<id>: "Report a problem" under a revealed answer opens the modal (or says the member's report is open). */
export const openReport: ButtonHandler = async (i, args, ctx) => {
  const questionId = await reportedQuestion(i, args, ctx);
  if (!questionId) throw new UserError('error.unknownButton');
  await currentVersion(ctx, questionId);
  if (await hasOpenReport(ctx.db, i.user.id, questionId)) {
    await ctx.respond.private(t(ctx.locale, 'report.alreadyOpen'));
    return;
  }
  if (!(await ctx.respond.modal(renderReportModal(args[0]!, args[1]!, ctx.locale)))) throw new UserError('report.tooSlow');
};

/** A field of a submitted modal, or undefined when a forged submit left it out or gave it another type. */
function field<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** rm:<source>:<id>: the submitted report, checked completely before anything is stored. */
export const submitReport: ModalHandler = async (i, args, ctx) => {
  const questionId = await reportedQuestion(i, args, ctx);
  if (!questionId) throw new UserError('report.unknownForm');
  const reasons = field(() => i.fields.getStringSelectValues(REPORT_FIELDS.reason));
  const checked = checkReport({ reason: reasons?.length === 1 ? reasons[0] : undefined, comment: field(() => i.fields.getTextInputValue(REPORT_FIELDS.comment)) ?? '' });
  if ('refused' in checked) throw new UserError(`report.${checked.refused}`);
  const bankVersion = await currentVersion(ctx, questionId);
  const saved = await createReport(ctx.db, { questionId, bankVersion, guildId: i.guildId, userId: i.user.id, reason: checked.reason, comment: checked.comment, createdAt: ctx.clock() });
  await ctx.respond.private(t(ctx.locale, saved === 'created' ? 'report.thanks' : 'report.alreadyOpen'));
};
