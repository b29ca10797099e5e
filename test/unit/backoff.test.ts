import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterMs } from '../../src-main/core/backoff';

describe('backoff', () => {
  it('doubles its ceiling per attempt up to the cap, never below half the base', () => {
    const top = () => 0.999999;
    const bottom = () => 0;
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, top, 1000, 10_000))).toEqual([1000, 2000, 4000, 8000, 10_000]);
    expect(backoffDelay(50, top, 1000, 10_000)).toBe(10_000);
    expect(backoffDelay(5, bottom, 1000, 10_000)).toBe(500);
  });

  it('spreads a room of agents: 1000 retries of one attempt are not in step', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const delays = Array.from({ length: 1000 }, () => backoffDelay(4, random, 1000, 60_000));
    const buckets = new Set(delays.map((d) => Math.floor(d / 1000)));
    expect(buckets.size).toBeGreaterThan(10);
    expect(Math.max(...delays)).toBeLessThanOrEqual(16_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 10, 26, 12, 0, 0);
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});
