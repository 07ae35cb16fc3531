import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from 'discord.js';
import type { Locale } from '../../domain/question.js';
import { REPORT_COMMENT_MAX, REPORT_REASONS } from '../../domain/report.js';
import { t } from '../../i18n/index.js';
import { encodeCustomId } from '../custom-id.js';

/** The custom_ids of the modal's two inputs. */
export const REPORT_FIELDS = { reason: 'reason', comment: 'comment' } as const;

/**
 * "Report a problem": a reason from a select menu and an optional comment, each in a Label (the
 * modal components discord.js 14.23+ and Discord support). The modal's custom_id says where the
 * member saw the question, as the button's did: ids only.
 */
export function renderReportModal(source: string, sourceId: string, locale: Locale): APIModalInteractionResponseCallbackData {
  return {
    custom_id: encodeCustomId('rm', source, sourceId),
    title: t(locale, 'report.modalTitle'),
    components: [
      {
        type: ComponentType.Label,
        label: t(locale, 'report.reasonLabel'),
        component: {
          type: ComponentType.StringSelect,
          custom_id: REPORT_FIELDS.reason,
          min_values: 1,
          max_values: 1,
          required: true,
          options: REPORT_REASONS.map((reason) => ({ label: t(locale, `report.reason.${reason}`), value: reason })),
        },
      },
      {
        type: ComponentType.Label,
        label: t(locale, 'report.commentLabel'),
        description: t(locale, 'report.commentDescription'),
        component: { type: ComponentType.TextInput, custom_id: REPORT_FIELDS.comment, style: TextInputStyle.Paragraph, required: false, max_length: REPORT_COMMENT_MAX },
      },
    ],
  };
}
