import type { DiscordEmulator } from '../../src/sandbox/emulator.js';
import type { EmuMessage } from '../../src/sandbox/state.js';

interface Button {
  custom_id: string;
  label?: string;
  style: number;
  disabled?: boolean;
}
interface Embed {
  title?: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  image?: { url: string };
}

export const buttonsOf = (m: EmuMessage | undefined): Button[] =>
  ((m?.components ?? []) as { components: Button[] }[]).flatMap((row) => row.components);

/** The answer buttons alone: a revealed question also offers "Report a problem" (rp:), which stays enabled. */
export const choiceButtonsOf = (m: EmuMessage | undefined): Button[] => buttonsOf(m).filter((b) => !b.custom_id.startsWith('rp:'));

export const embedOf = (m: EmuMessage | undefined): Embed => ((m?.embeds ?? [])[0] ?? {}) as Embed;

export const textOf = (m: EmuMessage | undefined): string => {
  const e = embedOf(m);
  return [m?.content, e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])].filter(Boolean).join('\n');
};

/**
 * A member clicks a button; resolves once the bot's whole answer is recorded: the update of the
 * message, or the ephemeral reply or follow-up a refusal gets (returned as `followUp`).
 */
export async function clickAndSettle(emu: DiscordEmulator, input: { user: string; messageId: string; customId: string; locale?: string }) {
  const id = emu.clickButton(input);
  const interaction = await emu.waitForAck(id);
  await emu.waitFor(() => (interaction.ack === 'update' || [...emu.messages.values()].some((m) => m.interaction?.id === id) ? true : undefined));
  return { interaction, followUp: [...emu.messages.values()].find((m) => m.interaction?.id === id && m.id !== interaction.messageId) };
}

/** The bot's answer to an interaction: the reply itself, or the follow-up a refusal may be. */
export const replyTo = (emu: DiscordEmulator, interactionId: string, ms = 60_000) =>
  emu.waitFor(() => [...emu.messages.values()].find((m) => m.interaction?.id === interactionId) ?? emu.responseTo(interactionId), ms, 'the reply');

/** A member runs a slash command; resolves with the bot's answer. */
export async function runCommand(emu: DiscordEmulator, input: Parameters<DiscordEmulator['sendCommand']>[0]) {
  const id = emu.sendCommand(input);
  await emu.waitForAck(id);
  return replyTo(emu, id);
}
