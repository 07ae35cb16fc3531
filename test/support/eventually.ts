/** Polls an async check until it returns a value (for work the bot does after acknowledging). */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 60_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
