import type { IncomingMessage } from 'node:http';

/** A REST request's body: JSON, or multipart (`payload_json` plus files) when discord.js uploads a file. */
export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (!chunks.length) return undefined;
  return parseBody(Buffer.concat(chunks), req.headers['content-type'] ?? '');
}

/** JSON, or discord.js's multipart; also how the bot's answers to HTTP interactions are read. */
export function parseBody(raw: Buffer, type: string): unknown {
  if (type.startsWith('multipart/form-data')) return parseMultipart(raw, type);
  return JSON.parse(raw.toString('utf8'));
}

/** discord.js sends files as multipart: `payload_json` plus `files[n]` parts. Keep the JSON and the files' names and sizes. */
function parseMultipart(raw: Buffer, type: string): unknown {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  const marker = `--${boundary?.[1] ?? boundary?.[2]}`;
  const text = raw.toString('latin1');
  let payload: Record<string, unknown> = {};
  const files: { name: string; size: number; data: string }[] = [];
  for (const part of text.split(marker).slice(1, -1)) {
    const [head = '', ...rest] = part.split('\r\n\r\n');
    const content = rest.join('\r\n\r\n').replace(/\r\n$/, '');
    const name = /name="([^"]+)"/.exec(head)?.[1];
    const filename = /filename="([^"]+)"/.exec(head)?.[1];
    if (name === 'payload_json') payload = JSON.parse(Buffer.from(content, 'latin1').toString('utf8'));
    else if (filename) files.push({ name: filename, size: Buffer.byteLength(content, 'latin1'), data: Buffer.from(content, 'latin1').toString('base64') });
  }
  return { ...payload, __files: files };
}
