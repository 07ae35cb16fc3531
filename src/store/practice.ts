import type { Db } from './client.js';

export interface Showing {
  id: string;
  userId: string;
  guildId: string | null;
  questionId: string;
  choiceOrder: number[];
  mode: 'practice' | 'review';
  topic: string;
  difficulty: string;
  locale: string;
  shownAt: Date;
}

/** How often this member was shown each question, and which one came last. */
export async function practiceHistory(db: Db, userId: string): Promise<{ counts: Map<string, number>; lastShownId?: string }> {
  const [groups, last] = await Promise.all([
    db.practiceShowing.groupBy({ by: ['questionId'], where: { userId }, _count: { _all: true } }),
    db.practiceShowing.findFirst({ where: { userId }, orderBy: { shownAt: 'desc' }, select: { questionId: true } }),
  ]);
  return { counts: new Map(groups.map((g) => [g.questionId, g._count._all])), lastShownId: last?.questionId };
}

/**
 * Recent showings, by id: a showing never changes once recorded, and the click that answers it
 * usually comes seconds later, so the answer path skips a read. Bounded: the oldest go first.
 */
const RECENT_MAX = 5000;
const recent = new WeakMap<Db, Map<string, Showing>>();
function remember(db: Db, showing: Showing) {
  let map = recent.get(db);
  if (!map) recent.set(db, (map = new Map()));
  map.set(showing.id, showing);
  if (map.size > RECENT_MAX) map.delete(map.keys().next().value!);
}

export async function createShowing(db: Db, showing: Showing, member?: { guildId: string; displayName: string }): Promise<void> {
  const create = db.practiceShowing.create({ data: { ...showing, choiceOrder: showing.choiceOrder.join(',') } });
  if (!member) await create;
  else {
    const key = { guildId: member.guildId, userId: showing.userId };
    await db.$transaction([
      db.member.upsert({ where: { guildId_userId: key }, create: { ...key, displayName: member.displayName }, update: { displayName: member.displayName } }),
      create,
    ]);
  }
  remember(db, showing);
}

export async function findShowing(db: Db, id: string): Promise<Showing | undefined> {
  const cached = recent.get(db)?.get(id);
  if (cached) return cached;
  const row = await db.practiceShowing.findUnique({ where: { id } });
  return row ? { ...row, mode: row.mode === 'review' ? 'review' : 'practice', choiceOrder: row.choiceOrder.split(',').map(Number) } : undefined;
}
