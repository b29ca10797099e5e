import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock';
import type { PopCustomer } from './crm';

export interface CachedAnswer {
  key: string;
  customers: PopCustomer[];
  fetchedAt: number;
  ageMs: number;
}

const DAY_MS = 86_400_000;

/**
 * CRM answers kept on this workstation, so a lookup keeps working while the CRM is slow or
 * down. One row per lookup key (`number:+49…`, `customerNumber:…`), the latest answer wins. The
 * table is created here (not by the call log's migrations): it is a disposable cache, and
 * dropping it loses nothing the CRM does not have. Answers older than `maxAgeDays` are neither
 * returned nor kept (customer data is not kept longer than needed).
 */
export class CrmCache {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly maxAgeDays: () => number = () => 30,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS crm_cache (
      key TEXT PRIMARY KEY,
      customers TEXT NOT NULL,
      fetched_at INTEGER NOT NULL
    )`);
  }

  get(key: string): CachedAnswer | null {
    const row = this.db.prepare('SELECT key, customers, fetched_at FROM crm_cache WHERE key = ?').get(key) as
      { key: string; customers: string; fetched_at: number } | undefined;
    if (!row) return null;
    const now = this.clock.now();
    if (row.fetched_at < now - this.maxAgeDays() * DAY_MS) return null;
    let customers: PopCustomer[];
    try {
      customers = JSON.parse(row.customers) as PopCustomer[];
      if (!Array.isArray(customers)) return null;
    } catch {
      return null;
    }
    return { key: row.key, customers, fetchedAt: row.fetched_at, ageMs: Math.max(0, now - row.fetched_at) };
  }

  put(key: string, customers: readonly PopCustomer[], fetchedAt = this.clock.now()): void {
    if (this.maxAgeDays() <= 0) return;
    this.db
      .prepare(
        'INSERT INTO crm_cache (key, customers, fetched_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET customers = excluded.customers, fetched_at = excluded.fetched_at WHERE excluded.fetched_at >= crm_cache.fetched_at',
      )
      .run(key, JSON.stringify(customers), fetchedAt);
  }

  /** Deletes answers older than the configured age; returns how many. */
  prune(): number {
    return this.db.prepare('DELETE FROM crm_cache WHERE fetched_at < ?').run(this.clock.now() - this.maxAgeDays() * DAY_MS).changes;
  }

  clear(): void {
    this.db.prepare('DELETE FROM crm_cache').run();
  }
}

/** An age in words: "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function describeAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
