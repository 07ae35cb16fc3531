import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAnswer } from '../../src/store/answers.js';
import { openStore, type Db } from '../../src/store/client.js';
import { QuestionCatalog, type ServerScope } from '../../src/domain/catalog.js';
import { packTemplate } from '../../src/packs/template.js';
import { parsePack } from '../../src/packs/parse.js';
import { freshServerPacks, importPack } from '../../src/store/packs.js';
import { setAnswerPoints } from '../../src/store/rounds.js';
import { scoreKeeper } from '../../src/store/score-keeper.js';
import { freshDatabaseUrl } from '../support/db.js';

/**
 * PostgreSQL only: several processes share one store (SQLite is one process per file). Each
 * process is a client of its own, with its own keeper, as three bot processes would have.
 */
const PROCESSES = 3;
let clients: Db[];
const guildId = '400000000000000001';

beforeAll(async () => {
  const url = await freshDatabaseUrl();
  clients = await Promise.all(Array.from({ length: PROCESSES }, async () => (await openStore(url)).db));
  await clients[0]!.question.create({ data: { id: 'q-k8s', topic: 'kubernetes', difficulty: 'medium', tags: 'pod', content: '{}', answer: 0, choiceCount: 3, contentHash: 'h' } });
});
afterAll(async () => Promise.all(clients.map((c) => c.$disconnect())));

describe('a store shared by several processes', () => {
  it('counts every answer into the boards exactly once while every process records, counts and changes points at once', async () => {
    const at = new Date(Date.UTC(2026, 10, 29, 12));
    const users = Array.from({ length: 7 }, (_, u) => `u${u}`);
    await Promise.all(
      clients.map(async (db, p) => {
        for (let i = 0; i < 120; i++) {
          const userId = users[(i + p) % users.length]!;
          const outcome = recordAnswer(db, { source: 'round', sourceId: `p${p}-q${i % 40}`, userId, guildId, questionId: 'q-k8s', choiceIndex: 0, correct: i % 3 !== 0, points: i % 3 !== 0 ? 100 : 0, responseMs: 5, answeredAt: at });
          if (i % 9 === 0) void scoreKeeper(db).catchUp().catch(() => undefined);
          await outcome;
          // a question closing: the streak bonus moves points of answers that may or may not be counted yet
          if (i % 40 === 39) {
            const closed = await db.answer.findMany({ where: { sourceId: { startsWith: `p${p}-` }, correct: true } });
            await setAnswerPoints(db, closed.map((a) => ({ id: a.id, points: a.points + 1 })));
          }
        }
      }),
    );
    await Promise.all(clients.map((db) => scoreKeeper(db).catchUp()));

    const answers = await clients[0]!.answer.findMany({ where: { guildId } });
    expect(answers.length).toBeGreaterThan(300);
    const scores = await clients[1]!.score.findMany({ where: { guildId, period: 'all', topic: 'any' } });
    const got = new Map(scores.map((s) => [s.userId, [s.points, s.answers, s.correct]]));
    for (const userId of users) {
      const own = answers.filter((a) => a.userId === userId);
      const expected = [own.reduce((sum, a) => sum + a.points, 0), own.length, own.filter((a) => a.correct).length];
      expect(got.get(userId), userId).toEqual(expected);
    }
  });

  it('shows a pack imported by one process in another process’s questions (re-read at most every 30 s)', async () => {
    const parsed = parsePack(new TextEncoder().encode(packTemplate('en-US')), { fileName: 'template.yaml' });
    if (!parsed.ok) throw new Error('the template pack does not parse');
    const packGuild = '400000000000000002';
    const scope = { guildId: packGuild, topics: [parsed.pack.topic], builtin: [] } as ServerScope;
    const served = (catalog: QuestionCatalog) => catalog.filter('any', 'any', scope).map((q) => q.id).sort();
    const early = new QuestionCatalog([]);
    await freshServerPacks(clients[2]!, early, packGuild);
    expect(served(early)).toEqual([]);

    expect(await importPack(clients[0]!, packGuild, parsed.pack, 'organiser', new Date())).toMatchObject({ status: 'imported' });
    const expected = parsed.pack.questions.map((q) => q.id).sort();
    const other = new QuestionCatalog([]);
    await freshServerPacks(clients[1]!, other, packGuild);
    expect(served(other).map((id) => id.split(':')[1])).toEqual(expected);
    // read less than 30 s ago: not read again yet
    await freshServerPacks(clients[2]!, early, packGuild);
    expect(served(early)).toEqual([]);
  });
});
