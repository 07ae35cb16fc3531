import type { problemsEnUS } from './problems.en-US.js';
import type { Catalog } from './index.js';

/** Discord 拒绝发帖时告诉管理员的话（zh-CN）。 */
export const problemsZhCN = {
  'problem.permission.ViewChannel': '查看频道',
  'problem.permission.SendMessages': '发送消息',
  'problem.permission.EmbedLinks': '嵌入链接',
  'problem.permission.AttachFiles': '附加文件',
  'problem.permission.CreatePublicThreads': '创建公开子区',
  'problem.action.daily': '发布每日挑战',
  'problem.action.dailyThread': '为每日挑战创建讨论子区',
  'problem.action.round': '发布竞答的题目',
  'problem.action.standings': '发布竞答的排名',
  'problem.action.recap': '发布每周回顾',
  'problem.list': (p) => new Intl.ListFormat('zh-CN', { type: 'conjunction' }).format(Array.from(p.names ?? [], (n) => `“${n}”`)),
  'problem.needs': (p) => `我需要在 ${p.channel} 拥有${p.permissions}权限才能${p.action}。管理服务器的成员可以在该频道设置的“权限”中为我开启；在此之前我不会反复重试。`,
  'problem.gone': (p) => `我无法${p.action}：频道 ${p.channel} 已不存在。拥有“管理服务器”权限的成员可以运行 /daily setup 换一个频道。`,
} satisfies Pick<Catalog, keyof typeof problemsEnUS>;
