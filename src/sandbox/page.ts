import { readFileSync } from 'node:fs';
import type { DiscordEmulator } from './emulator.js';
import { modalSubmitComponents } from './modals.js';
import type { RestReply } from './rest.js';
import { parseSlash } from './slash.js';

const PAGE = readFileSync(new URL('./page.html', import.meta.url), 'utf8');

interface PageBody {
  user?: string;
  channelId?: string;
  text?: string;
  locale?: string;
  messageId?: string;
  customId?: string;
  /** a modal the page submits (or dismisses, with cancel) */
  interactionId?: string;
  values?: Record<string, string | string[]>;
  cancel?: boolean;
  /** a file picked beside the command, base64 */
  file?: { name: string; data: string };
}

/** The sandbox page and its small JSON API, served by the emulator on loopback only. */
export function servePage(emu: DiscordEmulator, method: string, path: string[], rawBody: unknown): RestReply {
  const body = (rawBody ?? {}) as PageBody;
  const route = `${method} ${path.slice(0, 2).join('/')}`;
  switch (route) {
    case 'GET ':
      return { status: 200, text: PAGE, contentType: 'text/html; charset=utf-8' };
    case 'GET sandbox/state': {
      return {
        status: 200,
        json: {
          guild: { id: emu.guild.id, name: emu.guild.name },
          channels: emu.guild.channels.map((c) => ({ id: c.id, name: c.name, type: c.type, parent_id: c.parent_id })),
          members: emu.guild.members.map((m) => ({ id: m.id, name: m.global_name, username: m.username, locale: m.locale })),
          commands: [...emu.commands.values()],
          botConnected: emu.botConnected,
          clockOffsetMs: emu.clockOffsetMs,
          messages: [...emu.messages.values()].map((m) => ({ ...m, interactionUser: m.interaction?.userId })),
          modals: [...emu.interactions.values()].filter((i) => i.modal && !i.modalClosed).map((i) => ({ interactionId: i.id, userId: i.userId, modal: i.modal })),
        },
      };
    }
    case 'POST sandbox/command': {
      const attachmentId = body.file ? emu.uploadAttachment(body.file.name, Buffer.from(body.file.data, 'base64')) : undefined;
      const parsed = parseSlash(body.text ?? '', [...emu.commands.values()], emu.guild.channels, attachmentId, emu.guild.members);
      if ('error' in parsed) return { status: 400, json: { error: parsed.error } };
      const id = emu.sendCommand({ user: body.user ?? '', channelId: body.channelId, name: parsed.name, options: parsed.options, locale: body.locale });
      return { status: 200, json: { interactionId: id } };
    }
    case 'POST sandbox/click': {
      const id = emu.clickButton({ user: body.user ?? '', messageId: body.messageId ?? '', customId: body.customId ?? '', locale: body.locale });
      return { status: 200, json: { interactionId: id } };
    }
    case 'POST sandbox/modal': {
      const opened = emu.interactions.get(body.interactionId ?? '');
      if (!opened?.modal || opened.modalClosed) return { status: 400, json: { error: 'this form is closed' } };
      opened.modalClosed = true;
      if (body.cancel) {
        emu.emit('change');
        return { status: 200, json: {} };
      }
      const user = emu.member(opened.userId).username;
      const id = emu.submitModal({ user, customId: opened.modal.custom_id, components: modalSubmitComponents(opened.modal, body.values ?? {}), messageId: opened.messageId, channelId: opened.channelId, locale: body.locale });
      return { status: 200, json: { interactionId: id } };
    }
    case 'POST sandbox/clock': {
      const add = (rawBody as { add?: string } | undefined)?.add;
      const ms = Number(add);
      if (add !== 'reset' && !(Number.isFinite(ms) && ms > 0 && ms <= 366 * 86_400_000)) return { status: 400, json: { error: 'add must be "reset" or 1 ms to 366 days' } };
      emu.moveClock(add === 'reset' ? 'reset' : ms);
      return { status: 200, json: { clockOffsetMs: emu.clockOffsetMs } };
    }
    case 'GET sandbox/events':
      return {
        status: 200,
        stream: (res) => {
          res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
          res.write('retry: 1000\n\n');
          let pending = false;
          // Coalesce bursts: one event per tick is enough for the page to refetch.
          const onChange = () => {
            if (pending) return;
            pending = true;
            setTimeout(() => {
              pending = false;
              res.write('data: change\n\n');
            }, 50);
          };
          emu.on('change', onChange);
          res.on('close', () => emu.off('change', onChange));
        },
      };
    case 'GET sandbox/files': {
      const file = emu.files.get(path[2] ?? '');
      if (!file) return { status: 404, text: 'no such file' };
      return { status: 200, stream: (res) => res.writeHead(200, { 'Content-Type': file.name.endsWith('.png') ? 'image/png' : 'application/octet-stream' }).end(Buffer.from(file.data, 'base64')) };
    }
  }
  return { status: 404, text: 'Not found' };
}
