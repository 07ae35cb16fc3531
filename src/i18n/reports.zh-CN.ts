import type { reportsEnUS } from './reports.en-US.js';

type Source = typeof reportsEnUS;
type Section = { [K in keyof Source]: Source[K] extends (p: infer P) => string ? (p: P) => string : string };

/** Snippets' versions, "Report a problem" and /pack reports (zh-CN). */
export const reportsZhCN = {
  'question.version': (p) => `适用于 ${p.version}`,

  'report.button': '报告问题',
  'report.modalTitle': '报告这道题的问题',
  'report.reasonLabel': '哪里有问题？',
  'report.reason.wrong-answer': '答案是错的',
  'report.reason.unclear': '题目表述不清',
  'report.reason.outdated': '内容已过时',
  'report.reason.typo': '有错别字',
  'report.reason.other': '其他（请在下方说明）',
  'report.commentLabel': '说明',
  'report.commentDescription': '选填；选择“其他”时必填。最多 500 个字符，不能包含提及。',
  'report.thanks': '谢谢！你的报告已保存：服务器的组织者和题库的维护者会查看。',
  'report.alreadyOpen': '你已经报告过这道题，报告仍在处理中。谢谢！这次没有保存新的报告。',
  'report.retired': '这道题已不在题库中，无需报告。没有保存任何内容。',
  'report.badReason': '请从列表中选择一个原因。没有保存任何内容。',
  'report.commentNeeded': '选择“其他”时，请在说明中写明哪里有问题。没有保存任何内容。',
  'report.commentTooLong': '说明超过了 500 个字符，请缩短后重新报告。没有保存任何内容。',
  'report.commentMentions': '说明中不能包含提及（@everyone、@here、成员、身份组或频道）。没有保存任何内容。',
  'report.commentControl': '说明中包含不可见的控制字符。没有保存任何内容。',
  'report.unknownForm': '这个表单不属于我知道的任何题目。请再次点击“报告问题”。没有保存任何内容。',
  'report.tooSlow': '表单打开超时，请再次点击“报告问题”。',

  'command.pack.reports.description': '本服务器中关于题目问题的未处理报告（需要管理服务器权限）',
  'reports.title': (p) => `未处理的报告 · ${p.questions} 道题共 ${p.reports} 份`,
  'reports.managersOnly': '只有拥有“管理服务器”权限的成员才能查看和处理报告。没有做任何更改。',
  'reports.empty': '本服务器没有未处理的报告。',
  'reports.comments': '最新说明',
  'reports.page': (p) => `第 ${p.page}/${p.pages} 页 · “处理”关闭该题的报告；“隐藏”让该题在本服务器停用，直到题库修改它。`,
  'reports.resolve': (p) => `处理 #${p.n}`,
  'reports.hide': (p) => `隐藏 #${p.n}`,
  'reports.previous': '上一页',
  'reports.next': '下一页',
  'reports.resolved': (p) => `已处理 \`${p.id}\` 的 ${p.count} 份报告。`,
  'reports.hidden': (p) => `\`${p.id}\` 已在本服务器隐藏，直到题库修改这道题（关闭了 ${p.count} 份报告）。`,
  'reports.nothingOpen': '这些报告已经关闭。没有做任何更改。',
  'reports.cannotHide': '这道题已不在题库中，本来就不会出现。它的报告可以直接处理。',
} satisfies Section;
