import { PermissionFlagsBits, type PermissionsBitField } from 'discord.js';
import type { PlainKey } from '../i18n/index.js';
import { UserError } from '../i18n/user-error.js';

/**
 * Manage Server, checked from the permissions Discord puts on the interaction itself: a server
 * admin can override a command's default permissions, so those alone never protect a change.
 */
export function requireManageServer(i: { memberPermissions: Readonly<PermissionsBitField> | null }, refusal: PlainKey): void {
  if (!i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) throw new UserError(refusal);
}
