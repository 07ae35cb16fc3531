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
}

export const buttonsOf = (m: EmuMessage | undefined): Button[] =>
  ((m?.components ?? []) as { components: Button[] }[]).flatMap((row) => row.components);

export const embedOf = (m: EmuMessage | undefined): Embed => ((m?.embeds ?? [])[0] ?? {}) as Embed;

export const textOf = (m: EmuMessage | undefined): string => {
  const e = embedOf(m);
  return [m?.content, e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])].filter(Boolean).join('\n');
};
