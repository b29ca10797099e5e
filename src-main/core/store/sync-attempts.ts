import type { Database, Statement } from 'better-sqlite3';
import { messageSchema, type Message } from '../../contract/messages';

/** One delivery attempt to the backend: whom it went to, when, and whether the backend took it. */
export interface SyncAttempt {
  url: string;
  at: number;
  ok: boolean;
  /** Why it failed, in English (log, CLI) and as a message (screen); null when it succeeded. */
  error: string | null;
  said: Message | null;
  /** Since when attempts to this URL fail without a success between; null when it succeeded. */
  failingSince: number | null;
}

export interface SyncAttemptHistory {
  last: SyncAttempt | null;
  /** The last attempt the backend answered and took, to any URL. */
  lastOk: SyncAttempt | null;
}

const LAST = 'sync_last_attempt';
const LAST_OK = 'sync_last_ok';

/**
 * The sync's last attempt and last success, kept in the database's meta table: a restart must not
 * turn "never reached" into "all delivered", and `anlauf sync status` runs without the app, so it
 * can only say what the database says. Two rows, overwritten; no history is kept.
 */
export class SyncAttemptLog {
  private readonly select: Statement;
  private readonly upsert: Statement;

  constructor(db: Database) {
    this.select = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    this.upsert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  record(attempt: SyncAttempt): void {
    const value = JSON.stringify(attempt);
    this.upsert.run(LAST, value);
    if (attempt.ok) this.upsert.run(LAST_OK, value);
  }

  history(): SyncAttemptHistory {
    return { last: this.read(LAST), lastOk: this.read(LAST_OK) };
  }

  private read(key: string): SyncAttempt | null {
    const raw = this.select.get(key) as string | undefined;
    if (raw === undefined) return null;
    try {
      const value = JSON.parse(raw) as SyncAttempt;
      if (typeof value.url !== 'string' || typeof value.at !== 'number' || typeof value.ok !== 'boolean') return null;
      const said = messageSchema.safeParse(value.said);
      return {
        url: value.url,
        at: value.at,
        ok: value.ok,
        error: value.error ?? null,
        said: said.success ? said.data : null,
        failingSince: value.failingSince ?? null,
      };
    } catch {
      // A damaged row says nothing; the next attempt overwrites it.
      return null;
    }
  }
}
