import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { heatColour, renderHeatmap } from '../../src/charts/heatmap.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const rgb = (s: string) => s.match(/\d+/g)!.map(Number) as [number, number, number];

async function pixelAt(png: Buffer, x: number, y: number) {
  const image = await loadImage(png);
  const ctx = createCanvas(image.width, image.height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, px: [...ctx.getImageData(x, y, 1, 1).data.slice(0, 3)] };
}

describe('the mastery heatmap', () => {
  it('goes from red at 0 to green at 1', () => {
    const [r0, g0] = rgb(heatColour(0));
    const [r1, g1] = rgb(heatColour(1));
    expect(r0).toBeGreaterThan(g0);
    expect(g1).toBeGreaterThan(r1);
    expect(heatColour(-1)).toBe(heatColour(0));
    expect(heatColour(2)).toBe(heatColour(1));
  });

  it('draws one cell per concept in rows of five per topic, coloured by mastery, grey when not seen', async () => {
    const cells = (n: number, value: number | null) => Array.from({ length: n }, (_, i) => ({ label: `c${i}`, value, caption: '' }));
    const one = await renderHeatmap({ title: 'Map', groups: [{ title: 'Go', cells: cells(5, 1) }] });
    const two = await renderHeatmap({ title: 'Map', groups: [{ title: 'Go', cells: cells(6, 1) }, { title: 'Istio', cells: cells(1, null) }] });
    expect(one.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const a = await pixelAt(one, 990, 120);
    const b = await pixelAt(two, 990, 120);
    expect(b.height).toBeGreaterThan(a.height);
    // The first cell's right-hand part: green for a mastered concept.
    const green = await pixelAt(one, 150, 100);
    expect(green.px).toEqual(rgb(heatColour(1)));
    const grey = await pixelAt(two, 150, 100 + 52 + 30 + 46 + 6 - 0);
    expect(grey.px).toEqual([0xdc, 0xdf, 0xe3]);
  });
});
