import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import pino from 'pino';
import { parse, stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BANK_DIR } from '../../src/bank/files.js';
import { loadBank } from '../../src/bank/sync.js';
import type { Db } from '../../src/store/client.js';
import { freshStore } from '../support/db.js';
import { TMP_DIR } from '../support/paths.js';

const log = pino({ level: 'silent' });
let db: Db;
let dir: string;

beforeEach(async () => {
  ({ db } = await freshStore());
  dir = `${TMP_DIR}bank-${process.pid}-${Math.random().toString(36).slice(2)}/`;
  cpSync(BANK_DIR, dir, { recursive: true });
});
afterEach(async () => db.$disconnect());

type BankFile = { topic: string; questions: { id: string; prompt: Record<string, string>; answer: number }[] };
const edit = (name: string, change: (data: BankFile) => void) => {
  const data = parse(readFileSync(`${dir}${name}`, 'utf8')) as BankFile;
  change(data);
  writeFileSync(`${dir}${name}`, stringify(data));
};

describe('loadBank: syncing the bank files into the store', () => {
  it('loads every question on first start, then skips an unchanged bank', async () => {
    const first = await loadBank(db, log, new Date(), dir);
    expect(first.outcome).toBe('synced');
    expect(first.questions.length).toBe(await db.question.count());
    const second = await loadBank(db, log, new Date(), dir);
    expect(second.outcome).toBe('unchanged');
    expect(second.questions.map((q) => q.id)).toEqual(first.questions.map((q) => q.id));
  });

  it('updates an edited question in place, keeping the answers already given to it', async () => {
    const { questions } = await loadBank(db, log, new Date(), dir);
    const inFile = (parse(readFileSync(`${dir}go.yaml`, 'utf8')) as BankFile).questions[0]!.id;
    const target = questions.find((q) => q.id === inFile)!;
    await db.answer.create({ data: { source: 'practice', sourceId: 's', userId: '1', questionId: target.id, choiceIndex: 0, correct: false, responseMs: 1 } });
    edit('go.yaml', (data) => {
      data.questions.find((q) => q.id === target.id)!.prompt['en-US'] += ' (edited)';
    });
    const after = await loadBank(db, log, new Date(), dir);
    expect(after.outcome).toBe('synced');
    expect(after.questions.find((q) => q.id === target.id)!.prompt['en-US']).toMatch(/\(edited\)$/);
    expect(await db.answer.count({ where: { questionId: target.id } })).toBe(1);
  });

  it('retires a removed question: kept with its answers, never served', async () => {
    const { questions } = await loadBank(db, log, new Date(), dir);
    const removed = questions.find((q) => q.topic === 'istio')!;
    await db.answer.create({ data: { source: 'practice', sourceId: 's', userId: '1', questionId: removed.id, choiceIndex: 0, correct: true, responseMs: 1 } });
    edit('istio.yaml', (data) => {
      data.questions = data.questions.filter((q) => q.id !== removed.id);
    });
    const after = await loadBank(db, log, new Date(), dir);
    expect(after.questions.some((q) => q.id === removed.id)).toBe(false);
    expect((await db.question.findUnique({ where: { id: removed.id } }))?.retiredAt).toBeInstanceOf(Date);
    expect(await db.answer.count({ where: { questionId: removed.id } })).toBe(1);
  });

  it('never half-loads a broken bank: reports the problems and serves the last good questions', async () => {
    const good = await loadBank(db, log, new Date(), dir);
    edit('kubernetes.yaml', (data) => {
      data.questions[0]!.answer = 99;
      data.questions[1]!.prompt['en-US'] = 'changed but must not load';
    });
    writeFileSync(`${dir}extra.yaml`, 'topic: go\nquestions: [ {id: x');
    const after = await loadBank(db, log, new Date(), dir);
    expect(after.outcome).toBe('rejected');
    expect(after.problems).toEqual(expect.arrayContaining([expect.stringContaining('kubernetes.yaml > '), expect.stringContaining('extra.yaml: is not valid YAML')]));
    expect(after.questions).toEqual(good.questions);
  });
});
