import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { CallLogEntry } from '../../contract';
import { CallLogRepository } from '../store/call-log';
import { CallRecordingRepository } from '../recorder/call-recordings';
import { OutboxRepository } from '../store/outbox';
import type { Recording } from '../recorder/flight-recorder';

/**
 * What support needs to know about a call: when, how it went, how it ended; the numbers and names
 * only when the agent opted in to customer data.
 */
export function callForSupport(call: CallLogEntry, withCustomer = false) {
  return {
    ...(withCustomer
      ? {
          remoteNumber: call.remoteNumber,
          remoteName: call.remoteName,
          dialedNumber: call.dialedNumber,
          customerNumber: call.customerNumber,
          customerName: call.customerName,
        }
      : {}),
    id: call.id,
    line: call.line,
    direction: call.direction,
    client: call.client,
    campaign: call.campaign,
    ringAt: iso(call.ringAt),
    answerAt: iso(call.answerAt),
    endAt: iso(call.endAt),
    endCause: call.endCause,
    endedBy: call.endedBy,
    endReason: call.endReason ?? null,
    sipCallId: call.sipCallId,
    quality: call.quality ?? null,
  };
}

/** The last `count` calls, newest first, each with its flight recorder (the live one where given). */
export function lastCalls(db: Database, count: number, recording?: (callId: string) => Recording | null, withCustomer = false) {
  const calls = new CallLogRepository(db).list({ limit: count });
  const store = new CallRecordingRepository(db);
  return calls.map((call) => ({ call: callForSupport(call, withCustomer), recording: (recording ?? ((id: string) => store.load(id)))(call.id) }));
}

/** Delivery to the backend: what waits, and what it refused with its reason. */
export function syncState(db: Database) {
  const outbox = new OutboxRepository(db);
  return {
    ...outbox.stats(),
    quarantinedRecords: outbox
      .quarantined(50)
      .map((row) => ({ id: row.id, topic: row.topic, entityId: row.entityId, createdAt: iso(row.createdAt), attempts: row.attempts, reason: row.lastError })),
  };
}

/** SQLite's own check of the database file; up to 20 problems named ("ok" when there are none). */
export function integrity(db: Database): { ok: boolean; result: string[] } {
  try {
    const rows = db.pragma('integrity_check(20)') as { integrity_check: string }[];
    const result = rows.map((row) => row.integrity_check);
    return { ok: result.length === 1 && result[0] === 'ok', result };
  } catch (error) {
    return { ok: false, result: [String(error)] };
  }
}

/**
 * The last pre-shift checks, when this database has them: the `shift_checks` table comes with a
 * later migration, so it is read only where it exists, whatever its columns.
 */
export function shiftChecks(db: Database, limit = 20): unknown[] | null {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'shift_checks'").get();
  if (!table) return null;
  return db.prepare('SELECT * FROM shift_checks ORDER BY rowid DESC LIMIT ?').all(limit);
}

/**
 * The line's history as the log tells it (oldest first): every status change with its reason, and
 * every outage with how long it lasted. The log files outlive the process, so the command line
 * finds this too.
 */
export function lineHistoryFromLogs(files: readonly string[], limit = 500): unknown[] {
  const out: unknown[] = [];
  for (const file of [...files].reverse()) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line.includes('"line status"') && !line.includes('"line was down"')) continue;
      try {
        const record = JSON.parse(line) as { message?: string };
        if (record.message === 'line status' || record.message === 'line was down') out.push(record);
      } catch {
        // A line cut by a crash: the rest of the file still counts.
      }
    }
  }
  return out.slice(-limit);
}

function iso(ms: number | null | undefined): string | null {
  return typeof ms === 'number' ? new Date(ms).toISOString() : null;
}
