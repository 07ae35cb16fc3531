import type { Db } from './client.js';

export const getMeta = async (db: Db, key: string) => (await db.meta.findUnique({ where: { key } }))?.value;

export const setMeta = (db: Db, key: string, value: string) =>
  db.meta.upsert({ where: { key }, create: { key, value }, update: { value } });
