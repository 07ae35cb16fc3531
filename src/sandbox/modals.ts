import type { EmuModal } from './state.js';

interface ModalInput {
  type: number;
  custom_id: string;
}
type ModalComponent = { type: number; component?: ModalInput; components?: ModalInput[] };

/**
 * The submit Discord sends for `values` typed into `modal`: each input in its label (or legacy
 * action row), a text input with `value`, a select with `values`. An input left out of `values`
 * comes back empty, as in Discord. Used by the sandbox page and by the tests.
 */
export function modalSubmitComponents(modal: EmuModal, values: Record<string, string | string[]>): unknown[] {
  let id = 0;
  const answer = (input: ModalInput) => {
    const v = values[input.custom_id];
    return input.type === 4 ? { type: 4, id: ++id, custom_id: input.custom_id, value: typeof v === 'string' ? v : '' } : { type: input.type, id: ++id, custom_id: input.custom_id, values: v === undefined ? [] : [v].flat() };
  };
  return (modal.components as ModalComponent[]).map((c) => (c.component ? { type: c.type, id: ++id, component: answer(c.component) } : { type: 1, id: ++id, components: (c.components ?? []).map(answer) }));
}
