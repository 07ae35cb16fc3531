import { InteractionGoneError, goneCode, tokenExpired, type GoneCode } from './interaction-gone.js';
import { MessagePayload, MessageFlags, Routes, type APIModalInteractionResponseCallbackData, type ButtonInteraction, type ChatInputCommandInteraction, type InteractionEditReplyOptions, type InteractionReplyOptions, type ModalSubmitInteraction } from 'discord.js';

export type Payload = Pick<InteractionReplyOptions, 'content' | 'embeds' | 'components' | 'files' | 'allowedMentions'>;
type Repliable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/**
 * The one place an interaction is acknowledged. Calls run one after another, so the safety-net
 * defer (if a handler is slow) can never race the handler's own reply: whichever comes first
 * acknowledges, and the other turns into an edit or a follow-up.
 */
export class Responder {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly interaction: Repliable,
    /**
     * whether the command's replies are ephemeral (decides how a safety-net defer is made); the
     * router may settle it once the server's settings are read, if nothing was acknowledged yet
     */
    public ephemeral: boolean,
    /** told once when Discord says the interaction cannot be answered (10062, 40060) */
    private readonly onGone?: (code: GoneCode, err: unknown) => void,
  ) {}

  /**
   * Set by a handler whose answer says nothing private (a /pack import's outcome): if it comes
   * after the token died, an ephemeral answer is posted in the channel too, mentioning the member.
   */
  lateAnswerInChannel = false;

  /** Set once Discord said 10062, 40060 or 50027: every later call fails at once, without a request. */
  gone?: GoneCode;

  private run<T>(step: () => Promise<T>): Promise<T> {
    const guarded = async () => {
      if (this.gone) throw new InteractionGoneError(this.gone);
      try {
        return await step();
      } catch (err) {
        const code = goneCode(err);
        if (!code) throw err;
        this.gone = code;
        this.onGone?.(code, err);
        throw new InteractionGoneError(code);
      }
    };
    const next = this.chain.then(guarded);
    this.chain = next.catch(() => undefined);
    return next;
  }

  get acknowledged(): boolean {
    return this.interaction.deferred || this.interaction.replied;
  }

  /**
   * A new message in answer to the interaction. After a defer it edits the deferred reply through
   * the interaction's token, which Discord kills after 15 minutes (401 50027): a public answer to
   * a handler slower than that (a long /pack import) is then posted in the channel instead.
   */
  reply(payload: Payload): Promise<unknown> {
    const i = this.interaction;
    return this.run<unknown>(() =>
      i.deferred || i.replied
        ? i.editReply(payload as InteractionEditReplyOptions).catch((err: unknown) => (tokenExpired(err) && (!this.ephemeral || this.lateAnswerInChannel) && i.channelId ? this.inChannel(i.channelId, payload) : Promise.reject(err)))
        : i.reply({ ...payload, flags: this.ephemeral ? MessageFlags.Ephemeral : undefined }),
    );
  }

  /** The answer as an ordinary channel message (no token involved), mentioning the member it answers. */
  private async inChannel(channelId: string, payload: Payload) {
    const i = this.interaction;
    const content = `<@${i.user.id}> ${payload.content ?? ''}`.trim();
    const message = MessagePayload.create(i, { ...payload, content, allowedMentions: { users: [i.user.id] } }).resolveBody();
    const { body, files } = await message.resolveFiles();
    return i.client.rest.post(Routes.channelMessages(channelId), { body, files: files ?? undefined });
  }

  /** Replace the message the clicked button sits on. */
  update(payload: Payload): Promise<unknown> {
    const i = this.interaction;
    if (!i.isButton()) return this.reply(payload);
    return this.run<unknown>(() => (i.deferred || i.replied ? i.editReply(payload as InteractionEditReplyOptions) : i.update(payload)));
  }

  /** A message only the member sees (results, refusals), whatever happened before. */
  private(message: string | Payload): Promise<unknown> {
    const i = this.interaction;
    const payload = { allowedMentions: { parse: [] }, ...(typeof message === 'string' ? { content: message } : message), flags: MessageFlags.Ephemeral } as const;
    return this.run<unknown>(() => (i.deferred || i.replied ? i.followUp(payload) : i.reply(payload)));
  }

  /**
   * Opens a modal: it can only be the first answer to an interaction, so false (and nothing sent)
   * when the safety net or another reply got there first.
   */
  modal(modal: APIModalInteractionResponseCallbackData): Promise<boolean> {
    const i = this.interaction;
    return this.run(async () => {
      if (i.deferred || i.replied || i.isModalSubmit()) return false;
      await i.showModal(modal);
      return true;
    });
  }

  /** Acknowledge now if nobody has yet (Discord's 3-second limit). */
  deferIfIdle(): Promise<unknown> {
    const i = this.interaction;
    return this.run(async () => {
      if (i.deferred || i.replied) return;
      if (i.isButton()) await i.deferUpdate();
      else await i.deferReply({ flags: this.ephemeral ? MessageFlags.Ephemeral : undefined });
    });
  }
}
