import { describe, expect, it } from 'vitest';
import { QuestionCatalog } from '../../src/domain/catalog.js';
import type { Question } from '../../src/domain/question.js';

const q = (id: string, topic: Question['topic']): Question => ({
  id, topic, difficulty: 'easy', tags: [], prompt: { 'en-US': id, 'zh-CN': id }, choices: [], answer: 0, explanation: { 'en-US': '', 'zh-CN': '' }, links: [],
});
const ids = (list: Question[]) => list.map((x) => x.id).sort();
const all = ['go', 'containers', 'kubernetes', 'istio', 'cloud-native'] as const;

describe('QuestionCatalog per server', () => {
  const catalog = new QuestionCatalog([q('bank-go', 'go'), q('bank-k8s', 'kubernetes')]);
  catalog.setServerPacks('g1', [{ ...q('g1:pack-k8s', 'kubernetes'), retired: false }, { ...q('g1:old', 'kubernetes'), retired: true }]);

  it('serves a pack only in its own server, never a retired question, and still finds retired ones by id', () => {
    expect(ids(catalog.filter('any', 'any', { guildId: 'g1', topics: all, builtin: all }))).toEqual(['bank-go', 'bank-k8s', 'g1:pack-k8s']);
    expect(ids(catalog.filter('any', 'any', { guildId: 'g2', topics: all, builtin: all }))).toEqual(['bank-go', 'bank-k8s']);
    expect(catalog.get('g1:old')?.id).toBe('g1:old');
  });

  it('drops a switched-off topic everywhere, and the built-in bank of a topic while keeping the pack', () => {
    expect(ids(catalog.filter('any', 'any', { guildId: 'g1', topics: ['go'], builtin: all }))).toEqual(['bank-go']);
    expect(ids(catalog.filter('kubernetes', 'any', { guildId: 'g1', topics: all, builtin: ['go'] }))).toEqual(['g1:pack-k8s']);
  });
});
