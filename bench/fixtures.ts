// Test data for the benchmarks: a call log filled through the real repository, so the rows (and
// their outbox rows) have the shape the app writes.
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { CallLogRepository, type NewCall } from '../src-main/core/store/call-log';
import { DATABASE_FILE, openDatabase } from '../src-main/core/store/database';

export const BENCH_APP_VERSION = 'bench';

/** Spacing of the filled calls: one every 30 s, the newest a minute before `newestAt`. */
const CALL_SPACING_MS = 30_000;

let sequence = 0;

/** A plausible inbound call, with IVR data, as the phone service records it. */
export function sampleCall(ringAt: number): NewCall {
  sequence++;
  return {
    id: uuidv7(),
    line: 'sip',
    direction: 'inbound',
    remoteNumber: `+49301234${String(sequence % 10_000).padStart(4, '0')}`,
    remoteName: 'Erika Mustermann',
    dialedNumber: '+498001112233',
    client: 'Stadtwerke Musterstadt',
    campaign: 'Winter 2026',
    ivr: { customerNumber: `K-${1_000_000 + (sequence % 1_000_000)}`, concern: 'Rechnung', queue: 'billing' },
    sipCallId: `${uuidv7()}@pbx.example`,
    ringAt,
  };
}

/**
 * Writes `count` finished calls: one `recordRinging` per call (each with its outbox row) in one
 * big transaction, then one UPDATE completing them (every tenth missed, the rest answered and
 * completed). Far faster than three transactions per call, and the rows end up the same shape.
 */
export function fillCallLog(db: Database, repo: CallLogRepository, count: number, newestAt = Date.now()): void {
  const oldest = newestAt - 60_000 - (count - 1) * CALL_SPACING_MS;
  db.transaction(() => {
    for (let i = 0; i < count; i++) repo.recordRinging(sampleCall(oldest + i * CALL_SPACING_MS));
    db.prepare(
      `UPDATE calls SET
         answer_at = CASE WHEN rowid % 10 = 0 THEN NULL ELSE ring_at + 8000 END,
         end_at    = ring_at + CASE WHEN rowid % 10 = 0 THEN 25000 ELSE 180000 END,
         end_cause = CASE WHEN rowid % 10 = 0 THEN 'missed' ELSE 'completed' END,
         ended_by  = CASE WHEN rowid % 10 = 0 THEN 'system' ELSE 'remote' END,
         updated_at = ring_at + CASE WHEN rowid % 10 = 0 THEN 25000 ELSE 180000 END
       WHERE end_at IS NULL`,
    ).run();
  })();
}

/** Creates the workstation's database in `dataDir` holding `count` finished calls, then closes it. */
export function createFilledDataDir(dataDir: string, count: number): void {
  const db = openDatabase(path.join(dataDir, DATABASE_FILE), { appVersion: BENCH_APP_VERSION });
  try {
    fillCallLog(db, new CallLogRepository(db), count);
  } finally {
    db.close();
  }
}
