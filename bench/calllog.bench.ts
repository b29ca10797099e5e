// The call log: durable write rate (three transactions per call, each flushed to disk) against
// the disk's raw durable transaction rate, and page reads from a 100 000-call log.
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { CallLogRepository } from '../src-main/core/store/call-log';
import { DATABASE_FILE, openDatabase } from '../src-main/core/store/database';
import { BENCH_APP_VERSION, fillCallLog, sampleCall } from './fixtures';
import { goals, note, now, percentile, result, runFor, sample, warnIfNotOnDisk, withTempDir, type BenchResult } from './harness';

/** Total time for each side of the write comparison, split into alternating slices. */
const WRITE_MS = 6_000;
const WRITE_SLICES = 12;
const READ_CALLS = 100_000;
const READ_RUNS = 1_000;
const PAGE = 100;

export async function benchCallLog(): Promise<BenchResult[]> {
  return [...(await benchWrites()), ...(await benchReads())];
}

async function benchWrites(): Promise<BenchResult[]> {
  return withTempDir('calllog-write', (dir) => {
    warnIfNotOnDisk(dir);
    const db = openDatabase(path.join(dir, DATABASE_FILE), { appVersion: BENCH_APP_VERSION });
    const raw = openRawDatabase(path.join(dir, 'raw.sqlite'));
    try {
      const repo = new CallLogRepository(db);
      const insertRaw = raw.prepare(`
        INSERT INTO raw_calls (id, line, direction, remote_number, remote_name, dialed_number, client, campaign,
                               ivr_json, sip_call_id, ring_at, updated_at)
        VALUES (@id, @line, @direction, @remoteNumber, @remoteName, @dialedNumber, @client, @campaign,
                @ivrJson, @sipCallId, @ringAt, @ringAt)`);

      // One call: rings, is answered 8 s later, ends 3 min later. Three durable transactions.
      const oneCall = () => {
        const call = sampleCall(Date.now());
        repo.recordRinging(call);
        repo.recordAnswered(call.id, call.ringAt + 8_000);
        repo.recordEnded(call.id, call.ringAt + 180_000, 'completed', 'remote');
      };
      // One bare autocommit INSERT of a similar row: one durable transaction.
      const oneRawInsert = () => {
        const call = sampleCall(Date.now());
        insertRaw.run({ ...call, id: uuidv7(), ivrJson: JSON.stringify(call.ivr), sipCallId: call.sipCallId ?? null });
      };

      // Alternate the two in slices, so a change in the disk's speed during the run hits both.
      let calls = 0;
      let callMs = 0;
      let rawTx = 0;
      let rawMs = 0;
      const sliceMs = WRITE_MS / WRITE_SLICES;
      for (let i = 0; i < WRITE_SLICES; i++) {
        const r = runFor(sliceMs, oneRawInsert);
        rawTx += r.count;
        rawMs += r.elapsedMs;
        const c = runFor(sliceMs, oneCall);
        calls += c.count;
        callMs += c.elapsedMs;
      }
      const callsPerSecond = (calls * 1000) / callMs;
      const rawPerSecond = (rawTx * 1000) / rawMs;
      note(`call-log writes: ${calls} calls (${calls * 3} transactions) in ${Math.round(callMs)} ms; raw: ${rawTx} inserts in ${Math.round(rawMs)} ms`);
      if (repo.count() !== calls) throw new Error(`the call log holds ${repo.count()} calls, expected ${calls}`);

      return [
        result('call-log durable writes', callsPerSecond, 'calls/s', goals.atLeast(100, 'calls/s'), 1),
        result('raw durable transactions (bare INSERT, WAL, FULL)', rawPerSecond, 'durable transactions/s', goals.none(), 1),
        result('call-log write rate vs raw', (callsPerSecond * 3) / rawPerSecond, 'ratio', goals.atLeast(0.8), 2),
      ];
    } finally {
      raw.close();
      db.close();
    }
  });
}

/** A plain database on the same disk with the workstation's pragmas, and a calls-like table. */
function openRawDatabase(file: string): Database {
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec(`
    CREATE TABLE raw_calls (
      id TEXT PRIMARY KEY, line TEXT NOT NULL, direction TEXT NOT NULL, remote_number TEXT NOT NULL,
      remote_name TEXT, dialed_number TEXT, client TEXT, campaign TEXT, ivr_json TEXT NOT NULL,
      sip_call_id TEXT, ring_at INTEGER NOT NULL, answer_at INTEGER, end_at INTEGER, end_cause TEXT,
      ended_by TEXT, updated_at INTEGER NOT NULL
    ) STRICT`);
  return raw;
}

async function benchReads(): Promise<BenchResult[]> {
  return withTempDir('calllog-read', (dir) => {
    const file = path.join(dir, DATABASE_FILE);
    const started = now();
    const fillDb = openDatabase(file, { appVersion: BENCH_APP_VERSION });
    try {
      fillCallLog(fillDb, new CallLogRepository(fillDb), READ_CALLS);
    } finally {
      fillDb.close();
    }
    note(`filled ${READ_CALLS} calls in ${Math.round(now() - started)} ms`);

    // Read the way the app does: a fresh connection to the finished file.
    const db = openDatabase(file, { appVersion: BENCH_APP_VERSION });
    try {
      const repo = new CallLogRepository(db);
      if (repo.count() !== READ_CALLS) throw new Error(`the call log holds ${repo.count()} calls, expected ${READ_CALLS}`);

      const first = sample(READ_RUNS, () => expectPage(repo.list({ limit: PAGE }).length));

      const middle = db.prepare('SELECT ring_at AS ringAt, id FROM calls ORDER BY ring_at DESC, id DESC LIMIT 1 OFFSET ?').get(READ_CALLS / 2) as {
        ringAt: number;
        id: string;
      };
      const deepPage = repo.list({ limit: PAGE, before: middle });
      if (deepPage.some((entry) => entry.ringAt > middle.ringAt)) throw new Error('the deep page holds calls newer than its cursor');
      const deep = sample(READ_RUNS, () => expectPage(repo.list({ limit: PAGE, before: middle }).length));

      const plan = db
        .prepare('EXPLAIN QUERY PLAN SELECT * FROM calls WHERE (ring_at, id) < (?, ?) ORDER BY ring_at DESC, id DESC LIMIT 100')
        .all(middle.ringAt, middle.id) as { detail: string }[];
      note(`deep page query plan: ${plan.map((row) => row.detail).join('; ')}`);

      const goal = goals.below(5, 'ms');
      return [
        result('call-log first page read (100 of 100 000) p50', percentile(first, 50), 'ms', goals.none(), 3),
        result('call-log first page read (100 of 100 000) p99', percentile(first, 99), 'ms', goal, 3),
        result('call-log deep keyset page read (100 of 100 000, from the middle) p50', percentile(deep, 50), 'ms', goals.none(), 3),
        result('call-log deep keyset page read (100 of 100 000, from the middle) p99', percentile(deep, 99), 'ms', goal, 3),
      ];
    } finally {
      db.close();
    }
  });
}

function expectPage(length: number): void {
  if (length !== PAGE) throw new Error(`a page held ${length} calls, expected ${PAGE}`);
}
