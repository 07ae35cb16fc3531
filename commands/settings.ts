import { ApplicationCommandOptionType, PermissionFlagsBits, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { TOPICS } from '../src/bank/tags.js';
import { choice, described, subcommand as sub } from '../src/discord/command-data.js';
import { requireManageServer } from '../src/discord/permissions.js';
import { COLOR } from '../src/discord/render/practice.js';
import type { Locale } from '../src/domain/question.js';
import { recapScheduleText } from '../src/discord/render/plan.js';
import { SETTING_KEYS, SETTING_SCHEMAS, type ServerSettings, type SettingKey } from '../src/domain/settings.js';
import { t, type PlainKey } from '../src/i18n/index.js';
import { UserError } from '../src/i18n/user-error.js';
import { setServerSetting } from '../src/store/settings.js';
import type { Command, InteractionContext } from './index.js';

const topicChoice = { type: ApplicationCommandOptionType.String, name: 'topic', name_localizations: { 'zh-CN': '主题' }, ...described('option.topic.description'), required: true, choices: TOPICS.map((x) => choice(x, `topic.${x}`)) } as const;
const enabled = { type: ApplicationCommandOptionType.Boolean, name: 'enabled', name_localizations: { 'zh-CN': '开启' }, ...described('option.enabled.description'), required: true } as const;

const data = {
  name: 'settings',
  name_localizations: { 'zh-CN': '设置' },
  ...described('command.settings.description'),
  contexts: [0],
  // Hidden from members without Manage Server by default; execute checks again (an admin can override this).
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    sub('show', '查看', 'command.settings.show.description'),
    sub('language', '语言', 'command.settings.language.description', [
      { type: ApplicationCommandOptionType.String, name: 'value', name_localizations: { 'zh-CN': '值' }, ...described('option.language.description'), required: true, choices: (['member', 'en-US', 'zh-CN'] as const).map((l) => choice(l, `language.${l}`)) },
    ]),
    sub('topic', '主题', 'command.settings.topic.description', [topicChoice, enabled]),
    sub('builtin', '内置题目', 'command.settings.builtin.description', [topicChoice, enabled]),
    sub('rounds', '竞赛默认值', 'command.settings.rounds.description', [
      { type: ApplicationCommandOptionType.Integer, name: 'questions', name_localizations: { 'zh-CN': '题数' }, ...described('option.questions.description'), min_value: 3, max_value: 20 },
      { type: ApplicationCommandOptionType.Integer, name: 'seconds', name_localizations: { 'zh-CN': '秒数' }, ...described('option.seconds.description'), min_value: 10, max_value: 60 },
    ]),
    sub('round-role', '竞赛身份组', 'command.settings.roundRole.description', [{ type: ApplicationCommandOptionType.Role, name: 'role', name_localizations: { 'zh-CN': '身份组' }, ...described('option.role.description') }]),
    sub('leaderboard', '排行榜', 'command.settings.leaderboard.description', [
      { type: ApplicationCommandOptionType.String, name: 'visibility', name_localizations: { 'zh-CN': '可见性' }, ...described('option.visibility.description'), required: true, choices: (['public', 'private'] as const).map((v) => choice(v, `visibility.${v}`)) },
    ]),
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const LABELS = { language: 'settings.language', topics: 'settings.topics', builtin: 'settings.builtin', roundDefaults: 'settings.roundDefaults', roundRole: 'settings.roundRole', leaderboard: 'settings.leaderboard', recap: 'settings.recap' } as const;
const label = (key: SettingKey, locale: Locale) => t(locale, LABELS[key] as PlainKey);

/** A setting's value as the organiser reads it (a role renders as its mention, which never pings here). */
function shown<K extends SettingKey>(key: K, value: ServerSettings[K], locale: Locale): string {
  const topics = (list: readonly string[]) => list.map((x) => t(locale, `topic.${x as 'go'}`)).join(', ') || t(locale, 'settings.none');
  const v = value as ServerSettings[SettingKey];
  switch (key) {
    case 'language':
      return t(locale, `language.${v as ServerSettings['language']}`);
    case 'topics':
    case 'builtin':
      return topics(v as string[]);
    case 'roundDefaults':
      return t(locale, 'settings.roundDefaultsValue', v as ServerSettings['roundDefaults']);
    case 'roundRole':
      return v ? `<@&${v as string}>` : t(locale, 'settings.everyone');
    case 'recap':
      return recapScheduleText(v as ServerSettings['recap'], locale);
    default:
      return t(locale, `visibility.${v as ServerSettings['leaderboard']}`);
  }
}

/** Validates, saves and acknowledges one change with what it was and what it is now. */
async function change<K extends SettingKey>(i: ChatInputCommandInteraction, ctx: InteractionContext, key: K, next: ServerSettings[K]) {
  requireManageServer(i, 'settings.managersOnly');
  if (!SETTING_SCHEMAS[key].safeParse(next).success) throw new UserError('settings.invalid');
  const setting = label(key, ctx.locale);
  if (JSON.stringify(ctx.settings[key]) === JSON.stringify(next)) {
    await ctx.respond.reply({ content: t(ctx.locale, 'settings.unchanged', { setting, value: shown(key, next, ctx.locale) }), allowedMentions: { parse: [] } });
    return;
  }
  const { before, after } = await setServerSetting(ctx.db, i.guildId!, key, next, i.user.id);
  // The reply speaks the language in force from now on.
  const locale = key === 'language' && after !== 'member' ? (after as Locale) : ctx.locale;
  await ctx.respond.reply({ content: t(locale, 'settings.changed', { setting: label(key, locale), before: shown(key, before, locale), after: shown(key, after, locale) }), allowedMentions: { parse: [] } });
}

/** Adds or removes a topic, keeping the bank's order. */
const toggled = (list: readonly string[], topic: string, on: boolean) => TOPICS.filter((x) => (x === topic ? on : list.includes(x)));

const handlers: Record<string, (i: ChatInputCommandInteraction, ctx: InteractionContext) => Promise<void>> = {
  async show(i, ctx) {
    requireManageServer(i, 'settings.managersOnly');
    const fields = SETTING_KEYS.map((key) => ({ name: label(key, ctx.locale), value: shown(key, ctx.settings[key], ctx.locale) }));
    await ctx.respond.reply({ embeds: [{ title: t(ctx.locale, 'settings.title'), color: COLOR.question, fields }], allowedMentions: { parse: [] } });
  },
  language: (i, ctx) => change(i, ctx, 'language', i.options.getString('value', true) as ServerSettings['language']),
  async topic(i, ctx) {
    const next = toggled(ctx.settings.topics, i.options.getString('topic', true), i.options.getBoolean('enabled', true));
    if (!next.length) throw new UserError('settings.lastTopic');
    await change(i, ctx, 'topics', next);
  },
  builtin: (i, ctx) => change(i, ctx, 'builtin', toggled(ctx.settings.builtin, i.options.getString('topic', true), i.options.getBoolean('enabled', true))),
  async rounds(i, ctx) {
    const questions = i.options.getInteger('questions');
    const seconds = i.options.getInteger('seconds');
    if (questions === null && seconds === null) throw new UserError('settings.roundsNeedValue');
    await change(i, ctx, 'roundDefaults', { questions: questions ?? ctx.settings.roundDefaults.questions, seconds: seconds ?? ctx.settings.roundDefaults.seconds });
  },
  'round-role': (i, ctx) => change(i, ctx, 'roundRole', i.options.getRole('role')?.id ?? null),
  leaderboard: (i, ctx) => change(i, ctx, 'leaderboard', i.options.getString('visibility', true) as ServerSettings['leaderboard']),
};

export default {
  data,
  ephemeral: true,
  async execute(i, ctx) {
    if (!i.inGuild()) throw new UserError('error.guildOnly');
    const handler = handlers[i.options.getSubcommand()];
    if (!handler) throw new UserError('error.unknownCommand');
    await handler(i, ctx);
  },
} satisfies Command;
