import { describe, expect, it } from 'vitest';
import { Cooldown } from '../../src/discord/cooldown.js';

describe('Cooldown (a fake clock in place of time)', () => {
  it('lets a burst through, then one interaction per 1/rate seconds, per member', () => {
    let now = 0;
    const c = new Cooldown(3, 2, () => now);
    expect([c.take('a'), c.take('a'), c.take('a')]).toEqual([0, 0, 0]);
    expect(c.take('a')).toBe(500);
    expect(c.take('b')).toBe(0);
    now = 499;
    expect(c.take('a')).toBeGreaterThan(0);
    now = 1000;
    expect(c.take('a')).toBe(0);
  });

  it('forgets members whose bucket has refilled when it tracks too many', () => {
    let now = 0;
    const c = new Cooldown(2, 1, () => now, 3);
    for (const id of ['a', 'b', 'c']) c.take(id);
    now = 10_000;
    c.take('d');
    expect(c.size).toBe(1);
  });
});
