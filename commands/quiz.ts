import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { described, difficultyOption, topicOption } from '../src/discord/command-data.js';
import type { Command } from './index.js';
import { answerPractice, nextPractice, startPractice } from './quiz/practice.js';
import { answerRound, myPlace, startRound, stopRound } from './quiz/round.js';

const data = {
  name: 'quiz',
  name_localizations: { 'zh-CN': '测验' },
  ...described('command.quiz.description'),
  contexts: [0],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'practice',
      name_localizations: { 'zh-CN': '练习' },
      ...described('command.quiz.practice.description'),
      options: [topicOption, difficultyOption],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'start',
      name_localizations: { 'zh-CN': '开始' },
      ...described('command.quiz.start.description'),
      options: [
        topicOption,
        difficultyOption,
        { type: ApplicationCommandOptionType.Integer, name: 'questions', name_localizations: { 'zh-CN': '题数' }, ...described('option.questions.description'), min_value: 3, max_value: 20 },
        { type: ApplicationCommandOptionType.Integer, name: 'seconds', name_localizations: { 'zh-CN': '秒数' }, ...described('option.seconds.description'), min_value: 10, max_value: 60 },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'stop',
      name_localizations: { 'zh-CN': '结束' },
      ...described('command.quiz.stop.description'),
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const subcommands = { practice: startPractice, start: startRound, stop: stopRound } as const;

export default {
  data,
  // Practice and refusals are private; the start of a round is announced to the channel.
  ephemeral: (i) => i.options.getSubcommand(false) !== 'start',
  async execute(i, ctx) {
    const sub = i.options.getSubcommand() as keyof typeof subcommands;
    await subcommands[sub](i, ctx);
  },
  buttons: { pa: answerPractice, pn: nextPractice, ra: answerRound, rs: myPlace },
} satisfies Command;
