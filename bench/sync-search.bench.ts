// Sync drain rate and call-log search over a million calls (the offline call log's figures).
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { silentLogger } from '../src-main/core/log';
import { systemClock } from '../src-main/core/clock';
import { CallLogRepository, type CallLogQuery } from '../src-main/core/store/call-log';
import { DATABASE_FILE, openDatabase } from '../src-main/core/store/database';
import { OutboxRepository } from '../src-main/core/store/outbox';
import { SyncAttemptLog } from '../src-main/core/store/sync-attempts';
import { SyncWorker } from '../src-main/core/sync/sync-worker';
import { SyncServer } from '../test/support/sync-server';
import { BENCH_APP_VERSION } from './fixtures';
import { goals, note, now, percentile, result, withTempDir, type BenchResult } from './harness';

const DRAIN_ROWS = 100_000;
const SEARCH_CALLS = 1_000_000;
const SEARCH_RUNS = 200;

export async function benchSyncSearch(): Promise<BenchResult[]> {
  return [...(await benchDrain()), ...(await benchSearch())];
}

async function benchDrain(): Promise<BenchResult[]> {
  return withTempDir('sync-drain', async (dir) => {
    const db = openDatabase(path.join(dir, DATABASE_FILE), { appVersion: BENCH_APP_VERSION });
    const server = new SyncServer();
    await server.listen();
    try {
      const insert = db.prepare('INSERT INTO outbox (id, topic, entity_id, payload, created_at) VALUES (?, ?, ?, ?, ?)');
      const call = {
        line: 'sip',
        direction: 'inbound',
        remoteNumber: '+49 40 3012 4477',
        remoteName: 'Erika Mustermann',
        dialedNumber: '+49 40 800 100',
        client: 'Stadtwerke Nord',
        campaign: 'Störung',
        ivr: { customerNumber: 'K-100234', concern: 'Stromausfall' },
        ringAt: 1,
        answerAt: 2,
        endAt: 3,
        endCause: 'completed',
        endedBy: 'agent',
        transferTarget: null,
      };
      const weekAgo = Date.now() - 7 * 86_400_000;
      db.transaction(() => {
        for (let i = 0; i < DRAIN_ROWS; i++) {
          const entity = uuidv7();
          insert.run(uuidv7(), 'call.ended', entity, JSON.stringify({ ...call, id: entity }), weekAgo + i * 6000);
        }
      })();
      const worker = new SyncWorker({
        outbox: new OutboxRepository(db),
        attempts: new SyncAttemptLog(db),
        settings: () => ({ url: server.url, token: server.token, batchSize: 500, timeoutMs: 30_000, retryBaseMs: 1000, retryCapMs: 10_000 }),
        post: (url, init) => fetch(url, init),
        clock: systemClock,
        logger: silentLogger,
      });
      const started = now();
      const view = await worker.syncNow();
      const seconds = (now() - started) / 1000;
      if (view.pending !== 0 || server.stored.size !== DRAIN_ROWS) throw new Error(`drain left ${view.pending} rows; the server stored ${server.stored.size}`);
      note(`drained ${DRAIN_ROWS} rows in ${seconds.toFixed(2)} s (batches of 500) to a loopback HTTP server`);
      return [result('sync drain of 100 000 outbox rows to a loopback backend', DRAIN_ROWS / seconds, 'rows/s', goals.atLeast(5000, 'rows/s'), 0)];
    } finally {
      await server.close();
      db.close();
    }
  });
}

async function benchSearch(): Promise<BenchResult[]> {
  return withTempDir('calllog-search', (dir) => {
    const db = openDatabase(path.join(dir, DATABASE_FILE), { appVersion: BENCH_APP_VERSION });
    try {
      const T0 = Date.UTC(2024, 0, 1);
      const started = now();
      // A million calls over two years, written by SQLite itself (the repository path is what the
      // write benchmark measures; here only the reading side counts).
      db.exec(`
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${SEARCH_CALLS - 1})
        INSERT INTO calls (id, line, direction, remote_number, remote_name, dialed_number, client, campaign, ivr_json,
                           customer_number, ring_at, answer_at, end_at, end_cause, ended_by, updated_at)
        SELECT printf('c%08d', i), 'sip', CASE WHEN i % 7 = 0 THEN 'outbound' ELSE 'inbound' END,
               printf('+49 %d %d', 30 + i % 60, 10000000 + (i * 7919) % 90000000),
               CASE i % 6 WHEN 0 THEN 'Erika Mustermann' WHEN 1 THEN 'Max Huber' WHEN 2 THEN 'Jana Schulz'
                          WHEN 3 THEN 'Ali Yilmaz' WHEN 4 THEN 'Anna Nowak' ELSE NULL END,
               '+49 40 800 100',
               CASE i % 5 WHEN 0 THEN 'Stadtwerke Nord' WHEN 1 THEN 'Alpenfunk Mobil' WHEN 2 THEN 'Hauptstadt Versicherung'
                          WHEN 3 THEN 'Nordlicht Energie' ELSE 'Rheinbahn Service' END,
               printf('Kampagne %d', i % 20), '{}', printf('K-%d', 100000 + i % 500000),
               ${T0} + i * 60000, ${T0} + i * 60000 + 8000, ${T0} + i * 60000 + 180000, 'completed', 'agent', ${T0} + i * 60000
        FROM n;
      `);
      const log = new CallLogRepository(db);
      const indexed = log.indexForSearch();
      note(`filled ${SEARCH_CALLS} calls and indexed ${indexed} for search in ${((now() - started) / 1000).toFixed(1)} s`);

      const minute = 60_000;
      const queries: [string, Omit<CallLogQuery, 'limit'>][] = [
        ['part of a number', { text: '3012 4477' }],
        ['a number typed nationally', { text: '030 1234' }],
        ['a customer name (1 call in 6)', { text: 'Mustermann' }],
        ['a customer number', { text: 'K-123456' }],
        ['client and a month', { client: 'Nordlicht Energie', from: T0 + 200_000 * minute, to: T0 + 243_200 * minute }],
        ['name within a week', { text: 'Huber', from: T0 + 100_000 * minute, to: T0 + 110_080 * minute }],
        ['a day, outbound only', { direction: 'outbound', from: T0 + 500_000 * minute, to: T0 + 501_440 * minute }],
        ['nothing matches', { text: 'Zebrastreifen' }],
      ];
      const rows: BenchResult[] = [];
      let worst = 0;
      for (const [label, query] of queries) {
        const times: number[] = [];
        for (let r = 0; r < SEARCH_RUNS; r++) {
          const t = now();
          log.search({ ...query, limit: 100 });
          times.push(now() - t);
        }
        const p99 = percentile(times, 99);
        worst = Math.max(worst, p99);
        rows.push(result(`call-log search over 1 000 000 calls: ${label} p99`, p99, 'ms', goals.none(), 2));
      }
      return [result('call-log search over 1 000 000 calls: worst p99 of 8 queries', worst, 'ms', goals.below(20, 'ms'), 2), ...rows];
    } finally {
      db.close();
    }
  });
}
