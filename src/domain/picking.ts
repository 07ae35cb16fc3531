/** Random source in [0, 1); injected so tests and property checks are reproducible. */
export type Rng = () => number;

export interface PoolEntry {
  id: string;
  /** how many times this member has been shown the question */
  timesShown: number;
}

/**
 * Picks the next question for a member: only among those shown the fewest times, so no question
 * repeats until the member has seen the whole pool; and never the one just shown when there is a
 * choice, so a new cycle does not start with a repeat.
 */
export function pickQuestion(pool: readonly PoolEntry[], rng: Rng, lastShownId?: string): string | undefined {
  if (pool.length === 0) return undefined;
  const fewest = Math.min(...pool.map((e) => e.timesShown));
  const fewestShown = pool.filter((e) => e.timesShown === fewest);
  const withoutLast = fewestShown.filter((e) => e.id !== lastShownId);
  const candidates = withoutLast.length > 0 ? withoutLast : fewestShown;
  return candidates[Math.floor(rng() * candidates.length)]?.id;
}

/** A uniformly random order of `n` choice indexes (Fisher-Yates). */
export function shuffledOrder(n: number, rng: Rng): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
