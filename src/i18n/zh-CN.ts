import type { Catalog } from './index.js';

export const zhCN = {
  'topic.go': 'Go',
  'topic.containers': '容器',
  'topic.kubernetes': 'Kubernetes',
  'topic.istio': 'Istio',
  'topic.cloud-native': '云原生',
  'topic.any': '任意主题',
  'difficulty.easy': '简单',
  'difficulty.medium': '中等',
  'difficulty.hard': '困难',
  'difficulty.any': '任意难度',

  'command.ping.description': '检查机器人是否在线以及响应速度',
  'command.quiz.description': '练习云原生题目',
  'command.quiz.practice.description': '独自练习：一次一题，只有你能看到',
  'option.topic.description': '要练习的主题',
  'option.difficulty.description': '题目的难度',

  'ping.reply': (p) => `Pong！网关延迟：${p.ms} 毫秒。`,

  'practice.title': (p) => `练习 · ${p.topic} · ${p.difficulty}`,
  'practice.footer': '请选择一个答案。这道题只有你能看到。',
  'practice.correct': '✅ 回答正确！',
  'practice.wrong': '❌ 回答错误。',
  'practice.yourAnswer': (p) => `你的答案：${p.choice}`,
  'practice.rightAnswer': (p) => `正确答案：${p.choice}`,
  'practice.explanation': '解析',
  'practice.docs': '延伸阅读',
  'practice.next': '下一题',
  'practice.poolEmpty': '这个主题和难度下暂时没有题目。可以把其中一项改成“任意”再试。',

  'error.alreadyAnswered': '你已经回答过这道题了。点击“下一题”继续练习。',
  'error.notYourQuestion': '这道题是给其他成员的。请运行 /quiz practice 获取你自己的题目。',
  'error.unknownButton': '这个按钮已失效，请重新运行命令。',
  'error.unknownCommand': '这个命令已不再可用。',
  'error.guildOnly': '这个命令只能在服务器频道中使用。',
  'error.internal': (p) => `我们这边出了点问题，请稍后重试。（事件编号 ${p.incident}）`,
} satisfies Catalog;
