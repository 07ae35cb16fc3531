import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { TOKEN_LIFETIME_MS } from '../../src/discord/interaction-gone.js';
import { memberName } from '../../src/discord/names.js';
import { CHOICE_LETTERS } from '../../src/domain/practice.js';
import { t } from '../../src/i18n/index.js';
import { UserError } from '../../src/i18n/user-error.js';
import { findRound, placeIn } from '../../src/store/rounds.js';
import { requireServedTopic } from './practice.js';
import type { ButtonHandler, InteractionContext } from '../index.js';

const CAN_POST = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

/** With a round role set, only its members (and managers) start and stop rounds. Checked from the interaction's member. */
function mayRunRounds(i: ChatInputCommandInteraction, ctx: InteractionContext): boolean {
  const role = ctx.settings.roundRole;
  if (role === null || i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = i.member?.roles;
  return Array.isArray(roles) ? roles.includes(role) : (roles?.cache.has(role) ?? false);
}

/** /quiz start: one round per channel; the database decides when two members start at once. */
export async function startRound(i: ChatInputCommandInteraction, ctx: InteractionContext) {
  const questionCount = i.options.getInteger('questions') ?? ctx.settings.roundDefaults.questions;
  const secondsPerQuestion = i.options.getInteger('seconds') ?? ctx.settings.roundDefaults.seconds;
  if (questionCount < 3 || questionCount > 20 || secondsPerQuestion < 10 || secondsPerQuestion > 60) throw new UserError('round.badSettings');
  if (!i.inGuild() || !i.channelId) throw new UserError('error.guildOnly');
  if (!mayRunRounds(i, ctx)) throw new UserError('round.roleOnly');
  if (!i.appPermissions.has(CAN_POST)) throw new UserError('round.cannotPost');
  const topic = i.options.getString('topic') ?? 'any';
  requireServedTopic(topic, ctx);
  const difficulty = i.options.getString('difficulty') ?? 'any';
  const startedAt = ctx.clock().getTime();
  const result = await ctx.rounds.start(
    { guildId: i.guildId, channelId: i.channelId, starterId: i.user.id, topic, difficulty, questionCount, secondsPerQuestion, locale: ctx.locale },
    // The start interaction's token lives 15 minutes: the starter is told of an abort through it
    // until then; after that nothing private can reach them (the round's channel is what failed).
    (round) =>
      ctx.clock().getTime() - startedAt < TOKEN_LIFETIME_MS
        ? i.followUp({ content: t(ctx.locale, 'round.abortedNotice', { channel: `<#${round.channelId}>` }), flags: MessageFlags.Ephemeral })
        : Promise.resolve(ctx.log.info({ round: round.id }, 'round aborted after its start interaction expired: the starter is not told privately')),
  );
  if (result.status === 'tooFew') throw new UserError('round.tooFew');
  if (result.status === 'busy') {
    await ctx.respond.private(t(ctx.locale, 'round.busy', { link: result.messageLink ?? `<#${i.channelId}>` }));
    return;
  }
  await ctx.respond.reply({
    content: t(ctx.locale, 'round.starting', {
      starter: `<@${i.user.id}>`,
      count: questionCount,
      seconds: secondsPerQuestion,
      topic: t(ctx.locale, `topic.${topic as 'any'}`),
      difficulty: t(ctx.locale, `difficulty.${difficulty as 'any'}`),
    }),
    allowedMentions: { parse: [] },
  });
}

/** /quiz stop: the starter, or anyone with Manage Server (checked here, not only by Discord). */
export async function stopRound(i: ChatInputCommandInteraction, ctx: InteractionContext) {
  // A member with the server's round role may stop any round, like a manager; without a role set, the starter or a manager.
  const canManage = (i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false) || (ctx.settings.roundRole !== null && mayRunRounds(i, ctx));
  const result = await ctx.rounds.stop(i.channelId, i.user.id, canManage);
  if (result === 'none') throw new UserError('round.noneRunning');
  if (result === 'notStarter') throw new UserError('round.notStarter');
  await ctx.respond.private(t(ctx.locale, 'round.stopped'));
}

const REFUSALS = { unknown: 'error.unknownButton', closed: 'round.closed', duplicate: 'round.alreadyAnswered' } as const;

/** ra:<round question>:<shown position>: locked in at once, judged when the question closes. */
export const answerRound: ButtonHandler = async (i, [roundQuestionId, position], ctx) => {
  const result = await ctx.rounds.answer(roundQuestionId ?? '', Number(position), i.user.id, i.channelId, memberName(i));
  if (result.status !== 'locked') throw new UserError(REFUSALS[result.status]);
  await ctx.respond.private(t(ctx.locale, 'round.locked', { choice: CHOICE_LETTERS[result.position]! }));
  ctx.reviews.note(i.user.id, result.questionId);
};

/** rs:<round>: a player's own place in a round's standings, privately, for players the list left out. */
export const myPlace: ButtonHandler = async (i, [roundId], ctx) => {
  const round = roundId ? await findRound(ctx.db, roundId) : null;
  if (!round || round.guildId !== i.guildId) throw new UserError('error.unknownButton');
  const place = await placeIn(ctx.db, round.id, i.user.id);
  await ctx.respond.private(place ? t(ctx.locale, 'round.myPlaceLine', { rank: place.rank, players: place.players, points: place.points, correct: place.correct, streak: place.bestStreak }) : t(ctx.locale, 'round.myPlaceNone'));
};
