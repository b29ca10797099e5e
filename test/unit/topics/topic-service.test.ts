import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../src-main/contract';
import { silentLogger } from '../../../src-main/core/log';
import { CallLogRepository } from '../../../src-main/core/store/call-log';
import { TopicRepository } from '../../../src-main/core/store/call-topics';
import { openStore } from '../../../src-main/core/store/database';
import { OutboxRepository } from '../../../src-main/core/store/outbox';
import { TopicFolder } from '../../../src-main/core/topics/topic-folder';
import { TopicService, type TopicSettings } from '../../../src-main/core/topics/topic-service';
import { ManualClock } from '../../support/manual-clock';
import { tempDir } from '../../support/temp';

const HOUR = 3_600_000;
/** 09:00 local on a shift day: the files' times are the desk's local time. */
const SHIFT_START = new Date(2026, 4, 12, 9, 0).getTime();

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Desk {
  service: TopicService;
  notices: Message[];
  clock: ManualClock;
  callLog: CallLogRepository;
  outbox: OutboxRepository;
  stop(): void;
}

function desk(dataDir: string, options: { folder?: string | null; settings?: Partial<TopicSettings>; clock?: ManualClock } = {}): Desk {
  const clock = options.clock ?? new ManualClock(SHIFT_START);
  const store = openStore(path.join(dataDir, 'anlauf.sqlite'), { appVersion: 'test', logger: silentLogger }, clock.now());
  const outbox = new OutboxRepository(store.db);
  const notices: Message[] = [];
  const service = new TopicService({
    repo: new TopicRepository(store.db, outbox),
    clock,
    logger: silentLogger,
    settings: () => ({
      fromBackend: true,
      refreshMinutes: 5,
      openKeys: 'CommandOrControl+Shift',
      syncUrl: null,
      token: null,
      timeoutMs: 2000,
      clients: [
        { id: 'stadtwerke-nord', name: 'Stadtwerke Nord' },
        { id: 'moebelhaus', name: 'Möbelhaus Krause' },
      ],
      ...options.settings,
    }),
    get: (url, init) => fetch(url, init),
    notice: (said) => notices.push(said),
  });
  const folder = new TopicFolder(options.folder ?? null, silentLogger, (file, text, error) => service.fileChanged(file, text, error));
  service.start(() => folder.start());
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    folder.stop();
    service.stop();
    store.db.close();
  };
  cleanups.push(stop);
  return { service, notices, clock, callLog: new CallLogRepository(store.db, outbox), outbox, stop };
}

function topic(id: string, extra: string): string {
  return `  - id: ${id}\n    client: stadtwerke-nord\n    title: ${id} title\n    text: What we say about ${id}.\n${extra}`;
}

const titles = (d: Desk, campaign: string | null = 'support') => d.service.forCall({ client: 'stadtwerke-nord', campaign }).map((t) => t.id);

describe('validity windows during a shift', () => {
  it('a topic that starts at 11:00 appears then and one that ends at 12:00 disappears then, without a restart', () => {
    const folder = tempDir();
    fs.writeFileSync(
      path.join(folder, 'nord.yaml'),
      'topics:\n' +
        topic('outage-info', '    until: 2026-05-12T12:00\n') +
        topic('price-letter', '    from: 2026-05-12T11:00\n    priority: high\n') +
        topic('only-sales', '    campaigns: [sales]\n'),
    );
    const d = desk(tempDir(), { folder });
    let changes = 0;
    d.service.onDidChange(() => changes++);
    expect(titles(d)).toEqual(['outage-info']);
    d.clock.advance(2 * HOUR - 1);
    expect(titles(d)).toEqual(['outage-info']);
    d.clock.advance(1);
    // High priority first, then the newest.
    expect(titles(d)).toEqual(['price-letter', 'outage-info']);
    expect(d.service.view().active.map((t) => t.id)).toContain('price-letter');
    expect(changes).toBe(1);
    d.clock.advance(HOUR);
    expect(titles(d)).toEqual(['price-letter']);
    expect(changes).toBe(2);
    // Another campaign of the client sees its own topic; another client sees nothing.
    expect(titles(d, 'sales')).toEqual(['price-letter', 'only-sales']);
    expect(d.service.forCall({ client: 'moebelhaus', campaign: 'support' })).toEqual([]);
  });
});

