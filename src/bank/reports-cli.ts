/**
 * `npm run bank:reports -- --db <DATABASE_URL or SQLite file> [--status open|resolved|hidden]`:
 * prints the members' reports of problems with questions in that database, grouped by question id,
 * for the bank's maintainers. It only reads: no migration is applied to the database.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openStore } from '../store/client.js';
import { isPostgresUrl } from '../store/database-url.js';
import { formatReports } from './reports.js';

const usage = 'usage: npm run bank:reports -- --db <postgresql://… | file:./data/quiz.db | ./data/quiz.db> [--status open|resolved|hidden]';
const parsed = (() => {
  try {
    return parseArgs({ options: { db: { type: 'string' }, status: { type: 'string' } } });
  } catch (err) {
    console.error((err as Error).message);
    return { values: {} as { db?: string; status?: string } };
  }
})();
const { values } = parsed;
if (!values.db || (values.status && !['open', 'resolved', 'hidden'].includes(values.status))) {
  console.error(usage);
  process.exit(2);
}
const url = isPostgresUrl(values.db) || values.db.startsWith('file:') ? values.db : `file:${values.db}`;
if (url.startsWith('file:') && !existsSync(url.slice('file:'.length).split('?')[0]!)) {
  console.error(`no database file at ${url.slice('file:'.length)}`);
  process.exit(2);
}
const { db, path } = await openStore(url, { migrate: false });
try {
  const reports = await db.report.findMany({ where: values.status ? { status: values.status } : {}, orderBy: [{ questionId: 'asc' }, { createdAt: 'asc' }] });
  const questions = await db.question.findMany({ where: { id: { in: [...new Set(reports.map((r) => r.questionId))] } }, select: { id: true, topic: true, contentHash: true, retiredAt: true, guildId: true } });
  console.log(formatReports(reports, questions, path));
} catch (err) {
  // P2021: the table does not exist (a database from before reports, never migrated since).
  if ((err as { code?: unknown }).code !== 'P2021') throw err;
  console.error(`${path} has no reports yet: it predates them (the bot applies its migrations at start; or npm run db:migrate -- --deploy).`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
