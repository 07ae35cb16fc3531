import type { Catalog } from './index.js';
import type { privacyEnUS } from './privacy.en-US.js';

/** /privacy（zh-CN）。 */
export const privacyZhCN = {
  'command.privacy.description': '你在本机器人中的数据：获取副本或删除',
  'command.privacy.export.description': '获取机器人在所有服务器中保存的关于你的全部数据（JSON 文件）',
  'command.privacy.delete.description': '删除机器人在所有服务器中保存的关于你的全部数据（会先确认）',
  'privacy.exported': (p: { answers: number }) => `这是机器人保存的关于你的全部数据：${p.answers} 条答题记录，以及你在所有服务器中的复习卡片、积分、连续记录、练习记录、比赛成绩，以及你提交的题目问题报告。只有你能看到这条消息。`,
  'privacy.deleteConfirm': '确定删除机器人在所有服务器中保存的关于你的全部数据吗？包括答题记录、复习卡片、积分、连续记录、练习记录、比赛成绩、题目问题报告和名字。排行榜会在没有你的情况下重新统计。此操作无法撤销。',
  'privacy.deleteButton': '删除我的数据',
  'privacy.keepButton': '保留',
  'privacy.deleted': (p: { answers: number }) => `完成：你的数据已删除（${p.answers} 条答题记录及由其统计的一切）。排行榜中不再显示你。`,
  'privacy.kept': '没有删除任何内容。',
} satisfies Pick<Catalog, keyof typeof privacyEnUS>;
