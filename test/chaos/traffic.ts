import type { DiscordEmulator } from '../../src/sandbox/emulator.js';
import type { EmuMessage, EmuUser } from '../../src/sandbox/state.js';
import { buttonsOf, textOf } from '../support/messages.js';

export interface Server {
  guildId: string;
  channelId: string;
  manager: EmuUser;
  members: EmuUser[];
}

/** An answer the bot acknowledged to a member: it must be in the store exactly once. */
export interface AckedAnswer {
  source: 'practice' | 'round' | 'daily';
  sourceId: string;
  userId: string;
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const ACK_WAIT_MS = 8000;

/**
 * Members of several servers doing what members do, chosen by a seeded random source: practice,
 * live rounds, the daily challenge, boards, settings, and now and then a flood. Every answer the
 * bot acknowledges goes into the ledger the invariants are checked against.
 */
export class Traffic {
  readonly acked = new Map<string, AckedAnswer>();
  sent = 0;

  constructor(
    private readonly emu: DiscordEmulator,
    private readonly rng: Rng,
    private readonly servers: readonly Server[],
  ) {}

  private send(user: EmuUser, server: Server, name: string, options: unknown[] = []) {
    this.sent++;
    return this.emu.sendCommand({ user: user.id, channelId: server.channelId, name, options: options as never });
  }

  private click(user: EmuUser, message: EmuMessage, customId: string) {
    this.sent++;
    return this.emu.clickButton({ user: user.id, messageId: message.id, customId });
  }

  /** Resolves when the interaction is acknowledged, or undefined after a while (the bot may be down). */
  private async acked_(id: string) {
    return this.emu.waitForAck(id, ACK_WAIT_MS).catch(() => undefined);
  }

  private replyTo(id: string): EmuMessage | undefined {
    return [...this.emu.messages.values()].find((m) => m.interaction?.id === id) ?? this.emu.responseTo(id);
  }

  private note(a: AckedAnswer) {
    this.acked.set(`${a.source}\0${a.sourceId}\0${a.userId}`, a);
  }

  private latestWith(server: Server, prefix: string): EmuMessage | undefined {
    return this.emu
      .channelMessages(server.channelId)
      .filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith(prefix) && !b.disabled))
      .at(-1);
  }

  async step(): Promise<void> {
    const server = pick(this.rng, this.servers);
    const member = pick(this.rng, server.members);
    const roll = this.rng();
    if (roll < 0.3) return this.practice(server, member);
    if (roll < 0.6) return this.round(server);
    if (roll < 0.72) return this.daily(server, member);
    if (roll < 0.87) {
      const id = this.send(member, server, pick(this.rng, ['leaderboard', 'stats', 'group-stats']));
      await this.acked_(id);
      return;
    }
    if (roll < 0.95) {
      const visibility = this.rng() < 0.5 ? 'public' : 'private';
      await this.acked_(this.send(server.manager, server, 'settings', [{ name: 'leaderboard', type: 1, options: [{ name: 'visibility', type: 3, value: visibility }] }]));
      return;
    }
    // A flood: one member, 25 interactions at once. The cooldown answers the excess.
    await Promise.all(Array.from({ length: 25 }, () => this.acked_(this.send(member, server, 'ping'))));
  }

  private async practice(server: Server, member: EmuUser) {
    const shown = await this.acked_(this.send(member, server, 'quiz', [{ name: 'practice', type: 1, options: [] }]));
    const card = shown && this.emu.responseTo(shown.id);
    const buttons = buttonsOf(card).filter((b) => b.custom_id.startsWith('pa:'));
    if (!card || !buttons.length) return;
    const button = pick(this.rng, buttons);
    if (!(await this.acked_(this.click(member, card, button.custom_id)))) return;
    // Acknowledged as an answer when the card turns into the verdict (at once, or after a safety-net defer).
    const verdict = await this.emu.waitFor(() => (/✅|❌/.test(textOf(this.emu.messages.get(card.id))) ? true : undefined), 3000).catch(() => false);
    if (verdict) this.note({ source: 'practice', sourceId: button.custom_id.split(':')[1]!, userId: member.id });
  }

  private async round(server: Server) {
    const question = this.latestWith(server, 'ra:');
    if (!question) {
      await this.acked_(this.send(server.manager, server, 'quiz', [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 3 }, { name: 'seconds', type: 4, value: 10 }] }]));
      return;
    }
    const players = server.members.filter(() => this.rng() < 0.4);
    await Promise.all(
      players.map(async (player) => {
        const button = pick(this.rng, buttonsOf(question));
        const id = this.click(player, question, button.custom_id);
        if (!(await this.acked_(id))) return;
        const reply = await this.emu.waitFor(() => this.replyTo(id), 3000).catch(() => undefined);
        if (reply?.content.startsWith('🔒')) this.note({ source: 'round', sourceId: button.custom_id.split(':')[1]!, userId: player.id });
      }),
    );
  }

  private async daily(server: Server, member: EmuUser) {
    const post = this.latestWith(server, 'da:');
    if (!post) return;
    const button = pick(this.rng, buttonsOf(post));
    const id = this.click(member, post, button.custom_id);
    if (!(await this.acked_(id))) return;
    // The verdict is an embed; a refusal ("already answered", "closed") is plain text.
    const reply = await this.emu.waitFor(() => this.replyTo(id), 3000).catch(() => undefined);
    if (reply?.embeds.length) this.note({ source: 'daily', sourceId: button.custom_id.split(':')[1]!, userId: member.id });
  }
}
