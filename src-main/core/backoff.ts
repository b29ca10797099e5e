/**
 * Capped exponential backoff with jitter: the wait before retry number `attempt` (0-based) is
 * random in [floor, ceiling], where the ceiling doubles per attempt up to `capMs`. The jitter
 * keeps a room of workstations from retrying in step after a shared outage.
 */
export function backoffDelay(attempt: number, random: () => number, baseMs: number, capMs: number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  const floor = Math.min(baseMs / 2, ceiling);
  return Math.round(floor + random() * (ceiling - floor));
}

/**
 * A Retry-After header: delta-seconds or an HTTP date. Returns milliseconds to wait, or null when
 * the header is absent or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
