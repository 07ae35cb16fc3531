import { matchesFilter, type DifficultyFilter, type Question, type TopicFilter } from './question.js';

/** The questions in service, in memory: picking never waits on the store. */
export class QuestionCatalog {
  private readonly byId: Map<string, Question>;

  constructor(readonly questions: readonly Question[]) {
    this.byId = new Map(questions.map((q) => [q.id, q]));
  }

  get(id: string): Question | undefined {
    return this.byId.get(id);
  }

  filter(topic: TopicFilter, difficulty: DifficultyFilter): Question[] {
    return this.questions.filter((q) => matchesFilter(q, topic, difficulty));
  }

  get size(): number {
    return this.questions.length;
  }
}
