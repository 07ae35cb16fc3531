import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReports } from '../../src/bank/reports.js';
import type { Db } from '../../src/store/client.js';
import { activeHides, closeReports, createReport, hideQuestion, openReportGroups, type NewReport } from '../../src/store/reports.js';
import { freshDatabaseUrl } from '../support/db.js';
import { openStore } from '../../src/store/client.js';

let db: Db;
let url: string;
const GUILD = '200000000000000001';
beforeAll(async () => {
  url = await freshDatabaseUrl();
  ({ db } = await openStore(url));
  for (const id of ['q1', 'q2', 'q3']) await db.question.create({ data: { id, topic: 'go', difficulty: 'easy', tags: 'goroutine', content: '{}', answer: 0, choiceCount: 3, contentHash: `hash-${id}` } });
  await db.question.create({ data: { id: 'abc123:mine', topic: 'go', difficulty: 'easy', tags: 'goroutine', content: '{}', answer: 0, choiceCount: 3, contentHash: 'abc123', guildId: GUILD, packId: 'abc123' } });
});
afterAll(async () => db.$disconnect());

const report = (over: Partial<NewReport> = {}): NewReport => ({
  questionId: 'q1',
  bankVersion: 'hash-q1',
  guildId: GUILD,
  userId: '100000000000000001',
  reason: 'wrong-answer',
  comment: '',
  createdAt: new Date('2026-12-03T09:00:00Z'),
  ...over,
});

describe('reports in the store: the unique index decides', () => {
  it('two concurrent reports by one member on one question: one row, the other told it is a duplicate', async () => {
    const outcomes = await Promise.all([report({ reason: 'typo' }), report({ reason: 'unclear' })].map((r) => createReport(db, r)));
    expect(outcomes.sort()).toEqual(['created', 'duplicate']);
    expect(await db.report.count({ where: { questionId: 'q1' } })).toBe(1);
    // Another member, or another question, is not a duplicate.
    expect(await createReport(db, report({ userId: '100000000000000002', comment: 'second member' }))).toBe('created');
    expect(await createReport(db, report({ questionId: 'q2', bankVersion: 'hash-q2' }))).toBe('created');
  });

  it('groups a server’s open reports by question, with counts per reason', async () => {
    const groups = await openReportGroups(db, GUILD);
    expect(groups.find((g) => g.questionId === 'q1')).toMatchObject({ total: 2, comments: ['second member'] });
    expect(Object.values(groups.find((g) => g.questionId === 'q1')!.counts).reduce((a, b) => a + b, 0)).toBe(2);
    expect(await openReportGroups(db, '200000000000000009')).toEqual([]);
  });

  it('a resolved report no longer blocks a new one from the same member', async () => {
    expect(await closeReports(db, GUILD, 'q1', 'resolved', 'admin', new Date())).toBe(2);
    expect(await closeReports(db, GUILD, 'q1', 'resolved', 'admin', new Date())).toBe(0);
    expect(await createReport(db, report({ reason: 'outdated' }))).toBe('created');
    expect(await createReport(db, report({ reason: 'outdated' }))).toBe('duplicate');
    expect((await db.report.findMany({ where: { questionId: 'q1', userId: '100000000000000001' } })).map((r) => r.status).sort()).toEqual(['open', 'resolved']);
  });

  it('a hide applies while the question is at the hidden version, and stops when the bank changes or retires it', async () => {
    expect(await hideQuestion(db, { guildId: GUILD, questionId: 'q2', contentHash: 'hash-q2', by: 'admin', now: new Date() })).toBe(1);
    await hideQuestion(db, { guildId: GUILD, questionId: 'q3', contentHash: 'hash-q3', by: 'admin', now: new Date() });
    expect((await activeHides(db)).get(GUILD)?.sort()).toEqual(['q2', 'q3']);
    await db.question.update({ where: { id: 'q2' }, data: { contentHash: 'hash-q2-fixed' } });
    await db.question.update({ where: { id: 'q3' }, data: { retiredAt: new Date() } });
    expect((await activeHides(db, GUILD)).get(GUILD)).toEqual([]);
    expect((await db.report.findFirstOrThrow({ where: { questionId: 'q2' } })).status).toBe('hidden');
  });

  it('npm run bank:reports prints them grouped by question id, with reason counts, versions and comments', async () => {
    await createReport(db, report({ questionId: 'abc123:mine', bankVersion: 'abc123' }));
    const rows = await db.report.findMany({ orderBy: { id: 'asc' } });
    const questions = await db.question.findMany();
    const text = formatReports(rows, questions, 'test.db');
    expect(text.split('\n')[0]).toBe('Reports in test.db: 4 on 2 bank question(s) (open 1, resolved 2, hidden 1)');
    expect(text).toContain('q1 (go): 3 report(s): open 1, resolved 2\n  reasons: wrong-answer 1, outdated 1, typo 1');
    expect(text).toContain('  bank versions: hash-q1 (current)');
    expect(text).toContain('"second member"');
    expect(text).toContain('q2 (go): 1 report(s): hidden 1');
    expect(text).toContain('  bank versions: hash-q2\n');
    expect(text).toContain("1 report(s) on servers' own pack questions are not listed");

    const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/bank/reports-cli.ts', '--db', url, '--status', 'open'], { encoding: 'utf8' });
    expect(stdout).toMatch(/^Reports in .*: 1 on 1 bank question\(s\) \(open 1\)\n\nq1 \(go\): 1 report\(s\): open 1\n/);
    const bad = await promisify(execFile)('npx', ['tsx', 'src/bank/reports-cli.ts', '--db', url, '--status', 'spam']).catch((err: { code: number; stderr: string }) => err);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run bank:reports') });
  });
});
