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
  const followUp = interaction.ack === 'update' ? undefined : await replyTo(emu, id);
  return { interaction, followUp: followUp?.id === interaction.messageId ? undefined : followUp };
}

/** The bot's answer to an interaction: the reply itself, or the follow-up a refusal may be. */
export const replyTo = (emu: DiscordEmulator, interactionId: string, ms = 60_000) =>
  emu.waitFor(() => {
    const interaction = emu.interactions.get(interactionId);
    // A deferred reply is no answer yet: wait for its edit (the bot defers whatever is slow).
    const placeholder = (m: EmuMessage) => interaction?.ack === 'defer' && m.id === interaction.originalMessageId && !m.edited_timestamp;
    const own = [...emu.messages.values()].filter((m) => m.interaction?.id === interactionId || m.id === interaction?.originalMessageId);
    return own.find((m) => !placeholder(m));
  }, ms, 'the reply');

/** A member runs a slash command; resolves with the bot's answer. */
export async function runCommand(emu: DiscordEmulator, input: Parameters<DiscordEmulator['sendCommand']>[0]) {
  const id = emu.sendCommand(input);
  await emu.waitForAck(id);
  return replyTo(emu, id);
}
