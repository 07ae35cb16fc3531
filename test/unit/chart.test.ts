import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { chartFontsSupport, renderAccuracyChart, type AccuracyBar } from '../../src/charts/accuracy.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const bars = (labels: string[], accuracies: (number | null)[]): AccuracyBar[] =>
  accuracies.map((accuracy, i) => ({ label: labels[i] ?? `t${i}`, accuracy, answers: accuracy === null ? 0 : 20 }));

const en = (accuracies: (number | null)[]) =>
  renderAccuracyChart({ title: 'Accuracy', locale: 'en-US', bars: bars(['Go', 'Containers', 'Kubernetes', 'Istio'], accuracies) });

async function pixels(png: Buffer) {
  const image = await loadImage(png);
  const ctx = createCanvas(image.width, image.height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(0, 0, image.width, image.height);
}

/**
 * Horizontal runs of bar colour (#5865F2, far bluer than red), top to bottom: each run of rows that
 * holds bar pixels is one drawn bar, with its first row and its width in pixels. Grey text, grid
 * lines and anti-aliased edges are not blue enough to count.
 */
async function drawnBars(png: Buffer): Promise<{ top: number; width: number }[]> {
  const { data, width, height } = await pixels(png);
  const found: { top: number; width: number }[] = [];
  let inBar = false;
  for (let y = 0; y < height; y++) {
    let count = 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if ((data[i + 2] ?? 0) - (data[i] ?? 0) > 100) count++;
    }
    const last = found.at(-1);
    if (count > 0 && !inBar) found.push({ top: y, width: count });
    else if (count > 0 && last) last.width = Math.max(last.width, count);
    inBar = count > 0;
  }
  return found;
}

describe('renderAccuracyChart', () => {
  it('produces an 800x400 PNG (signature and IHDR)', async () => {
    const png = await en([0.72, 1, 0.1, null]);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(800);
    expect(png.readUInt32BE(20)).toBe(400);
  });

  it('has an opaque white background (transparent PNGs read badly in dark mode)', async () => {
    const { data } = await pixels(await en([0.5, 0.5, 0.5, 0.5]));
    expect([...data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it('draws bar lengths in proportion to accuracy and skips 0% and unanswered topics', async () => {
    const drawn = await drawnBars(await en([1, 0, 0.5, null]));
    expect(drawn).toHaveLength(2);
    const [full, half] = drawn as [{ top: number; width: number }, { top: number; width: number }];
    expect(full.width).toBeGreaterThan(400);
    expect(full.width / half.width).toBeCloseTo(2, 1);
  });

  it('puts each bar in its own topic row', async () => {
    const [firstFull] = await drawnBars(await en([1, 0, 0.5, null]));
    const [secondFull] = await drawnBars(await en([0, 1, 0.5, null]));
    expect(firstFull && secondFull && secondFull.top - firstFull.top).toBeGreaterThan(30);
  });

  it('draws a 10% bar a tenth as long as a 100% bar', async () => {
    const [full, tenth] = await drawnBars(await en([1, 0.1, null, null]));
    expect(full && tenth && full.width / tenth.width).toBeCloseTo(10, 0);
  });

  it('renders Chinese labels, and draws real glyphs exactly when chartFontsSupport says so', async () => {
    const zh = (labels: string[]) =>
      renderAccuracyChart({ title: '各主题准确率', locale: 'zh-CN', bars: bars(labels, [0.9, 0.4, null]) });
    const a = await zh(['容器', '网络', '调度']);
    const b = await zh(['镜像', '存储', '安全']);
    expect(a.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // Missing glyphs all come out as the same box, so different labels would give identical images.
    expect(!a.equals(b)).toBe(await chartFontsSupport('zh-CN'));
    expect(await chartFontsSupport('en-US')).toBe(true);
  });
});
