import { ApplicationCommandOptionType, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { choice, described, subcommand as sub } from '../src/discord/command-data.js';
import { requireManageServer } from '../src/discord/permissions.js';
import { recapEmbed, recapScheduleText, renderPlan, renderRecapReply, weekLine } from '../src/discord/render/plan.js';
import { isValidTime, localDateOf } from '../src/domain/daily.js';
import { BUILTIN_PLAN_NAMES, type BuiltinPlan } from '../src/domain/plan-builtin.js';
import { checkPlan, parseDate, parseTags, planFromTemplate, renumbered, resumedWeeks, withWeek, type PlanProblem, type PlanWeek } from '../src/domain/plan.js';
import { nextRecap } from '../src/domain/recap.js';
import { t } from '../src/i18n/index.js';
import { UserError } from '../src/i18n/user-error.js';
import { clearPlan, getPlan, planZone, savePlan, setPlanPaused } from '../src/store/plan.js';
import { lastRecap, type RecapSummary } from '../src/store/recap.js';
import { setServerSetting } from '../src/store/settings.js';
import type { Command, InteractionContext } from './index.js';

const str = (name: string, zh: string, key: Parameters<typeof described>[0], required = false, max = 200) =>
  ({ type: ApplicationCommandOptionType.String, name, name_localizations: { 'zh-CN': zh }, ...described(key), required, max_length: max }) as const;

const data = {
  name: 'plan',
  name_localizations: { 'zh-CN': '计划' },
  ...described('command.plan.description'),
  contexts: [0],
  options: [
    sub('show', '查看', 'command.plan.show.description'),
    sub('set', '设置', 'command.plan.set.description', [
      str('start', '开始日期', 'option.start.description', true, 10),
      { type: ApplicationCommandOptionType.String, name: 'template', name_localizations: { 'zh-CN': '模板' }, ...described('option.template.description'), choices: BUILTIN_PLAN_NAMES.map((n) => choice(n, `template.${n}`)) },
    ]),
    sub('week', '调整周', 'command.plan.week.description', [
      { type: ApplicationCommandOptionType.Integer, name: 'week', name_localizations: { 'zh-CN': '周次' }, ...described('option.week.description'), required: true, min_value: 1, max_value: 52 },
      str('start', '开始日期', 'option.weekStart.description', false, 10),
      str('end', '结束日期', 'option.weekEnd.description', false, 10),
      str('tags', '概念', 'option.tags.description', false, 1000),
    ]),
    sub('pause', '暂停', 'command.plan.pause.description'),
    sub('resume', '恢复', 'command.plan.resume.description'),
    sub('clear', '清除', 'command.plan.clear.description'),
    sub('recap', '回顾', 'command.plan.recap.description'),
    sub('recap-now', '立即回顾', 'command.plan.recapNow.description'),
    sub('recap-schedule', '回顾时间', 'command.plan.recapSchedule.description', [
      str('time', '时间', 'option.recapTime.description', false, 5),
      { type: ApplicationCommandOptionType.Integer, name: 'weekday', name_localizations: { 'zh-CN': '星期' }, ...described('option.weekday.description'), choices: [1, 2, 3, 4, 5, 6, 7].map((d) => ({ ...choice(String(d), `weekday.${d as 7}`), value: d })) },
      { type: ApplicationCommandOptionType.Boolean, name: 'enabled', name_localizations: { 'zh-CN': '开启' }, ...described('option.enabled.description') },
    ]),
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

type Handler = (i: ChatInputCommandInteraction, ctx: InteractionContext) => Promise<unknown>;
const manager = (i: ChatInputCommandInteraction) => requireManageServer(i, 'plan.managersOnly');

/** A refusal that names what is wrong; nothing has been saved when it is sent. */
const refuse = (ctx: InteractionContext, p: PlanProblem) => ctx.respond.reply({ content: t(ctx.locale, `plan.refuse.${p.problem}`, { detail: p.detail }), allowedMentions: { parse: [] } });

async function today(i: ChatInputCommandInteraction, ctx: InteractionContext) {
  const zone = await planZone(ctx.db, i.guildId!);
  return { zone, today: localDateOf(ctx.clock(), zone) };
}

async function planOrThrow(i: ChatInputCommandInteraction, ctx: InteractionContext) {
  const plan = await getPlan(ctx.db, i.guildId!);
  if (!plan) throw new UserError('plan.none');
  return plan;
}

/** Checks and saves weeks; false (and the member told why) when the plan is impossible. */
async function saveChecked(i: ChatInputCommandInteraction, ctx: InteractionContext, template: string, pausedAt: Date | null, weeks: PlanWeek[], todayDate: string) {
  const problem = checkPlan(weeks, todayDate);
  if (problem) {
    await refuse(ctx, problem);
    return false;
  }
  await savePlan(ctx.db, i.guildId!, { template, pausedAt, weeks: renumbered(weeks) }, i.user.id);
  return true;
}

const handlers: Record<string, Handler> = {
  async show(i, ctx) {
    const plan = await planOrThrow(i, ctx);
    const { zone, today: date } = await today(i, ctx);
    await ctx.respond.reply(renderPlan(plan, date, zone, nextRecap(ctx.clock(), zone, plan, ctx.settings.recap), ctx.locale));
  },
  async set(i, ctx) {
    manager(i);
    const typed = i.options.getString('start', true);
    const start = parseDate(typed);
    if (!start) return refuse(ctx, { problem: 'badDate', detail: typed });
    const template = (i.options.getString('template') ?? 'notes') as BuiltinPlan;
    if (!BUILTIN_PLAN_NAMES.includes(template)) throw new UserError('error.unknownButton');
    const { zone, today: date } = await today(i, ctx);
    const weeks = planFromTemplate(template, start);
    if (!(await saveChecked(i, ctx, template, null, weeks, date))) return;
    await ctx.respond.reply({ content: t(ctx.locale, 'plan.saved', { weeks: weeks.length, start: weeks[0]!.startDate, end: weeks.at(-1)!.endDate, zone }) });
  },
  async week(i, ctx) {
    manager(i);
    const plan = await planOrThrow(i, ctx);
    const n = i.options.getInteger('week', true);
    const [startText, endText, tagsText] = [i.options.getString('start'), i.options.getString('end'), i.options.getString('tags')];
    if (startText === null && endText === null && tagsText === null) throw new UserError('plan.nothingToChange');
    const startDate = startText === null ? undefined : parseDate(startText);
    const endDate = endText === null ? undefined : parseDate(endText);
    if (startText !== null && !startDate) return refuse(ctx, { problem: 'badDate', detail: startText });
    if (endText !== null && !endDate) return refuse(ctx, { problem: 'badDate', detail: endText });
    const weeks = withWeek(plan.weeks, n, { startDate, endDate, tags: tagsText === null ? undefined : parseTags(tagsText) });
    if (!weeks) return void (await ctx.respond.reply({ content: t(ctx.locale, 'plan.unknownWeek', { n, weeks: plan.weeks.length }) }));
    const { today: date } = await today(i, ctx);
    if (!(await saveChecked(i, ctx, plan.template, plan.pausedAt, weeks, date))) return;
    const changed = (await getPlan(ctx.db, i.guildId!))!.weeks.find((w) => w.startDate === weeks.find((x) => x.number === n)!.startDate)!;
    await ctx.respond.reply({ content: t(ctx.locale, 'plan.weekSaved', { line: weekLine(changed, ctx.locale, 1500) }), allowedMentions: { parse: [] } });
  },
  async pause(i, ctx) {
    manager(i);
    const plan = await planOrThrow(i, ctx);
    if (plan.pausedAt) throw new UserError('plan.alreadyPaused');
    await setPlanPaused(ctx.db, i.guildId!, ctx.clock(), i.user.id);
    await ctx.respond.reply({ content: t(ctx.locale, 'plan.paused') });
  },
  async resume(i, ctx) {
    manager(i);
    const plan = await planOrThrow(i, ctx);
    if (!plan.pausedAt) throw new UserError('plan.notPaused');
    const { zone, today: date } = await today(i, ctx);
    const pausedOn = localDateOf(plan.pausedAt, zone);
    const weeks = resumedWeeks(plan.weeks, pausedOn, date);
    if (!(await saveChecked(i, ctx, plan.template, null, weeks, date))) return;
    await ctx.respond.reply({ content: t(ctx.locale, 'plan.resumed', { days: Math.round((Date.parse(date) - Date.parse(pausedOn)) / 86_400_000) }) });
  },
  async clear(i, ctx) {
    manager(i);
    if (!(await clearPlan(ctx.db, i.guildId!))) throw new UserError('plan.none');
    await ctx.respond.reply({ content: t(ctx.locale, 'plan.cleared') });
  },
  async recap(i, ctx) {
    const row = await lastRecap(ctx.db, i.guildId!);
    if (!row) throw new UserError('recap.noneYet');
    const summary = JSON.parse(row.summary) as RecapSummary;
    const zone = await planZone(ctx.db, i.guildId!);
    const chart = await ctx.recaps.chart(summary, ctx.locale);
    const question = summary.missed ? ctx.catalog.get(summary.missed.questionId) : undefined;
    await ctx.respond.reply(renderRecapReply(recapEmbed(summary, zone, question, ctx.locale, Boolean(chart)), chart));
  },
  async 'recap-now'(i, ctx) {
    manager(i);
    const outcome = await ctx.recaps.postNow(i.guildId!);
    if (outcome.status === 'noChannel') throw new UserError('recap.noChannel');
    if (outcome.status === 'nothing') throw new UserError('recap.nothingToRecap');
    if (outcome.status !== 'posted' && outcome.status !== 'exists') throw new UserError('recap.postFailed');
    const { recap, status } = outcome;
    if (!recap.messageId) throw new UserError('recap.postFailed');
    const link = `https://discord.com/channels/${recap.guildId}/${recap.channelId}/${recap.messageId}`;
    await ctx.respond.reply({ content: t(ctx.locale, status === 'posted' ? 'recap.postedNow' : 'recap.alreadyPosted', { link }) });
  },
  async 'recap-schedule'(i, ctx) {
    manager(i);
    const time = i.options.getString('time')?.trim();
    if (time !== undefined && !isValidTime(time)) throw new UserError('plan.badTime');
    const before = ctx.settings.recap;
    const next = { enabled: i.options.getBoolean('enabled') ?? before.enabled, weekday: i.options.getInteger('weekday') ?? before.weekday, time: time ?? before.time };
    await setServerSetting(ctx.db, i.guildId!, 'recap', next, i.user.id);
    await ctx.respond.reply({ content: t(ctx.locale, 'plan.recapScheduleSaved', { before: recapScheduleText(before, ctx.locale), after: recapScheduleText(next, ctx.locale) }) });
  },
};

export default {
  data,
  ephemeral: true,
  async execute(i, ctx) {
    if (!i.inGuild()) throw new UserError('error.guildOnly');
    await handlers[i.options.getSubcommand()]!(i, ctx);
  },
} satisfies Command;
