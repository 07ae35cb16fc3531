import type { APIApplicationCommandOption } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../commands/index.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import { enUS } from '../../src/i18n/en-US.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import type { CommandOption } from '../../src/sandbox/emulator.js';
import type { EmuMessage } from '../../src/sandbox/state.js';
import { seededRng, startSandboxBot, type SandboxBot } from '../support/bot.js';
import { buttonsOf, clickAndSettle, runCommand } from '../support/messages.js';

/**
 * Every reply in zh-CN: each command and subcommand the bot registers is run once by a manager
 * whose Discord locale is zh-CN (and the first live button of each reply is pressed), and no reply
 * may carry text of the en-US catalog. The paths come from the command definitions themselves, so
 * a new subcommand is covered without touching this file.
 */
let now = new Date('2026-12-02T08:00:00Z');
let bot: SandboxBot;
beforeAll(async () => {
  // one member runs some 40 commands in a row: past the flood limit, which is not what this test is about
  bot = await startSandboxBot({ clock: () => now, rng: seededRng(29), roundTicker: false, dailySweep: false, cooldown: new Cooldown(10_000, 1000) });
});
afterAll(async () => bot?.stop());

const HOLE = '\u0000';
/** A message's literal text: a plain string, or a template's text around its parameters. */
function literal(message: unknown): string | undefined {
  if (typeof message === 'string') return message;
  const params = new Proxy({}, { get: () => HOLE });
  try {
    return String((message as (p: unknown) => unknown)(params));
  } catch {
    return undefined; // a template that computes with its parameters: its other fragments are rare
  }
}
const zhTexts = Object.values(zhCN).map(literal).filter((s): s is string => s !== undefined);
/** Pieces of English a zh-CN reply must never show: two words or more, and not also in the zh-CN catalog (names such as sync.Mutex). */
const EN_FRAGMENTS = [
  ...new Set(
    Object.values(enUS)
      .map(literal)
      .filter((s): s is string => s !== undefined)
      .flatMap((s) => s.split(HOLE))
      .flatMap((s) => s.split(/\n/))
      .map((s) => s.replace(/\*\*|[`<>#]/g, '').trim())
      .filter((s) => s.length >= 10 && /[A-Za-z]{3,}[ '’][A-Za-z]{2,}/.test(s) && !zhTexts.some((z) => z.includes(s))),
  ),
];

/** Everything a member reads in a message: content, embeds and button labels. */
const readable = (m: EmuMessage | undefined) => {
  const embeds = (m?.embeds ?? []) as { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }[];
  return [m?.content ?? '', ...embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? '']), ...buttonsOf(m).map((b) => b.label ?? '')]
    .join('\n')
    .replace(/\*\*|[`<>#]/g, '');
};
const englishIn = (m: EmuMessage | undefined) => EN_FRAGMENTS.filter((f) => readable(m).includes(f));

const VALUES: Record<string, string | number> = { time: '09:00', timezone: 'Asia/Shanghai', name: 'no-such-pack', retention: 0.9, week: 1, start: '2026-12-07' };
/** A valid value for each required option, so the command runs its real path. */
function filled(options: readonly APIApplicationCommandOption[] | undefined): CommandOption[] {
  return (options ?? []).flatMap((o): CommandOption[] => {
    if (!('required' in o) || !o.required) return [];
    const choices = 'choices' in o ? o.choices : undefined;
    if (choices?.length) return [{ name: o.name, type: o.type, value: choices[0]!.value }];
    switch (o.type) {
      case 5: return [{ name: o.name, type: 5, value: true }];
      case 6: return [{ name: o.name, type: 6, value: bot.emu.member('wei').id }];
      case 7: return [{ name: o.name, type: 7, value: bot.emu.guild.channels.find((c) => c.name === 'daily-challenge')?.id ?? bot.channelId }];
      case 11: return [{ name: o.name, type: 11, value: bot.emu.uploadAttachment('pack.yaml', Buffer.from('pack: zh-pack\ntopic: go\nquestions: []\n')) }];
      default: return [{ name: o.name, type: o.type, value: VALUES[o.name] ?? ('min_value' in o && o.min_value !== undefined ? o.min_value : 'x') }];
    }
  });
}

describe('every reply in zh-CN', () => {
  it('finds English catalog text to look for', () => {
    expect(EN_FRAGMENTS.length).toBeGreaterThan(200);
    expect(EN_FRAGMENTS).toContain('Nobody answered in this round.');
  });

  it('runs each command path once as a zh-CN manager: no reply, and no reply to its first button, carries en-US text', async () => {
    const commands = await loadCommands();
    const found: string[] = [];
    let paths = 0;
    for (const command of commands) {
      const options = (command.data.options ?? []) as APIApplicationCommandOption[];
      const subs = options.filter((o) => o.type === 1);
      const runs: { path: string; options: CommandOption[] }[] = subs.length
        ? subs.map((s) => ({ path: `/${command.data.name} ${s.name}`, options: [{ name: s.name, type: 1, options: filled('options' in s ? s.options : undefined) }] }))
        : [{ path: `/${command.data.name}`, options: filled(options) }];
      for (const run of runs) {
        paths++;
        now = new Date(now.getTime() + 60_000); // past any cooldown
        const reply = await runCommand(bot.emu, { user: 'alice', locale: 'zh-CN', name: command.data.name, options: run.options });
        for (const f of englishIn(reply)) found.push(`${run.path}: "${f}"`);
        if (!/\p{Script=Han}/u.test(readable(reply))) found.push(`${run.path}: no Chinese at all`);
        const button = buttonsOf(reply).find((b) => !b.disabled && b.custom_id);
        if (!button) continue;
        const { interaction, followUp } = await clickAndSettle(bot.emu, { user: 'alice', messageId: reply.id, customId: button.custom_id, locale: 'zh-CN' });
        const after = followUp ?? bot.emu.messages.get(interaction.messageId ?? reply.id);
        for (const f of englishIn(after)) found.push(`${run.path} → ${button.custom_id.split(':')[0]}: "${f}"`);
      }
    }
    expect(paths).toBeGreaterThan(30);
    expect(found).toEqual([]);
  });
});
