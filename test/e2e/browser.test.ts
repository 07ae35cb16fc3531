import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxBot, type SandboxBot } from '../support/bot.js';

/** Debian's Chromium, driven by playwright-core: never a browser download (.ci/run installs it). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('./screenshots/sandbox-round.png', import.meta.url));

let bot: SandboxBot;
let browser: Browser;
beforeAll(async () => {
  bot = await startSandboxBot({ roundTiming: { msPerSecond: 300, introMs: 300, pauseMs: 1500, refreshMs: 1000 } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await bot?.stop();
});

async function open(players = 1): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${bot.emu.port}/?players=${players}`);
  await page.getByTestId('panel').first().waitFor();
  return page;
}
const panel = (page: Page, n: number) => page.getByTestId('panel').nth(n);
async function send(page: Page, n: number, text: string) {
  const input = panel(page, n).getByTestId('input');
  await input.fill(text);
  await input.press('Enter');
}

describe('the sandbox page in headless Chromium', () => {
  it('plays /quiz practice: the question, an answer, the verdict and "Next question"', async () => {
    const page = await open();
    await send(page, 0, '/quiz practice topic:go difficulty:easy');
    const question = panel(page, 0).getByTestId('message').filter({ hasText: 'Practice · Go · Easy' });
    await question.locator('button[data-cid^="pa:"]').first().click();
    await expect.poll(() => question.innerText(), { timeout: 5000 }).toMatch(/✅ Correct!|❌ Not quite\./);
    await expect.poll(() => question.getByRole('button', { name: 'Next question' }).count()).toBe(1);
    expect(await question.innerText()).toMatch(/Only you can see this/);
    await page.close();
  });

  it('refuses a malformed command the way Discord would', async () => {
    const page = await open();
    await send(page, 0, '/quiz practice topic:rust');
    await expect.poll(() => panel(page, 0).getByTestId('error').innerText()).toMatch(/topic must be one of/);
    await page.close();
  });

  it('plays a live round as two members side by side, each seeing only their own private replies', async () => {
    const page = await open(2);
    await expect.poll(() => panel(page, 1).getByTestId('member').inputValue()).toBe(bot.emu.member('wei').id);
    await send(page, 0, '/quiz start questions:3 seconds:10');
    const question = (n: number) => panel(page, n).getByTestId('message').filter({ has: page.locator('button[data-cid^="ra:"]:not([disabled])') }).first();
    await question(0).waitFor({ timeout: 5000 });
    await question(0).locator('button[data-cid^="ra:"]').nth(0).click();
    await question(1).locator('button[data-cid^="ra:"]').nth(1).click();
    await expect.poll(() => panel(page, 0).innerText()).toMatch(/Answer locked in: A/);
    await expect.poll(() => panel(page, 1).innerText()).toMatch(/已锁定你的答案：B/);
    expect(await panel(page, 0).innerText()).not.toMatch(/已锁定/);
    expect(await panel(page, 1).innerText()).not.toMatch(/Answer locked in/);
    await page.screenshot({ path: SCREENSHOT });
    // The reveal reaches both views when the question closes.
    await expect.poll(() => panel(page, 1).innerText(), { timeout: 8000 }).toMatch(/How the channel answered|大家的选择/);
    await bot.app.context.rounds.stop(bot.channelId, bot.emu.member('alice').id, true);
    await page.close();
  });

  it('switches a member to Chinese and moves the sandbox clock', async () => {
    const page = await open();
    await panel(page, 0).getByTestId('locale').selectOption('zh-CN');
    await send(page, 0, '/quiz practice topic:kubernetes');
    await expect.poll(() => panel(page, 0).innerText()).toMatch(/练习 · Kubernetes/);
    await page.getByRole('button', { name: '+1 day' }).click();
    await expect.poll(() => bot.emu.clockOffsetMs).toBe(86_400_000);
    await page.getByRole('button', { name: 'reset' }).click();
    await expect.poll(() => bot.emu.clockOffsetMs).toBe(0);
    await page.close();
  });

  it('shows /stats with its chart, and /leaderboard with the member on it', async () => {
    const page = await open();
    await send(page, 0, '/quiz practice topic:istio');
    await panel(page, 0).getByTestId('message').filter({ hasText: 'Practice · Istio' }).locator('button[data-cid^="pa:"]').first().click();
    await expect.poll(() => panel(page, 0).innerText()).toMatch(/✅ Correct!|❌ Not quite\./);
    await send(page, 0, '/stats');
    const chart = panel(page, 0).getByTestId('message').filter({ hasText: 'Stats · Alice' }).locator('img');
    await chart.waitFor({ timeout: 5000 });
    await expect.poll(() => chart.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(800);
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: fileURLToPath(new URL('./screenshots/sandbox-stats.png', import.meta.url)) });
    await send(page, 0, '/leaderboard');
    await expect.poll(() => panel(page, 0).getByTestId('message').filter({ hasText: 'Leaderboard · All time' }).innerText()).toMatch(/\d+\. Alice — \d+ pts/);
    await page.close();
  });

  it('lets an organiser set the server up and import, list, export and remove a pack', async () => {
    const page = await open();
    const log = () => panel(page, 0).getByTestId('log').innerText();
    await send(page, 0, '/settings rounds questions:5');
    await expect.poll(log).toMatch(/Round defaults\*?\*? changed: 10 questions, 20 s each → 5 questions, 20 s each/);
    const pack = ['pack: browser-pack', 'topic: go', 'questions:', '  - id: go-keyword', '    difficulty: easy', '    prompt: { en-US: "Which keyword starts a goroutine?" }',
      '    choices: [{ en-US: "go" }, { en-US: "defer" }]', '    answer: 0', '    explanation: { en-US: "The go statement starts a goroutine." }', '    links: ["https://go.dev/ref/spec#Go_statements"]'].join('\n');
    await panel(page, 0).getByTestId('file').setInputFiles({ name: 'browser-pack.yaml', mimeType: 'application/yaml', buffer: Buffer.from(pack) });
    await send(page, 0, '/pack import');
    await expect.poll(log).toMatch(/Imported pack browser-pack: 1 questions/);
    await send(page, 0, '/pack list');
    await expect.poll(log).toMatch(/browser-pack · Go · 1 questions/);
    await send(page, 0, '/pack export name:browser-pack');
    const link = panel(page, 0).getByTestId('file-link').filter({ hasText: 'browser-pack.yaml' });
    await link.waitFor();
    const exported = await page.evaluate(async (href) => (await fetch(href)).text(), (await link.getAttribute('href'))!);
    expect(exported).toMatch(/^pack: browser-pack\ntopic: go\n/);
    await send(page, 0, '/pack remove name:browser-pack');
    await panel(page, 0).getByRole('button', { name: 'Remove the pack' }).click();
    await expect.poll(log).toMatch(/Pack browser-pack removed/);
    expect(await bot.app.db.pack.count()).toBe(0);
    await page.close();
  });
});
