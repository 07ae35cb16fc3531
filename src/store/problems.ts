import { isUniqueViolation, type Db } from './client.js';

/**
 * Records that a server's admins are being told about `problem`; true only for the first caller
 * (the primary key decides between racing steps and processes), so they are told once.
 */
export async function claimProblem(db: Db, guildId: string, problem: string, channelId: string, now: Date): Promise<boolean> {
  try {
    await db.adminProblem.create({ data: { guildId, problem, channelId, toldAt: now } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** A post in the channel worked again (or the admins changed the setup): a problem that comes back is told again. */
export async function clearProblems(db: Db, guildId: string, channelId?: string, actions: readonly string[] = []): Promise<void> {
  const kinds = actions.length ? { OR: actions.map((a) => ({ problem: { startsWith: `${a}:` } })) } : {};
  await db.adminProblem.deleteMany({ where: { guildId, ...(channelId ? { channelId } : {}), ...kinds } });
}

export const problemsOf = (db: Db, guildId: string) => db.adminProblem.findMany({ where: { guildId }, orderBy: { toldAt: 'asc' } });
