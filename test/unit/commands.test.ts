import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCommands, whyNotACommand } from '../../commands/index.js';

const fixtures = (name: string) => fileURLToPath(new URL(`../fixtures/${name}/`, import.meta.url));

describe('command registry', () => {
  it('loads every real command, each valid', async () => {
    const commands = await loadCommands();
    expect(commands.map((c) => c.data.name).sort()).toEqual(['daily', 'group-stats', 'leaderboard', 'pack', 'ping', 'plan', 'privacy', 'progress', 'quiz', 'review', 'settings', 'stats']);
  });

  it('refuses a malformed module, naming its file and what is wrong', async () => {
    await expect(loadCommands(fixtures('bad-commands'))).rejects.toThrow('commands/broken.ts has no `execute` function');
  });

  it('accepts a well-formed module', async () => {
    expect((await loadCommands(fixtures('good-commands'))).map((c) => c.data.name)).toEqual(['echo']);
  });

  it.each([
    [null, 'has no default export object'],
    [{ execute() {} }, 'has no `data`'],
    [{ data: { name: 'Bad Name', description: 'x' }, execute() {} }, '`data.name` must be'],
    [{ data: { name: 'ok', description: '' }, execute() {} }, '`data.description` must be'],
    [{ data: { name: 'ok', description: 'x' }, execute() {}, buttons: { a: 1 } }, '`buttons` must map'],
    [{ data: { name: 'ok', description: 'x' }, execute() {}, modals: { a: 'no' } }, '`modals` must map'],
  ])('explains why %j is not a command', (value, reason) => {
    expect(whyNotACommand(value)).toContain(reason);
  });
});
