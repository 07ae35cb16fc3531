import type { DiscordEmulator } from '../../src/sandbox/emulator.js';
import { buttonsOf } from './messages.js';

/** A fresh text channel in the emulator's server, for one round. */
export function newChannel(emu: DiscordEmulator, name: string): string {
  const c = { id: `${BigInt(emu.guild.channels[0]!.id) + BigInt(Math.floor(Math.random() * 1e6) + 1)}`, name, type: 0, guild_id: emu.guild.id };
  emu.guild.channels.push(c);
  return c.id;
}

/** A member runs /quiz start; returns the interaction id. */
export const startRound = (emu: DiscordEmulator, user: string, channelId: string, opts: { questions?: number; seconds?: number; topic?: string } = {}) =>
  emu.sendCommand({
    user,
    channelId,
    name: 'quiz',
    options: [{ name: 'start', type: 1, options: [...(opts.topic ? [{ name: 'topic', type: 3, value: opts.topic }] : []), { name: 'questions', type: 4, value: opts.questions ?? 3 }, { name: 'seconds', type: 4, value: opts.seconds ?? 10 }] }],
  });

/** The bot's public messages in a channel that carry round buttons, oldest first. */
export const roundQuestions = (emu: DiscordEmulator, channelId: string) => emu.channelMessages(channelId).filter((m) => !m.interaction && buttonsOf(m).some((b) => b.custom_id.startsWith('ra:')));
