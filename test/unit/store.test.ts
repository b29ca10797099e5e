import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AgentLogRepository } from '../../src-main/core/store/agent-log';
import { CallLogRepository } from '../../src-main/core/store/call-log';
import { openDatabase, SchemaTooNewError } from '../../src-main/core/store/database';
import { LATEST_SCHEMA_VERSION, type Migration } from '../../src-main/core/store/migrations';
import { OutboxRepository } from '../../src-main/core/store/outbox';
import { tempDir } from '../support/temp';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function newCall(id: string, ringAt: number) {
  return {
    id,
    line: 'training' as const,
    direction: 'inbound' as const,
    remoteNumber: '+49 40 1234',
    remoteName: 'Erika',
    dialedNumber: '+49 40 800',
    client: 'Stadtwerke Nord',
    campaign: 'Störung',
    ivr: { client: 'Stadtwerke Nord', concern: 'Stromausfall' },
    ringAt,
  };
}

describe('database', () => {
  it('creates a new file with WAL, synchronous=FULL and the latest schema', () => {
    const file = path.join(tempDir(), 'a', 'anlauf.sqlite');
    const db = openDatabase(file, { appVersion: '1.2.3' });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['calls', 'outbox', 'meta']));
    expect(db.prepare("SELECT value FROM meta WHERE key='written_by'").pluck().get()).toBe('Anlauf 1.2.3');
    db.close();
  });

  it('applies only the migrations a file is missing, each once', () => {
    const file = path.join(tempDir(), 'anlauf.sqlite');
    const applied: number[] = [];
    const steps: Migration[] = [
      { version: 1, name: 'one', up: (db) => (applied.push(1), db.exec('CREATE TABLE one (x INTEGER)')) },
      { version: 2, name: 'two', up: (db) => (applied.push(2), db.exec('CREATE TABLE two (x INTEGER)')) },
    ];
    openDatabase(file, { appVersion: 't', migrations: steps.slice(0, 1) }).close();
    expect(applied).toEqual([1]);
    const db = openDatabase(file, { appVersion: 't', migrations: steps });
    expect(applied).toEqual([1, 2]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
    openDatabase(file, { appVersion: 't', migrations: steps }).close();
    expect(applied).toEqual([1, 2]);
  });

  it('rolls a failing migration back completely', () => {
    const file = path.join(tempDir(), 'anlauf.sqlite');
    const broken: Migration[] = [
      { version: 1, name: 'ok', up: (db) => db.exec('CREATE TABLE kept (x INTEGER)') },
      { version: 2, name: 'bad', up: (db) => (db.exec('CREATE TABLE half (x INTEGER)'), db.exec('NOT SQL')) },
    ];
    expect(() => openDatabase(file, { appVersion: 't', migrations: broken })).toThrow();
    const db = new BetterSqlite3(file);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('kept','half')").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database written by a newer version, with a clear message, and leaves it untouched', () => {
    const file = path.join(tempDir(), 'anlauf.sqlite');
    openDatabase(file, { appVersion: '9.0.0' }).close();
    const raw = new BetterSqlite3(file);
    raw.pragma('user_version = 42');
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = sha(file);
    let error: unknown;
    try {
      openDatabase(file, { appVersion: '1.0.0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as Error).message).toContain('newer Anlauf (Anlauf 9.0.0)');
    expect((error as Error).message).toContain(`schema 42; this Anlauf understands schema ${LATEST_SCHEMA_VERSION}`);
    expect(sha(file)).toBe(before);
  });
});

describe('call log', () => {
  it('records a call from ring to end, with an outbox row per step in the same transaction', () => {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 't' });
    const log = new CallLogRepository(db);
    log.recordRinging(newCall('c1', 1000));
    log.recordAnswered('c1', 4000);
    const done = log.recordEnded('c1', 64000, 'completed', 'agent');
    expect(done).toMatchObject({ ringAt: 1000, answerAt: 4000, endAt: 64000, endCause: 'completed', endedBy: 'agent', client: 'Stadtwerke Nord' });
    expect(done.ivr).toEqual({ client: 'Stadtwerke Nord', concern: 'Stromausfall' });
    const topics = db.prepare('SELECT topic FROM outbox ORDER BY id').pluck().all();
    expect(topics).toEqual(['call.ringing', 'call.answered', 'call.ended']);
    expect(new OutboxRepository(db).stats().pending).toBe(3);
    db.close();
  });

  it('never rewrites an ended call (a late answer or second end is ignored)', () => {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 't' });
    const log = new CallLogRepository(db);
    log.recordRinging(newCall('c1', 1000));
    log.recordEnded('c1', 2000, 'missed', 'remote');
    log.recordAnswered('c1', 3000);
    const again = log.recordEnded('c1', 5000, 'completed', 'agent');
    expect(again).toMatchObject({ answerAt: null, endAt: 2000, endCause: 'missed', endedBy: 'remote' });
    db.close();
  });

  it('pages newest first with a keyset that is stable for calls ringing in the same millisecond', () => {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 't' });
    const log = new CallLogRepository(db);
    for (let i = 0; i < 25; i++) log.recordRinging(newCall(`id-${String(i).padStart(2, '0')}`, 1000 + Math.floor(i / 2)));
    const seen: string[] = [];
    let before: { ringAt: number; id: string } | undefined;
    for (;;) {
      const page = log.list({ limit: 7, before });
      if (page.length === 0) break;
      seen.push(...page.map((entry) => entry.id));
      const last = page.at(-1)!;
      before = { ringAt: last.ringAt, id: last.id };
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen[0]).toBe('id-24');
    expect(seen.at(-1)).toBe('id-00');
    expect(log.count()).toBe(25);
    expect([...log.iterateAll()].map((entry) => entry.id)).toEqual(seen);
    db.close();
  });
});

