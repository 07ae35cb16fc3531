import type { Difficulty, Locale, Snippet } from '../bank/schema.js';
import type { Tag, Topic } from '../bank/tags.js';

export type { Difficulty, Locale, Snippet, Tag, Topic };

export type Localized = Record<Locale, string>;

/** A question as the bot serves it. `answer` is the index of the correct choice in `choices`. */
export interface Question {
  id: string;
  topic: Topic;
  difficulty: Difficulty;
  tags: readonly Tag[];
  prompt: Localized;
  choices: readonly Localized[];
  answer: number;
  explanation: Localized;
  links: readonly string[];
  /** code or a manifest the prompt is about */
  snippet?: Snippet;
  /** the release the answer describes, e.g. "Kubernetes 1.34" */
  version?: string;
}

/**
 * A topic, any topic, or tags (`tag:gmp-scheduler`: "practise your weakest subject";
 * `tag:mcache,mheap`: any of these, as /progress's "study these next" asks).
 */
export type TopicFilter = Topic | 'any' | `tag:${string}`;
export type DifficultyFilter = Difficulty | 'any';

const hasAnyTag = (q: Question, list: string) => list.split(',').some((tag) => (q.tags as readonly string[]).includes(tag));

export const matchesFilter = (q: Question, topic: TopicFilter, difficulty: DifficultyFilter) =>
  (topic === 'any' || q.topic === topic || (topic.startsWith('tag:') && hasAnyTag(q, topic.slice(4)))) &&
  (difficulty === 'any' || q.difficulty === difficulty);
