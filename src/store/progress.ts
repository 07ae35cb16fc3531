import type { Card } from 'ts-fsrs';
import { TAG_NAMES, TAGS, type Topic } from '../bank/tags.js';
import { localDateOf } from '../domain/daily.js';
import { mapOrder, memberMastery, questionsByTag, studyNext, type Mastery } from '../domain/mastery.js';
import { weekOn, type Plan } from '../domain/plan.js';
import { getPlan, planZone } from './plan.js';
import type { Db } from './client.js';
import { retentionOf } from './reviews.js';
import { scoreKeeper } from './score-keeper.js';

type CardRow = {
  userId: string;
  questionId: string;
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview: Date | null;
};

export const toCard = (r: CardRow): Card => ({
  due: r.due,
  stability: r.stability,
  difficulty: r.difficulty,
  elapsed_days: r.elapsedDays,
  scheduled_days: r.scheduledDays,
  learning_steps: r.learningSteps,
  reps: r.reps,
  lapses: r.lapses,
  state: r.state,
  last_review: r.lastReview ?? undefined,
});

/** What /progress needs from the store for one member: their cards, retention and answers per tag in the server. */
export async function memberEvidence(db: Db, guildId: string, userId: string) {
  await scoreKeeper(db).catchUp();
  const [cards, retention, stats] = await Promise.all([
    db.reviewCard.findMany({ where: { userId } }),
    retentionOf(db, userId),
    db.memberStat.findMany({ where: { guildId, userId, kind: 'tag' }, select: { key: true, answers: true, correct: true } }),
  ]);
  return { cards: cards.map((c) => ({ questionId: c.questionId, card: toCard(c) })), retention, accuracy: new Map(stats.map((s) => [s.key, { answers: s.answers, correct: s.correct }])) };
}

/** The mastery of every member who answered in the server, concept by concept (the group map). */
export async function groupMastery(db: Db, guildId: string, tags: readonly string[], byTag: ReadonlyMap<string, ReadonlySet<string>>, now: Date): Promise<Map<string, Mastery>[]> {
  await scoreKeeper(db).catchUp();
  const stats = await db.memberStat.findMany({ where: { guildId, kind: 'tag' }, select: { userId: true, key: true, answers: true, correct: true } });
  const byMember = new Map<string, Map<string, { answers: number; correct: number }>>();
  for (const s of stats) (byMember.get(s.userId) ?? byMember.set(s.userId, new Map()).get(s.userId)!).set(s.key, s);
  const members = [...byMember.keys()];
  const cards: CardRow[] = [];
  const prefs = new Map<string, number>();
  for (let i = 0; i < members.length; i += 500) {
    const ids = members.slice(i, i + 500);
    cards.push(...(await db.reviewCard.findMany({ where: { userId: { in: ids } } })));
    for (const p of await db.reviewPrefs.findMany({ where: { userId: { in: ids } } })) prefs.set(p.userId, p.retention);
  }
  const cardsOf = new Map<string, { questionId: string; card: Card }[]>();
  for (const c of cards) (cardsOf.get(c.userId) ?? cardsOf.set(c.userId, []).get(c.userId)!).push({ questionId: c.questionId, card: toCard(c) });
  return members.map((m) => memberMastery(tags, byTag, cardsOf.get(m) ?? [], byMember.get(m)!, now, prefs.get(m)));
}

export interface MemberProgress {
  mastery: Map<string, Mastery>;
  /** the five concepts to study next */
  next: string[];
  /** the map's layout: topics and their concepts, in plan order */
  groups: { topic: Topic; tags: string[] }[];
}

/** Everything /progress shows for one member: the store's evidence folded by domain/mastery.ts. */
export async function memberProgress(db: Db, guildId: string, userId: string, served: readonly { id: string; tags: readonly string[] }[], now: Date): Promise<MemberProgress> {
  const [evidence, plan, zone] = await Promise.all([memberEvidence(db, guildId, userId), getPlan(db, guildId), planZone(db, guildId)]);
  const { planTags, thisWeek, earlier } = planLayout(plan, localDateOf(now, zone));
  const mastery = memberMastery(TAG_NAMES, questionsByTag(served), evidence.cards, evidence.accuracy, now, evidence.retention);
  const lines = TAG_NAMES.map((tag) => ({ tag, topic: TAGS[tag].topic, mastery: mastery.get(tag)! }));
  return { mastery, next: studyNext(lines, thisWeek, earlier, planTags), groups: mapOrder(planTags) };
}

/** The plan's concepts in teaching order, this week's, and those of weeks already over. */
export function planLayout(plan: Plan | undefined, today: string) {
  const weeks = plan?.weeks ?? [];
  const running = plan && !plan.pausedAt ? weekOn(weeks, today) : undefined;
  return {
    planTags: weeks.flatMap((w) => w.tags),
    thisWeek: running?.tags ?? [],
    earlier: weeks.filter((w) => w.endDate < today).flatMap((w) => w.tags),
  };
}
