import type { Prisma } from '../generated/prisma/client.js';
import type { NewAnswer } from './answers.js';
import type { Db } from './client.js';

type Tx = Prisma.TransactionClient;

/**
 * What the leaderboards' aggregates have counted, kept in Meta: the watermark (the last answer id
 * counted) and, for a server being recounted, how far its recount has come.
 */
const APPLIED = 'scores.appliedId';
const RECOUNT = 'scores.recount.';

/** Answers counted per transaction. */
export const PAGE = 2000;

export const toNew = (a: Prisma.AnswerGetPayload<object>): NewAnswer => ({ ...a, source: a.source as NewAnswer['source'] });

export async function appliedId(tx: Tx | Db): Promise<number> {
  return Number((await tx.meta.findUnique({ where: { key: APPLIED } }))?.value ?? 0);
}

export const setApplied = (tx: Tx | Db, id: number) => tx.meta.upsert({ where: { key: APPLIED }, create: { key: APPLIED, value: String(id) }, update: { value: String(id) } });

/** The servers being recounted: the watermark's pass leaves their answers to the recount. */
export async function recountingServers(tx: Tx | Db): Promise<Set<string>> {
  const rows = await tx.meta.findMany({ where: { key: { startsWith: RECOUNT } }, select: { key: true } });
  return new Set(rows.map((r) => r.key.slice(RECOUNT.length)));
}

/** The last answer id a server's recount has counted, or undefined when it is not being recounted. */
export async function recountProgress(tx: Tx | Db, guildId: string): Promise<number | undefined> {
  const row = await tx.meta.findUnique({ where: { key: RECOUNT + guildId } });
  return row ? Number(row.value) : undefined;
}

export const setRecountProgress = (tx: Tx, guildId: string, id: number) =>
  tx.meta.upsert({ where: { key: RECOUNT + guildId }, create: { key: RECOUNT + guildId, value: String(id) }, update: { value: String(id) } });

export const endRecount = (tx: Tx, guildId: string) => tx.meta.deleteMany({ where: { key: RECOUNT + guildId } });
