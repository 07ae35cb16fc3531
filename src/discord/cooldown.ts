/**
 * A token bucket per member: a burst of `capacity` interactions, then `perSecond`. A person playing
 * fast stays well inside it (a live round is one click per question; practice is two per
 * question); a script sending a hundred a second is slowed, and only that member is.
 */
export class Cooldown {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity = 20,
    private readonly perSecond = 5,
    private readonly now: () => number = () => performance.now(),
    /** members tracked before full buckets are forgotten (a full bucket carries no information) */
    private readonly limit = 10_000,
  ) {}

  /** 0 when the member may go on, else the milliseconds until they may. */
  take(userId: string): number {
    const at = this.now();
    const b = this.buckets.get(userId) ?? { tokens: this.capacity, at };
    b.tokens = Math.min(this.capacity, b.tokens + ((at - b.at) / 1000) * this.perSecond);
    b.at = at;
    if (this.buckets.size >= this.limit && !this.buckets.has(userId)) this.prune(at);
    this.buckets.set(userId, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / this.perSecond) * 1000);
  }

  private prune(at: number) {
    for (const [id, b] of this.buckets) if (b.tokens + ((at - b.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(id);
  }

  get size(): number {
    return this.buckets.size;
  }
}
