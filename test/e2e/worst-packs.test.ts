import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TAGS, type Tag } from '../../src/bank/tags.js';
import { CHOICE_LETTERS } from '../../src/domain/practice.js';
import { t } from '../../src/i18n/index.js';
import { PACK_LIMITS } from '../../src/packs/types.js';
import type { EmuMessage } from '../../src/sandbox/state.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf, embedOf, runCommand } from '../support/messages.js';

/**
 * Packs at the format's limits: 500 questions with every list full (5 choices, 5 links, 10 tags)
 * in both languages, the first ones at every text maximum, as large as the 1 MiB file allows;
 * then a pack with 20 problems, each as long as a problem line gets.
 */
let bot: SandboxBot;
let seen = 0;
beforeAll(async () => {
  bot = await startSandboxBot({ rng: seededRng(23), dailySweep: false });
});
afterAll(async () => bot?.stop());
afterEach(() => {
  expect(bot.emu.violations.slice(seen)).toEqual([]);
  seen = bot.emu.violations.length;
});

const EN = 'pods services nodes volumes ingress kubelet scheduler etcd controller replicas probes secrets'.split(' ');
const ZH = '容器调度节点服务存储网络控制副本探针密钥配置镜像集群命名空间标签选择器'.split('');
/** Words (or Han characters) to exactly `n` characters, different for each `seed`. */
function text(n: number, seed: number, zh: boolean): string {
  let s = zh ? `第${seed}题` : `q${seed}`;
  for (let k = seed; [...s].length < n; k++) s += zh ? ZH[k % ZH.length] : ` ${EN[k % EN.length]}`;
  return [...s].slice(0, n).join('').trimEnd().padEnd(n, zh ? '。' : '.');
}
const both = (n: number, seed: number, zhN = n) => ({ 'en-US': text(n, seed, false), 'zh-CN': text(zhN, seed, true) });
const TAGS_K8S = (Object.keys(TAGS) as Tag[]).filter((k) => TAGS[k].topic === 'kubernetes').slice(0, PACK_LIMITS.tags.max);
const link = (n: number, k: number) => `https://kubernetes.io/docs/${String(k)}/${'a'.repeat(n - 30 - String(k).length)}`.slice(0, n);

/** `full` questions at every maximum; the others with every list full and texts of `size` (as a share of the maximum). */
function bigPack(full: number, size: number) {
  const L = PACK_LIMITS;
  const questions = Array.from({ length: L.questions }, (_, k) => {
    const f = k < full ? 1 : size;
    const n = (max: number) => Math.max(8, Math.floor(max * f));
    return {
      id: `${k < full ? 'max' : 'q'}-${String(k).padStart(3, '0')}-${'x'.repeat(L.id - 8)}`.slice(0, L.id),
      difficulty: 'hard',
      tags: TAGS_K8S,
      prompt: both(n(L.prompt), k),
      choices: Array.from({ length: L.choices.max }, (_, c) => both(n(L.choice), k * 10 + c)),
      answer: k % L.choices.max,
      explanation: both(n(L.explanation), k + 7),
      links: Array.from({ length: L.links.max }, (_, c) => link(k < full ? L.link : 60, c)),
    };
  });
  return JSON.stringify({ pack: 'biggest-pack', topic: 'kubernetes', questions });
}

const pack = (user: string, locale: string, sub: string, options: { name: string; type: number; value: string }[] = []) => runCommand(bot.emu, { user, locale, name: 'pack', options: [{ name: sub, type: 1, options }] });
const upload = (locale: string, name: string, data: string) => pack('alice', locale, 'import', [{ name: 'file', type: 11, value: bot.emu.uploadAttachment(name, Buffer.from(data)) }]);

const FULL = 12;
const SIZE = 0.1;