describe('a topics file with problems', () => {
  it('is reported with its position while the last good version keeps showing, also after a restart', () => {
    const folder = tempDir();
    const file = path.join(folder, 'nord.yaml');
    fs.writeFileSync(file, 'topics:\n' + topic('price-letter', '    priority: high\n'));
    const dataDir = tempDir();
    const d = desk(dataDir, { folder });
    expect(d.service.view().active.map((t) => [t.id, t.version, t.text])).toEqual([['price-letter', 1, 'What we say about price-letter.']]);
    const broken = 'topics:\n' + topic('price-letter', '    priority: hihg\n    untill: 2026-06-30\n').replace('What we say', 'Changed');
    fs.writeFileSync(file, broken);
    d.service.fileChanged(file, broken);
    const problems = d.service.view().problems.map((p) => `${path.basename(p.file)}:${p.line}:${p.col}: ${p.message}`);
    expect(problems).toEqual([
      'nord.yaml:7:5: unknown field untill — did you mean until?',
      'nord.yaml:6:15: topic price-letter: priority hihg is unknown — did you mean high? (high or normal)',
    ]);
    expect(d.notices.at(-1)).toMatchObject({ key: 'topics.notLoaded', params: { file: 'nord.yaml' } });
    expect(String((d.notices.at(-1)?.params as { problems: string }).problems)).toContain('nord.yaml:7:5');
    // The last good version stays, text and version alike.
    expect(d.service.view().active.map((t) => [t.id, t.version, t.text])).toEqual([['price-letter', 1, 'What we say about price-letter.']]);
    d.stop();
    const again = desk(dataDir, { folder });
    expect(again.service.view().active.map((t) => [t.id, t.version, t.text])).toEqual([['price-letter', 1, 'What we say about price-letter.']]);
    expect(again.service.view().problems).toHaveLength(2);
    // Fixed: the new content is a new version.
    const fixed = broken.replace('hihg', 'high').replace('    untill: 2026-06-30\n', '');
    again.service.fileChanged(file, fixed);
    expect(again.service.view().active.map((t) => [t.version, t.text])).toEqual([[2, 'Changed about price-letter.']]);
    expect(again.service.view().problems).toEqual([]);
  });
});

