import type { DiscordEmulator } from '../../src/sandbox/emulator.js';
import type { EmuModal } from '../../src/sandbox/state.js';
import { replyTo } from './messages.js';
import { modalSubmitComponents } from '../../src/sandbox/modals.js';

export { modalSubmitComponents };

interface ModalInput {
  type: number;
  custom_id: string;
  options?: { value: string; label: string }[];
  required?: boolean;
  max_length?: number;
}
type ModalComponent = { type: number; label?: string; component?: ModalInput; components?: ModalInput[] };

/** The inputs of a modal the bot sent, by custom_id (inside labels, or legacy action rows). */
export function modalInputs(modal: EmuModal): Map<string, ModalInput & { label?: string }> {
  const inputs = new Map<string, ModalInput & { label?: string }>();
  for (const c of modal.components as ModalComponent[]) {
    if (c.component) inputs.set(c.component.custom_id, { ...c.component, label: c.label });
    for (const inner of c.components ?? []) inputs.set(inner.custom_id, inner);
  }
  return inputs;
}

/** A member presses a button that opens a modal; resolves with the modal the bot answered with. */
export async function openModal(emu: DiscordEmulator, input: { user: string; messageId: string; customId: string; locale?: string }) {
  const id = emu.clickButton(input);
  const interaction = await emu.waitForAck(id);
  if (interaction.ack !== 'modal' || !interaction.modal) throw new Error(`the bot answered ${input.customId} with ${interaction.ack}, not a modal`);
  return interaction.modal;
}

/** A member submits a modal; resolves with the bot's answer (its reply, or the follow-up a refusal may be). */
export async function submitModal(emu: DiscordEmulator, input: { user: string; customId: string; components: unknown[]; messageId?: string; channelId?: string; locale?: string }) {
  const id = emu.submitModal(input);
  await emu.waitForAck(id);
  return replyTo(emu, id);
}

/** Opens the modal behind a button and submits it filled with `values`; resolves with the bot's answer. */
export async function fillModal(emu: DiscordEmulator, input: { user: string; messageId: string; customId: string; locale?: string }, values: Record<string, string | string[]>) {
  const modal = await openModal(emu, input);
  return submitModal(emu, { user: input.user, customId: modal.custom_id, components: modalSubmitComponents(modal, values), messageId: input.messageId, locale: input.locale });
}
