import type { Topic } from '../bank/tags.js';
import { matchesFilter, type DifficultyFilter, type Question, type TopicFilter } from './question.js';

/** What a server lets be served: its enabled topics, and the topics whose built-in questions it keeps. */
export interface ServerScope {
  guildId: string;
  topics: readonly Topic[];
  builtin: readonly Topic[];
}

/**
 * The questions in service, in memory: picking never waits on the store. The built-in bank serves
 * every server; a server's custom packs serve that server only.
 */
export class QuestionCatalog {
  private readonly byId: Map<string, Question>;
  private readonly packs = new Map<string, Question[]>();
  /** questions a server's managers hid (from /pack reports): never served in that server */
  private readonly hidden = new Map<string, ReadonlySet<string>>();

  constructor(readonly questions: readonly Question[]) {
    this.byId = new Map(questions.map((q) => [q.id, q]));
  }

  /** Any question ever served, retired pack questions included (a round or a reveal may still name one). */
  get(id: string): Question | undefined {
    return this.byId.get(id);
  }

  /** Replaces a server's pack questions (after an import, a removal, or at start). */
  setServerPacks(guildId: string, questions: readonly (Question & { retired: boolean })[]) {
    for (const q of questions) this.byId.set(q.id, q);
    const active = questions.filter((q) => !q.retired);
    if (active.length) this.packs.set(guildId, active);
    else this.packs.delete(guildId);
  }

  /** Replaces the questions hidden in a server (the hides that still apply to the bank as it is). */
  setServerHidden(guildId: string, questionIds: readonly string[]) {
    if (questionIds.length) this.hidden.set(guildId, new Set(questionIds));
    else this.hidden.delete(guildId);
  }

  /** Whether a server hid this question (review skips such cards there). */
  isHidden(guildId: string | null | undefined, questionId: string): boolean {
    return guildId ? (this.hidden.get(guildId)?.has(questionId) ?? false) : false;
  }

  /** The questions matching a filter; with a scope, only what that server serves (its settings, its packs, minus what it hid). */
  filter(topic: TopicFilter, difficulty: DifficultyFilter, scope?: ServerScope): Question[] {
    const builtin = scope ? this.questions.filter((q) => scope.topics.includes(q.topic) && scope.builtin.includes(q.topic)) : this.questions;
    const own = scope ? (this.packs.get(scope.guildId) ?? []).filter((q) => scope.topics.includes(q.topic)) : [];
    const hidden = scope && this.hidden.get(scope.guildId);
    return [...builtin, ...own].filter((q) => matchesFilter(q, topic, difficulty) && !hidden?.has(q.id));
  }

  get size(): number {
    return this.questions.length;
  }
}