describe('topics from the backend', () => {
  it('asks GET /v1/topics with the token and ETag, and a start with the backend down shows the cached answer', async () => {
    const seen: { auth?: string; ifNoneMatch?: string }[] = [];
    const body = JSON.stringify({
      topics: [{ id: 'storm', client: 'stadtwerke-nord', title: 'Storm damage', priority: 'normal', from: '2026-05-12', text: 'Repairs run until Friday.' }],
    });
    const server = http.createServer((req, res) => {
      seen.push({ auth: req.headers.authorization, ifNoneMatch: req.headers['if-none-match'] as string | undefined });
      if (req.url !== '/api/v1/topics') return void res.writeHead(404).end();
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    const dataDir = tempDir();
    const d = desk(dataDir, { settings: { syncUrl: url, token: 'secret-token' } });
    await d.service.refresh();
    expect(titles(d)).toEqual(['storm']);
    expect(d.service.view().active[0]?.source).toBe('backend');
    expect(seen[0]).toEqual({ auth: 'Bearer secret-token', ifNoneMatch: undefined });
    // Refreshed every refreshMinutes, with the ETag: unchanged stays as it was.
    d.clock.advance(5 * 60_000);
    await d.service.refresh();
    expect(seen.at(-1)?.ifNoneMatch).toBe('"v1"');
    expect(titles(d)).toEqual(['storm']);
    d.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const offline = desk(dataDir, { settings: { syncUrl: url, token: 'secret-token' } });
    await offline.service.refresh();
    expect(titles(offline)).toEqual(['storm']);
  });

  it('a topic in the folder wins over the backend with the same client and id, and the clash is reported', async () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'nord.yaml'), 'topics:\n' + topic('storm', ''));
    const server = http.createServer((_req, res) =>
      res.writeHead(200).end(JSON.stringify({ topics: [{ id: 'storm', client: 'stadtwerke-nord', title: 'From the backend', text: 'x' }] })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const d = desk(tempDir(), { folder, settings: { syncUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } });
    await d.service.refresh();
    expect(d.service.view().active.map((t) => [t.title, t.source])).toEqual([['storm title', 'folder']]);
    expect(d.service.view().problems.map((p) => p.message)).toEqual(['topic storm of client stadtwerke-nord is also in nord.yaml; that one is shown']);
  });
});

describe('a new high-priority topic', () => {
  it('is announced once when it arrives, and not again after a restart or for a new version', () => {
    const folder = tempDir();
    const file = path.join(folder, 'nord.yaml');
    fs.writeFileSync(file, 'topics:\n' + topic('normal-one', ''));
    const dataDir = tempDir();
    const d = desk(dataDir, { folder });
    expect(d.notices).toEqual([]);
    const withHigh = 'topics:\n' + topic('normal-one', '') + topic('price-letter', '    priority: high\n');
    fs.writeFileSync(file, withHigh);
    d.service.fileChanged(file, withHigh);
    expect(d.notices).toEqual([{ key: 'topics.newHighPriority', params: { title: 'price-letter title', client: 'Stadtwerke Nord' } }]);
    const edited = withHigh.replace('What we say about price-letter.', 'Corrected wording.');
    d.service.fileChanged(file, edited);
    expect(d.service.view().active.find((t) => t.id === 'price-letter')?.version).toBe(2);
    expect(d.notices).toHaveLength(1);
    d.stop();
    fs.writeFileSync(file, edited);
    const again = desk(dataDir, { folder });
    expect(again.notices).toEqual([]);
  });

  it('for a client this desk does not serve is not announced', () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'other.yaml'), 'topics:\n' + topic('x', '    priority: high\n'));
    const d = desk(tempDir(), { folder, settings: { clients: [{ id: 'moebelhaus', name: 'Möbelhaus Krause' }] } });
    // The file's client is unknown to these settings: refused as a problem, and so never announced.
    expect(d.notices.map((n) => n.key)).toEqual(['topics.notLoaded']);
  });
});

describe("a call's topics", () => {
  it('records which were shown and which the agent opened, in the call log and its outbox record', () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'nord.yaml'), 'topics:\n' + topic('outage-info', '') + topic('price-letter', '    priority: high\n'));
    const d = desk(tempDir(), { folder });
    const id = d.callLog.recordRinging({
      id: 'call-1',
      line: 'training',
      direction: 'inbound',
      remoteNumber: '+4940111',
      remoteName: null,
      dialedNumber: null,
      client: 'Stadtwerke Nord',
      campaign: 'Support',
      ivr: {},
      ringAt: d.clock.now(),
    }).id;
    d.service.callsChanged([{ id, client: 'stadtwerke-nord', campaign: 'support' }]);
    d.clock.advance(3000);
    d.service.open(id, 'outage-info');
    expect(d.service.view().opened).toEqual({ [id]: ['outage-info'] });
    expect(() => d.service.open(id, 'not-there')).toThrow(/not current for this call/);
    expect(d.callLog.get(id)?.topics).toEqual([
      { id: 'price-letter', client: 'stadtwerke-nord', version: 1, title: 'price-letter title', shownAt: SHIFT_START, openedAt: null },
      { id: 'outage-info', client: 'stadtwerke-nord', version: 1, title: 'outage-info title', shownAt: SHIFT_START, openedAt: SHIFT_START + 3000 },
    ]);
    const records = d.outbox.pending(100).filter((row) => row.topic === 'call.topics');
    expect(JSON.parse(records.at(-1)?.payload ?? '{}')).toMatchObject({
      callId: id,
      topics: [{ openedAt: null }, { id: 'outage-info', openedAt: SHIFT_START + 3000 }],
    });
  });
});
