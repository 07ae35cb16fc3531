import { escapeMarkdown } from 'discord.js';

/**
 * A member's display name as plain text inside a message: Discord shows it as written. Besides
 * the markdown escapeMarkdown handles by default, a name must not become a masked link, a heading,
 * a list, or what Discord renders as a mention, channel, role, timestamp or emoji (`<@…>`,
 * `<#…>`, `<t:…>`), which would show someone else's name in its place. A backslash before `<`
 * makes Discord print the text itself.
 */
export function plainName(name: string): string {
  return escapeMarkdown(name, { heading: true, bulletedList: true, numberedList: true, maskedLink: true })
    .replace(/^-#/, '\\-#')
    .replace(/<(?=[@#:/]|a:|t:)/g, '\\<');
}
