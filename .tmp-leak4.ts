import { renderAccuracyChart } from './src/charts/accuracy.ts';
const mb = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
const yieldMode = process.argv[2];
const out: string[] = [];
for (let k = 0; k <= 1000; k++) {
  await renderAccuracyChart({ title: 'Accuracy', locale: 'en-US', bars: [{ label: 'Go', accuracy: (k % 10) / 10, answers: 3 }, { label: 'K8s', accuracy: null, answers: 0 }] });
  if (yieldMode === 'immediate') await new Promise((r) => setImmediate(r));
  if (yieldMode === 'timeout') await new Promise((r) => setTimeout(r, 1));
  if (k % 200 === 0) out.push(`${k}:${mb()}`);
}
console.log(yieldMode, out.join(' '));
