import { escapeMarkdown } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { plainName } from '../../src/discord/render/names.js';

/** What Discord prints once it has read the escapes: a backslash before punctuation disappears. */
const printed = (s: string) => s.replace(/\\([\\*_~`|>#\-[\]()<@:.!+])/g, '$1');

describe('plainName: a display name shows as written, never as markup', () => {
  it.each([
    ['<@123456789012345678>', '\\<@123456789012345678>'],
    ['<@&1234567890> role', '\\<@&1234567890> role'],
    ['<#123456789012345678>', '\\<#123456789012345678>'],
    ['<t:1795914000:R>', '\\<t:1795914000:R>'],
    ['<:blob:123> <a:dance:456>', '\\<:blob:123> \\<a:dance:456>'],
    ['[link](https://example.com)', '\\[link](https://example.com)'],
    ['-# tiny', '\\-# tiny'],
    ['# Big', '\\# Big'],
    ['1. first', '1\\. first'],
    ['- item', '\\- item'],
    ['**bold** __u__', '\\*\\*bold\\*\\* \\_\\_u\\_\\_'],
  ])('%s', (name, escaped) => {
    expect(plainName(name)).toBe(escaped);
    expect(printed(plainName(name))).toBe(name);
  });

  it('leaves ordinary names alone, and differs from escapeMarkdown only where a name would turn into something else', () => {
    for (const name of ['Alice', '王伟', 'a < b', 'x@y.z', 'Renamed Rustacean']) expect(plainName(name)).toBe(name);
    expect(escapeMarkdown('<@123456789012345678>')).toBe('<@123456789012345678>'); // why plainName exists
  });
});
