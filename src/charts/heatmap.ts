/**
 * The mastery map as a PNG: one row of cells per topic group, a cell per concept coloured from
 * red (0) through amber to green (1), grey for "not seen", hatched white for "no questions yet".
 * Drawn straight on @napi-rs/canvas (a grid needs no chart library); loaded on first use, like the
 * /stats chart, so processes that never draw never load the Skia binary.
 */
export interface HeatCell {
  label: string;
  /** 0..1; null: not seen; undefined: the bank has no question on it */
  value: number | null | undefined;
  /** what the cell prints under its label, e.g. "72%" */
  caption: string;
}

export interface HeatGroup {
  title: string;
  cells: HeatCell[];
}

const WIDTH = 1000;
const COLUMNS = 5;
const PAD = 16;
const CELL_H = 46;
const GAP = 6;
const GROUP_TITLE_H = 30;
const TITLE_H = 44;
const FONT = 'sans-serif';

let canvasLib: Promise<typeof import('@napi-rs/canvas')> | undefined;
const loadCanvas = () =>
  (canvasLib ??= import('@napi-rs/canvas').catch((error: unknown) => {
    canvasLib = undefined;
    throw error;
  }));

/** Red -> amber -> green by mastery. */
export function heatColour(value: number): string {
  const v = Math.min(1, Math.max(0, value));
  const mix = (a: number, b: number, f: number) => Math.round(a + (b - a) * f);
  const [r, g, b] = v < 0.5 ? [mix(0xe7, 0xf5, v * 2), mix(0x4c, 0xb0, v * 2), mix(0x3c, 0x41, v * 2)] : [mix(0xf5, 0x2e, (v - 0.5) * 2), mix(0xb0, 0xa0, (v - 0.5) * 2), mix(0x41, 0x5a, (v - 0.5) * 2)];
  return `rgb(${r}, ${g}, ${b})`;
}

function fitted(ctx: { measureText(t: string): { width: number } }, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

export async function renderHeatmap(input: { title: string; groups: HeatGroup[] }): Promise<Buffer> {
  const { createCanvas } = await loadCanvas();
  const rowsOf = (g: HeatGroup) => Math.ceil(g.cells.length / COLUMNS);
  const height = TITLE_H + PAD + input.groups.reduce((h, g) => h + GROUP_TITLE_H + rowsOf(g) * (CELL_H + GAP), 0) + PAD;
  const surface = createCanvas(WIDTH, height);
  const ctx = surface.getContext('2d');
  ctx.fillStyle = '#FFFFFF';
  ctx.fillRect(0, 0, WIDTH, height);
  ctx.fillStyle = '#23272A';
  ctx.font = `bold 22px ${FONT}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(fitted(ctx, input.title, WIDTH - 2 * PAD), PAD, TITLE_H / 2 + 6);
  const cellW = (WIDTH - 2 * PAD - (COLUMNS - 1) * GAP) / COLUMNS;
  let y = TITLE_H + PAD;
  for (const group of input.groups) {
    ctx.fillStyle = '#23272A';
    ctx.font = `bold 16px ${FONT}`;
    ctx.fillText(group.title, PAD, y + GROUP_TITLE_H / 2);
    y += GROUP_TITLE_H;
    group.cells.forEach((cell, i) => {
      const x = PAD + (i % COLUMNS) * (cellW + GAP);
      const top = y + Math.floor(i / COLUMNS) * (CELL_H + GAP);
      ctx.fillStyle = cell.value === undefined ? '#FFFFFF' : cell.value === null ? '#DCDFE3' : heatColour(cell.value);
      ctx.fillRect(x, top, cellW, CELL_H);
      ctx.strokeStyle = cell.value === undefined ? '#99AAB5' : '#FFFFFF';
      ctx.strokeRect(x + 0.5, top + 0.5, cellW - 1, CELL_H - 1);
      ctx.fillStyle = '#23272A';
      ctx.font = `13px ${FONT}`;
      ctx.fillText(fitted(ctx, cell.label, cellW - 12), x + 6, top + 15);
      ctx.font = `bold 13px ${FONT}`;
      ctx.fillText(fitted(ctx, cell.caption, cellW - 12), x + 6, top + 33);
    });
    y += rowsOf(group) * (CELL_H + GAP);
  }
  return surface.toBuffer('image/png');
}
