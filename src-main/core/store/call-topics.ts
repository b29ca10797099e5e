import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { CallTopic } from '../../contract';
import type { OutboxRepository } from './outbox';

/** What a topic's version is made of: everything a trainer may change in it. */
export interface TopicContent {
  client: string;
  id: string;
  title: string;
  priority: string;
  from: number | null;
  until: number | null;
  campaigns: readonly string[];
  text: string;
}

/**
 * The topics' durable side (migration 23): versions by content, the last good files and backend
 * answer, the announcements made, and the topics of each call with their outbox record.
 */
export class TopicRepository {
  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxRepository,
  ) {}

  /** The topic's version: the one its content had before, or the next number. */
  versionOf(topic: TopicContent, at: number): number {
    const sha = createHash('sha256')
      .update(JSON.stringify([topic.title, topic.priority, topic.from, topic.until, [...topic.campaigns].sort(), topic.text]))
      .digest('hex');
    return this.db.transaction(() => {
      const latest = this.db
        .prepare('SELECT version, sha256 FROM topic_versions WHERE client = ? AND topic_id = ? ORDER BY version DESC LIMIT 1')
        .get(topic.client, topic.id) as { version: number; sha256: string } | undefined;
      if (latest?.sha256 === sha) return latest.version;
      // Back to an earlier content (a trainer undid an edit) gets a new number all the same, so
      // the versions read in the order the desk saw them.
      const version = (latest?.version ?? 0) + 1;
      this.db
        .prepare('INSERT INTO topic_versions (client, topic_id, version, sha256, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(topic.client, topic.id, version, sha, at);
      return version;
    })();
  }

  /** A source's last good content (a topics file by its path, `backend` for the backend's answer). */
  source(source: string): { etag: string | null; body: string; storedAt: number } | null {
    const row = this.db.prepare('SELECT etag, body, stored_at FROM topic_sources WHERE source = ?').get(source) as
      { etag: string | null; body: string; stored_at: number } | undefined;
    return row ? { etag: row.etag, body: row.body, storedAt: row.stored_at } : null;
  }

  /** Every kept source whose name starts with `prefix` (the topics files of a folder). */
  sources(prefix: string): { source: string; body: string }[] {
    return (this.db.prepare('SELECT source, body FROM topic_sources ORDER BY source').all() as { source: string; body: string }[]).filter((row) =>
      row.source.startsWith(prefix),
    );
  }

  keepSource(source: string, body: string, etag: string | null, at: number): void {
    this.db
      .prepare(
        'INSERT INTO topic_sources (source, etag, body, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET etag = excluded.etag, body = excluded.body, stored_at = excluded.stored_at',
      )
      .run(source, etag, body, at);
  }

  dropSource(source: string): void {
    this.db.prepare('DELETE FROM topic_sources WHERE source = ?').run(source);
  }

  /** Marks the topic announced; false when it was announced before (on this desk, in any run). */
  announceOnce(client: string, topicId: string, at: number): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO topic_announcements (client, topic_id, announced_at) VALUES (?, ?, ?)').run(client, topicId, at).changes > 0;
  }

  /** Records topics shown on a call (a topic already recorded keeps its first showing); true when one was new. */
  recordShown(callId: string, topics: readonly { client: string; id: string; version: number; title: string }[], at: number): boolean {
    if (!topics.length) return false;
    return this.db.transaction(() => {
      const insert = this.db.prepare(
        'INSERT OR IGNORE INTO call_topics (call_id, client, topic_id, version, title, shown_at, opened_at) VALUES (?, ?, ?, ?, ?, ?, NULL)',
      );
      let added = 0;
      for (const t of topics) added += insert.run(callId, t.client, t.id, t.version, t.title, at).changes;
      if (added) this.enqueue(callId, at);
      return added > 0;
    })();
  }

  /** Records that the agent opened a topic on a call (the first time counts); false when it was not shown there. */
  recordOpened(callId: string, client: string, topicId: string, at: number): boolean {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare('UPDATE call_topics SET opened_at = ? WHERE call_id = ? AND client = ? AND topic_id = ? AND opened_at IS NULL')
        .run(at, callId, client, topicId).changes;
      if (changed) this.enqueue(callId, at);
      return changed > 0;
    })();
  }

  /** The topics of these calls, in the order they were shown. */
  ofCalls(callIds: readonly string[]): Map<string, CallTopic[]> {
    return callTopicsOf(this.db, callIds);
  }

  /** The whole list of the call's topics, each time it changes: the backend keeps the last (idempotent by record id). */
  private enqueue(callId: string, at: number): void {
    this.outbox.enqueue('call.topics', callId, { callId, topics: this.ofCalls([callId]).get(callId) ?? [] }, at);
  }
}

/** The topics of these calls, in the order they were shown (the call log's entries and the outbox record). */
export function callTopicsOf(db: Database, callIds: readonly string[]): Map<string, CallTopic[]> {
  const found = new Map<string, CallTopic[]>();
  if (!callIds.length) return found;
  const rows = db
    .prepare(
      `SELECT call_id, client, topic_id, version, title, shown_at, opened_at FROM call_topics
        WHERE call_id IN (SELECT value FROM json_each(?)) ORDER BY shown_at, rowid`,
    )
    .all(JSON.stringify(callIds)) as {
    call_id: string;
    client: string;
    topic_id: string;
    version: number;
    title: string;
    shown_at: number;
    opened_at: number | null;
  }[];
  for (const row of rows) {
    const list = found.get(row.call_id) ?? [];
    list.push({ id: row.topic_id, client: row.client, version: row.version, title: row.title, shownAt: row.shown_at, openedAt: row.opened_at });
    found.set(row.call_id, list);
  }
  return found;
}
