import { createServer } from 'node:net';
import { expect } from 'vitest';
import type { DiscordEmulator } from '../../src/sandbox/emulator.js';
import type { EmuGuild, EmuMessage } from '../../src/sandbox/state.js';
import type { Db } from '../../src/store/client.js';
import type { BotProcess } from './process.js';
import { buttonsOf } from './messages.js';

/**
 * What the several-process tests (shards, HTTP replicas) share: servers whose round and daily
 * run at once, members answering, and the checks of the store and the emulator's record after.
 */
export class Servers {
  /** every answer a member was told was locked in */
  readonly acked: { userId: string; roundQuestionId: string }[] = [];

  constructor(
    private readonly emu: DiscordEmulator,
    readonly guilds: EmuGuild[],
  ) {
    for (const g of guilds) g.members.forEach((m) => (m.locale = 'en-US'));
  }

  /** Every server's daily challenge due this very minute: its owner posts it as it starts. */
  async dailyDueNow(db: Db) {
    const now = new Date();
    const time = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    await db.dailySettings.createMany({ data: this.guilds.map((g) => ({ guildId: g.id, channelId: g.channels[0]!.id, time, timezone: 'UTC', locale: 'en-US' })) });
  }

  /** A round of 3 questions in every server, started by its first member. */
  async startRounds(seconds: number) {
    const starts = this.guilds.map((g) =>
      this.emu.sendCommand({ user: g.members[0]!.id, channelId: g.channels[0]!.id, name: 'quiz', options: [{ name: 'start', type: 1, options: [{ name: 'questions', type: 4, value: 3 }, { name: 'seconds', type: 4, value: seconds }] }] }),
    );
    await Promise.all(starts.map((id) => this.emu.waitForAck(id, 60_000)));
  }

  questionMessages = (g: EmuGuild) => this.emu.channelMessages(g.channels[0]!.id).filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('ra:')));

  question = (g: EmuGuild, n: number, ms: number) => this.emu.waitFor(() => this.questionMessages(g)[n - 1], ms, `question ${n} in ${g.name}`);

  /** Four members click; returns what each was told. */
  async answerAll(g: EmuGuild, message: EmuMessage): Promise<string[]> {
    const buttons = buttonsOf(message);
    const players = g.members.slice(0, 4);
    const ids = players.map((m, n) => this.emu.clickButton({ user: m.id, messageId: message.id, customId: buttons[n % buttons.length]!.custom_id }));
    const replies = await Promise.all(ids.map((id) => this.emu.waitForReply(id, 60_000).then((m) => m?.content ?? 'no reply')));
    replies.forEach((reply, n) => {
      if (reply.startsWith('🔒')) this.acked.push({ userId: players[n]!.id, roundQuestionId: buttons[0]!.custom_id.split(':')[1]! });
    });
    return replies;
  }

  /** After every round finished: nothing acknowledged lost or doubled, one daily each, each round's posts once. */
  async expectAllKept(db: Db) {
    const answers = await db.answer.findMany({ where: { source: 'round' } });
    for (const a of this.acked) expect(answers.filter((s) => s.sourceId === a.roundQuestionId && s.userId === a.userId)).toHaveLength(1);
    const challenges = await db.dailyChallenge.findMany();
    expect(challenges.map((c) => c.guildId).sort()).toEqual(this.guilds.map((g) => g.id).sort());
    expect(challenges.every((c) => c.messageId)).toBe(true);
    for (const g of this.guilds) {
      const channel = g.channels[0]!.id;
      expect(this.emu.channelMessages(channel).filter((m) => buttonsOf(m).some((b) => b.custom_id.startsWith('da:'))), g.name).toHaveLength(1);
      const standings = () => this.emu.channelMessages(channel).filter((m) => m.embeds.some((e) => (e as { title?: string }).title === 'Final standings'));
      // posted just after the round is marked finished
      await this.emu.waitFor(() => standings()[0], 60_000, `standings in ${g.name}`);
      expect(standings(), g.name).toHaveLength(1);
      expect(this.questionMessages(g), g.name).toHaveLength(3);
    }
  }
}

export const LOCKED = /^🔒/;

/** The end of a several-process test: every bot killed and gone, then the store and the emulator closed. */
export async function stopAll(bots: BotProcess[], db: Db, emu: DiscordEmulator) {
  for (const b of bots) b.child.kill('SIGKILL');
  await Promise.all(bots.map((b) => b.exited));
  await db.$disconnect();
  await emu.stop();
}

/** A TCP port free on loopback right now (for a replica's PORT). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