describe('a pack at the format’s limits', () => {
  it('500 questions, every list full, 12 at every text maximum, just under 1 MiB: imported in one go', async () => {
    const file = bigPack(FULL, SIZE);
    const bytes = Buffer.byteLength(file);
    expect(bytes).toBeLessThanOrEqual(PACK_LIMITS.fileBytes);
    expect(bytes).toBeGreaterThan(0.95 * PACK_LIMITS.fileBytes);
    const reply = await upload('en-US', 'biggest.json', file);
    expect(reply.content).toBe(t('en-US', 'pack.imported', { name: 'biggest-pack', count: 500, topics: `${t('en-US', 'topic.kubernetes')}: 500` }));
    expect(await bot.app.db.question.count({ where: { packId: { not: null } } })).toBe(500);
  });

  it('exports the 500 questions as one file under the upload limit, which imports back as the same pack', async () => {
    const reply = await pack('alice', 'zh-CN', 'export', [{ name: 'name', type: 3, value: 'biggest-pack' }]);
    expect(reply.content).toBe(t('zh-CN', 'pack.exported', { name: 'biggest-pack', count: 500 }));
    const [a] = reply.attachments as { id: string; filename: string }[];
    const data = Buffer.from(bot.emu.files.get(a!.id)!.data, 'base64');
    const back = data.toString().replace('biggest-pack', 'biggest-again');
    const again = await upload('zh-CN', a!.filename, back);
    expect(again.content).toBe(t('zh-CN', 'pack.imported', { name: 'biggest-again', count: 500, topics: `${t('zh-CN', 'topic.kubernetes')}: 500` }));
  });

  it.each(['en-US', 'zh-CN'] as const)('serves a question at every maximum in practice in %s: every choice whole, the answer key with its letter, whole links', async (locale) => {
    const raw = JSON.parse(bigPack(FULL, SIZE)) as { questions: { id: string; prompt: Record<string, string>; choices: Record<string, string>[]; answer: number; explanation: Record<string, string>; links: string[] }[] };
    const max = raw.questions[locale === 'zh-CN' ? 1 : 0]!;
    const rows = await bot.app.db.question.findMany({ where: { packId: { not: null } }, select: { id: true } });
    const own = rows.find((r) => r.id.endsWith(max.id))!;
    expect(own).toBeDefined();
    // only that question is served here, so practice must show it
    bot.app.context.catalog.setServerHidden(bot.emu.guild.id, [...rows.filter((r) => r !== own).map((r) => r.id), ...bot.app.context.catalog.filter('any', 'any').map((q) => q.id)]);
    const user = locale === 'zh-CN' ? 'wei' : 'bob';
    const question = await runCommand(bot.emu, { user, locale, name: 'quiz', options: [{ name: 'practice', type: 1, options: [] }] });
    const showing = await bot.app.db.practiceShowing.findUniqueOrThrow({ where: { id: buttonsOf(question)[0]!.custom_id.split(':')[1]! } });
    expect(showing.questionId).toBe(own.id);
    const order = showing.choiceOrder.split(',').map(Number);
    const description = embedOf(question).description!;
    expect(description).toContain(max.prompt[locale]);
    order.forEach((original, shown) => expect(description).toContain(`**${CHOICE_LETTERS[shown]}.** ${max.choices[original]![locale]}`));

    const wrong = order.findIndex((o) => o !== max.answer);
    await bot.emu.waitForAck(bot.emu.clickButton({ user, messageId: question.id, customId: buttonsOf(question)[wrong]!.custom_id, locale }));
    const result: EmuMessage = bot.emu.messages.get(question.id)!;
    const e = embedOf(result);
    expect(e.description).toContain(t(locale, 'practice.rightAnswer', { choice: `${CHOICE_LETTERS[order.indexOf(max.answer)]}. ${max.choices[max.answer]![locale]}` }));
    expect(e.description).toContain(max.explanation[locale]);
    // five 500-character links cannot share a 1,024-character field: whole links only, the rest counted
    const docs = e.fields!.find((f) => f.name === t(locale, 'practice.docs'))!.value.split('\n');
    const shown = docs.filter((l) => l.startsWith('<'));
    expect(shown.length).toBeGreaterThan(0);
    for (const l of shown) expect(max.links).toContain(l.slice(1, -1));
    expect(docs.length).toBeGreaterThan(shown.length);
  });
});

describe.each(['en-US', 'zh-CN'] as const)('a pack with 20 problems in %s', (locale) => {
  it('lists every problem as a whole line within Discord’s limits, counting any that do not fit, and imports nothing', async () => {
    const before = await bot.app.db.pack.count();
    // 20 questions with the longest ids, each refused for one reason deep in its longest field path
    const questions = Array.from({ length: 20 }, (_, k) => ({
      id: `${String(k).padStart(2, '0')}-${'problem-id-'.repeat(8)}`.slice(0, PACK_LIMITS.id),
      difficulty: 'easy',
      tags: ['pod'],
      prompt: { 'en-US': 'Which?' },
      choices: [{ 'en-US': 'a' }, { 'en-US': 'b' }],
      answer: 0,
      explanation: { 'en-US': 'x'.repeat(PACK_LIMITS.explanation + 1) },
      links: ['https://kubernetes.io/docs/'],
    }));
    const reply = await upload(locale, 'twenty.json', JSON.stringify({ pack: 'twenty', topic: 'kubernetes', questions }));
    expect(reply.content).toBe(t(locale, 'pack.rejected', { count: 20 }));
    expect(reply.allowed_mentions).toEqual({ parse: [] });
    const lines = embedOf(reply).description!.split('\n');
    const problems = lines.filter((l) => l.startsWith('• '));
    problems.forEach((l, k) => expect(l.startsWith(`• ${questions[k]!.id} > explanation.en-US${locale === 'zh-CN' ? '：' : ': '}`)).toBe(true));
    if (problems.length < 20) expect(lines.at(-1)).toBe(t(locale, 'pack.more', { count: 20 - problems.length }));
    else expect(lines).toHaveLength(20);
    expect(await bot.app.db.pack.count()).toBe(before);
  });
});
