import { randomBytes } from 'node:crypto';
import type { Localized, Question } from '../domain/question.js';
import type { LocalizedText, Pack, PackQuestion } from '../packs/parse.js';
import type { QuestionCatalog } from '../domain/catalog.js';
import { isUniqueViolation, providerOf, type Db } from './client.js';
import { activeHides } from './reports.js';

/**
 * Custom packs in the store. A pack question is a Question row of its server (guildId, packId),
 * with the organiser's own text (one or both languages) and its place in the file kept in
 * `content`, so an export re-imports identically.
 */

interface PackContent {
  /** the question's id in the pack file */
  ref: string;
  position: number;
  prompt: LocalizedText;
  choices: LocalizedText[];
  explanation: LocalizedText;
  links: string[];
}

export interface PackRow {
  id: string;
  guildId: string;
  name: string;
  topic: string;
  questionCount: number;
  importedBy: string;
  importedAt: Date;
}

/** A text in one language is shown in that language to everyone. */
const both = (t: LocalizedText): Localized => ({ 'en-US': t['en-US'] ?? t['zh-CN'] ?? '', 'zh-CN': t['zh-CN'] ?? t['en-US'] ?? '' });

export interface ServedPackQuestion extends Question {
  guildId: string;
  retired: boolean;
}

function toQuestion(row: { id: string; topic: string; difficulty: string; tags: string; content: string; answer: number; guildId: string | null; retiredAt: Date | null }): ServedPackQuestion {
  const c = JSON.parse(row.content) as PackContent;
  return {
    id: row.id,
    topic: row.topic as Question['topic'],
    difficulty: row.difficulty as Question['difficulty'],
    tags: row.tags.split(',').filter(Boolean) as Question['tags'],
    prompt: both(c.prompt),
    choices: c.choices.map(both),
    answer: row.answer,
    explanation: both(c.explanation),
    links: c.links,
    guildId: row.guildId!,
    retired: row.retiredAt !== null,
  };
}

/** Imports a validated pack in one transaction; 'exists' when the server already has a pack of that name. */
export async function importPack(db: Db, guildId: string, pack: Pack, by: string, now: Date): Promise<{ status: 'imported'; packId: string } | { status: 'exists' }> {
  const packId = randomBytes(6).toString('hex');
  const rows = pack.questions.map((q: PackQuestion, position) => ({
    id: `${packId}:${q.id}`,
    topic: pack.topic,
    difficulty: q.difficulty,
    tags: q.tags.join(','),
    content: JSON.stringify({ ref: q.id, position, prompt: q.prompt, choices: q.choices, explanation: q.explanation, links: q.links } satisfies PackContent),
    answer: q.answer,
    choiceCount: q.choices.length,
    contentHash: packId,
    guildId,
    packId,
  }));
  try {
    await db.$transaction([
      db.pack.create({ data: { id: packId, guildId, name: pack.name, topic: pack.topic, questionCount: rows.length, importedBy: by, importedAt: now } }),
      db.question.createMany({ data: rows }),
    ]);
    return { status: 'imported', packId };
  } catch (err) {
    if (isUniqueViolation(err)) return { status: 'exists' };
    throw err;
  }
}

export const listPacks = (db: Db, guildId: string) => db.pack.findMany({ where: { guildId }, orderBy: { name: 'asc' } }) as Promise<PackRow[]>;

export const findPack = (db: Db, guildId: string, name: string) => db.pack.findUnique({ where: { guildId_name: { guildId, name } } }) as Promise<PackRow | null>;

export const findPackById = (db: Db, id: string) => db.pack.findUnique({ where: { id } }) as Promise<PackRow | null>;

/** The pack as its file said, questions in their order. */
export async function exportPack(db: Db, pack: PackRow): Promise<Pack> {
  const rows = await db.question.findMany({ where: { packId: pack.id } });
  const questions = rows
    .map((r) => ({ row: r, content: JSON.parse(r.content) as PackContent }))
    .sort((a, b) => a.content.position - b.content.position)
    .map(({ row, content }): PackQuestion => ({
      id: content.ref,
      difficulty: row.difficulty as PackQuestion['difficulty'],
      tags: row.tags.split(',').filter(Boolean) as PackQuestion['tags'],
      prompt: content.prompt,
      choices: content.choices,
      answer: row.answer,
      explanation: content.explanation,
      links: content.links,
    }));
  return { name: pack.name, topic: pack.topic as Pack['topic'], questions };
}

/** Removes a pack: its questions are retired (answers and points stay); false when it was already gone. */
export async function removePack(db: Db, pack: PackRow, now: Date): Promise<boolean> {
  const [removed] = await db.$transaction([db.pack.deleteMany({ where: { id: pack.id } }), db.question.updateMany({ where: { packId: pack.id }, data: { retiredAt: now } })]);
  return removed.count === 1;
}

/** Every pack question, of every server (retired ones too: rounds and reveals may still name them). */
export async function loadPackQuestions(db: Db, guildId?: string): Promise<ServedPackQuestion[]> {
  const rows = await db.question.findMany({ where: guildId ? { guildId } : { guildId: { not: null } } });
  return rows.map(toQuestion);
}

/** How stale a server's packs may be in a process that did not import or remove them itself. */
const PACKS_TTL_MS = 30_000;
const packsReadAt = new WeakMap<QuestionCatalog, Map<string, number>>();

/**
 * On a shared store (PostgreSQL, several processes) a pack may have been imported or removed (or a
 * question hidden) by another process: re-read a server's pack questions and hides into this process's catalog at most every
 * 30 s, as settings are. With SQLite the one process made every change itself.
 */
export async function freshServerPacks(db: Db, catalog: QuestionCatalog, guildId: string): Promise<void> {
  if (providerOf(db) !== 'postgresql') return;
  let read = packsReadAt.get(catalog);
  if (!read) packsReadAt.set(catalog, (read = new Map()));
  const readAt = read.get(guildId);
  if (readAt !== undefined && Date.now() - readAt < PACKS_TTL_MS) return;
  if (read.size >= 50_000) read.clear();
  read.set(guildId, Date.now());
  catalog.setServerPacks(guildId, await loadPackQuestions(db, guildId));
  catalog.setServerHidden(guildId, (await activeHides(db, guildId)).get(guildId) ?? []);
}
