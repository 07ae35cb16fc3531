import type { Chart as ChartClass, ChartConfiguration, ChartItem, Plugin, ScriptableScaleContext } from 'chart.js';

export interface AccuracyBar {
  label: string;
  /** 0..1, or null when no answers */
  accuracy: number | null;
  answers: number;
}

export type ChartLocale = 'en-US' | 'zh-CN';

const WIDTH = 800;
const MIN_HEIGHT = 400;
const ROW_HEIGHT = 28; // keeps bars readable when a member has answered many topics
const BAR_COLOUR = '#5865F2'; // Discord blurple
const TEXT_COLOUR = '#23272A';
const MUTED_COLOUR = '#99AAB5';
// Generic family: fontconfig picks the system sans-serif and Skia falls back per glyph to any installed
// font that has it (Noto Sans CJK here), so mixed Latin/Han labels render without naming a font.
const FONT_FAMILY = 'sans-serif';

// chart.js + the Skia binary cost about 45 MB of RSS and 0.2-0.3 s to load; most processes (the
// scheduler, the migration runner, most tests) never draw a chart, so both load on the first render.
let libs: Promise<{ Chart: typeof ChartClass; canvas: typeof import('@napi-rs/canvas') }> | undefined;

function loadLibs() {
  libs ??= (async () => {
    const [chart, canvas] = await Promise.all([import('chart.js'), import('@napi-rs/canvas')]);
    // Register only what a bar chart with a title needs: no legend, tooltip or animations.
    chart.Chart.register(chart.BarController, chart.BarElement, chart.CategoryScale, chart.LinearScale, chart.Title);
    return { Chart: chart.Chart, canvas };
  })().catch((error: unknown) => {
    libs = undefined; // let a later call retry instead of caching the failure forever
    throw error;
  });
  return libs;
}

const SAMPLE_GLYPHS: Record<ChartLocale, [string, string]> = { 'en-US': ['A', 'B'], 'zh-CN': ['准', '确'] };
const fontSupport = new Map<ChartLocale, Promise<boolean>>();

/**
 * Whether the installed fonts can draw this locale's script. A missing glyph is drawn as the same
 * "tofu" box (or nothing) whatever the character, so two different characters that come out
 * pixel-identical mean there is no usable font. Glyphs, not family names: GlobalFonts lists a .ttc
 * collection by its first face only, so GlobalFonts.has('Noto Sans CJK SC') is false on a machine
 * with fonts-noto-cjk installed, while the glyphs draw fine.
 *
 * renderAccuracyChart never refuses labels; a caller that gets `false` for 'zh-CN' should pass
 * English labels and title instead, or the member sees boxes.
 */
export function chartFontsSupport(locale: ChartLocale): Promise<boolean> {
  let cached = fontSupport.get(locale);
  if (!cached) {
    cached = loadLibs().then(({ canvas }) => {
      const draw = (text: string): Buffer => {
        const glyph = canvas.createCanvas(40, 40);
        const ctx = glyph.getContext('2d');
        ctx.font = `32px ${FONT_FAMILY}`;
        ctx.fillText(text, 2, 32);
        return Buffer.from(ctx.getImageData(0, 0, 40, 40).data);
      };
      const [a, b] = SAMPLE_GLYPHS[locale];
      return !draw(a).equals(draw(b));
    });
    fontSupport.set(locale, cached);
  }
  return cached;
}

/** Renders accuracy per topic as a horizontal bar chart; resolves to PNG bytes. */
export async function renderAccuracyChart(input: {
  title: string;
  bars: AccuracyBar[];
  locale: ChartLocale;
}): Promise<Buffer> {
  const { Chart, canvas } = await loadLibs();
  const { bars, locale } = input;
  const height = Math.max(MIN_HEIGHT, 90 + ROW_HEIGHT * bars.length);
  const surface = canvas.createCanvas(WIDTH, height);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const count = new Intl.NumberFormat(locale);
  const font = { family: FONT_FAMILY, size: 14 };

  // Transparent PNGs look broken in Discord's dark theme, so paint the whole canvas white first.
  const whiteBackground: Plugin<'bar'> = {
    id: 'whiteBackground',
    beforeDraw: ({ ctx }) => {
      ctx.save();
      ctx.fillStyle = '#FFFFFF';
      ctx.fillRect(0, 0, WIDTH, height);
      ctx.restore();
    },
  };

  // "72% (18)" after each bar; "—" in grey where the member has not answered that topic yet.
  const barLabels: Plugin<'bar'> = {
    id: 'barLabels',
    afterDatasetsDraw: ({ ctx, scales }) => {
      const { x, y } = scales;
      if (!x || !y) return;
      ctx.save();
      ctx.font = `${font.size}px ${FONT_FAMILY}`;
      ctx.textBaseline = 'middle';
      bars.forEach((bar, i) => {
        const answered = bar.accuracy !== null;
        ctx.fillStyle = answered ? TEXT_COLOUR : MUTED_COLOUR;
        const text = answered ? `${percent.format(bar.accuracy ?? 0)} (${count.format(bar.answers)})` : '—';
        ctx.fillText(text, x.getPixelForValue((bar.accuracy ?? 0) * 100) + 6, y.getPixelForValue(i));
      });
      ctx.restore();
    },
  };

  const config: ChartConfiguration<'bar', (number | null)[], string> = {
    type: 'bar',
    data: {
      labels: bars.map((bar) => bar.label),
      datasets: [
        {
          data: bars.map((bar) => (bar.accuracy === null ? null : bar.accuracy * 100)),
          backgroundColor: BAR_COLOUR,
          maxBarThickness: 32,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      responsive: false, // no DOM to observe; the canvas size is the image size
      animation: false, // draw synchronously in the constructor, one frame
      devicePixelRatio: 1,
      locale,
      font,
      color: TEXT_COLOUR,
      layout: { padding: { top: 8, right: 90, bottom: 8, left: 8 } }, // room for "100% (999)"
      plugins: { title: { display: true, text: input.title, color: TEXT_COLOUR, font: { ...font, size: 20 } } },
      scales: {
        x: { min: 0, max: 100, ticks: { font, color: TEXT_COLOUR, callback: (v) => percent.format(Number(v) / 100) } },
        y: {
          grid: { display: false },
          ticks: { font, color: (tick: ScriptableScaleContext) => (bars[tick.index]?.accuracy === null ? MUTED_COLOUR : TEXT_COLOUR) },
        },
      },
    },
    plugins: [whiteBackground, barLabels],
  };

  // chart.js types its target as a DOM canvas; @napi-rs/canvas implements the parts it uses.
  const chart = new Chart(surface as unknown as ChartItem, config);
  try {
    return surface.toBuffer('image/png');
  } finally {
    chart.destroy(); // frees chart.js's per-canvas registry entry
  }
}
