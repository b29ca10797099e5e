import type { Database } from 'better-sqlite3';
import type { Recording, RecordingStore, SavedRecording } from './flight-recorder';

/** Each call's flight recorder, one row beside the call; the row goes when the call goes. */
export class CallRecordingRepository implements RecordingStore {
  constructor(private readonly db: Database) {}

  save(callId: string, recording: SavedRecording, at: number): void {
    this.db
      .prepare(
        `INSERT INTO call_recordings (call_id, entries_json, dropped, bytes, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (call_id) DO UPDATE SET entries_json = excluded.entries_json, dropped = excluded.dropped,
             bytes = excluded.bytes, updated_at = excluded.updated_at`,
      )
      .run(callId, recording.entriesJson, recording.dropped, recording.bytes, at);
  }

  load(callId: string): Recording | null {
    const row = this.db.prepare('SELECT entries_json, dropped, bytes FROM call_recordings WHERE call_id = ?').get(callId) as
      { entries_json: string; dropped: number; bytes: number } | undefined;
    if (!row) return null;
    try {
      return { entries: JSON.parse(row.entries_json) as Recording['entries'], dropped: row.dropped, bytes: row.bytes };
    } catch {
      // A row that no longer parses is no reason to fail a report: say it was there, empty.
      return { entries: [], dropped: row.dropped, bytes: 0 };
    }
  }
}