describe('damaged and full storage', () => {
  it('sets a corrupt database aside (kept, renamed with a timestamp) and starts a new one', async () => {
    const { openStore } = await import('../../src-main/core/store/database');
    const dir = tempDir();
    const file = path.join(dir, 'anlauf.sqlite');
    const garbage = crypto.randomBytes(64 * 1024);
    fs.writeFileSync(file, garbage);
    const { db, setAside } = openStore(file, { appVersion: 't' }, Date.UTC(2026, 10, 26, 8, 30, 0));
    expect(setAside).toBe(`${file}.corrupt-2026-11-26T08-30-00-000Z`);
    expect(fs.readFileSync(setAside!)).toEqual(garbage);
    new CallLogRepository(db).recordRinging(newCall('after', 1));
    expect(new CallLogRepository(db).count()).toBe(1);
    db.close();
  });

  it('sets aside a database whose pages are damaged, not only its header', async () => {
    const { openStore } = await import('../../src-main/core/store/database');
    const file = path.join(tempDir(), 'anlauf.sqlite');
    const first = openDatabase(file, { appVersion: 't' });
    const log = new CallLogRepository(first);
    for (let i = 0; i < 500; i++) log.recordRinging(newCall(`c${i}`, i));
    first.pragma('wal_checkpoint(TRUNCATE)');
    first.close();
    const bytes = fs.readFileSync(file);
    // Overwrite the schema page after the 100-byte header.
    crypto.randomFillSync(bytes, 100, 3900);
    fs.writeFileSync(file, bytes);
    const { db, setAside } = openStore(file, { appVersion: 't' }, Date.now());
    expect(setAside).not.toBeNull();
    expect(fs.existsSync(setAside!)).toBe(true);
    db.close();
  });

  it('a full disk refuses the write with SQLITE_FULL and loses nothing already stored', async () => {
    const { isStorageFull } = await import('../../src-main/core/store/database');
    const file = path.join(tempDir(), 'anlauf.sqlite');
    const db = openDatabase(file, { appVersion: 't' });
    const log = new CallLogRepository(db);
    log.recordRinging(newCall('kept', 1));
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 2}`);
    let error: unknown;
    try {
      for (let i = 0; i < 1000; i++) log.recordRinging({ ...newCall(`big${i}`, i + 10), ivr: { concern: 'x'.repeat(200) } });
    } catch (caught) {
      error = caught;
    }
    expect(isStorageFull(error)).toBe(true);
    expect(log.get('kept')).toMatchObject({ id: 'kept' });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Every stored call has its outbox record: the refused write left no half behind.
    expect(db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(log.count());
    db.close();
  });
});

describe('the outbox writer', () => {
  const outboxRows = (db: BetterSqlite3.Database) => db.prepare('SELECT topic, entity_id AS entityId, payload, created_at AS at FROM outbox ORDER BY id').all();

  it("writes its row as part of the caller's transaction", () => {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 't' });
    const outbox = new OutboxRepository(db);
    const id = db.transaction(() => outbox.enqueue('callback', 'cb1', { id: 'cb1', state: 'open' }, 5000))();
    expect(outboxRows(db)).toEqual([{ topic: 'callback', entityId: 'cb1', payload: '{"id":"cb1","state":"open"}', at: 5000 }]);
    expect(outbox.pending(10).map((row) => row.id)).toEqual([id]);
    db.close();
  });

  it('leaves no row when the write it belongs to fails', () => {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 't' });
    const outbox = new OutboxRepository(db);
    const insertState = db.prepare("INSERT INTO agent_states (id, state, previous, at) VALUES ('s1', 'ready', NULL, 1)");
    insertState.run();
    // The row is queued first, then the caller's own write fails (the id is taken): both go.
    const write = db.transaction(() => {
      outbox.enqueue('agent.state', 's1', { id: 's1' }, 2);
      insertState.run();
    });
    expect(write).toThrow(/UNIQUE/);
    expect(outboxRows(db)).toEqual([]);
    expect(outbox.stats().pending).toBe(0);
    db.close();
  });

  it("keeps a repository's change out when its outbox row cannot be written", () => {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 't' });
    db.exec("CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox refused'); END");
    const agentLog = new AgentLogRepository(db);
    expect(() => agentLog.recordChange('ready', null, 1000)).toThrow('outbox refused');
    expect(agentLog.recent()).toEqual([]);
    const calls = new CallLogRepository(db);
    expect(() => calls.recordRinging(newCall('c1', 1000))).toThrow('outbox refused');
    expect(calls.count()).toBe(0);
    db.close();
  });

  it('refuses to write outside a transaction, where its row would commit alone', () => {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 't' });
    const outbox = new OutboxRepository(db);
    expect(() => outbox.enqueue('callback', 'cb1', {}, 1)).toThrow('must be written inside the transaction of its change');
    expect(outboxRows(db)).toEqual([]);
    db.close();
  });
});
