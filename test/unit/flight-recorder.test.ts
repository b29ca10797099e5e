import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { silentLogger } from '../../src-main/core/log';
import { openDatabase } from '../../src-main/core/store/database';
import { LATEST_SCHEMA_VERSION, migrations } from '../../src-main/core/store/migrations';
import { CALL_LIMITS, FlightRecorder, type SavedRecording } from '../../src-main/core/recorder/flight-recorder';
import { redactSip } from '../../src-main/core/recorder/sip-redact';
import { BW, blackwire3220, FakeHidPort } from '../support/fake-hid';
import { ManualClock } from '../support/manual-clock';
import { tempDir } from '../support/temp';
import { flush, makeWorkstation } from '../support/workstation';

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await flush();
  expect(condition()).toBe(true);
}

/** A SIP message of about `size` bytes that belongs to `callId`. */
function sipMessage(callId: string, n: number, size = 900): string {
  return [`INFO sip:agent@anlauf.test SIP/2.0`, `Call-ID: ${callId}`, `CSeq: ${n} INFO`, `X-Pad: ${'x'.repeat(size)}`, 'Content-Length: 0', '', ''].join(
    '\r\n',
  );
}

describe('every call keeps a flight recorder', () => {
  it('a long call keeps within its bound, newest entries kept, and the report says how many were dropped', async () => {
    const { ws, clock, dataDir } = makeWorkstation();
    await ws.start();
    const callId = ws.training.placeTrainingCall({});
    await ws.phone.answer(callId);
    await flush();
    // An hour of per-second quality samples and a storm of SIP: far more than the bound holds.
    for (let second = 0; second < 3600; second++) {
      clock.advance(1000);
      ws.recorder.note(callId, 'stats', { second, rttMs: 40, jitterMs: 3, packetsLost: 0, audioLevel: 0.2 });
    }
    await ws.phone.hangup(callId);
    await flush();

    const row = ws.db.prepare('SELECT entries_json, dropped, bytes FROM call_recordings WHERE call_id = ?').get(callId) as {
      entries_json: string;
      dropped: number;
      bytes: number;
    };
    expect(Buffer.byteLength(row.entries_json)).toBe(row.bytes);
    expect(row.bytes).toBeLessThanOrEqual(CALL_LIMITS.maxBytes);
    expect(row.dropped).toBeGreaterThan(0);
    const entries = JSON.parse(row.entries_json) as { kind: string; data: { second?: number; state?: string } }[];
    // Oldest dropped first: the call's end is there, the first samples are not.
    expect(entries.at(-1)).toMatchObject({ kind: 'call', data: { state: 'ended' } });
    expect(entries.some((e) => e.kind === 'stats' && e.data.second === 3599)).toBe(true);
    expect(entries.some((e) => e.kind === 'stats' && e.data.second === 0)).toBe(false);

    const report = await new Dispatcher(ws).handle('callLog:reportProblem', { callId, note: 'Kunde hörte mich zeitweise nicht' });
    expect(report.ok).toBe(true);
    const { path: file } = (report as { ok: true; result: { path: string } }).result;
    expect(file.startsWith(`${dataDir}/reports/`)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      note: string;
      recorder: { dropped: number; bytes: number; bound: { maxBytes: number }; entries: unknown[] };
    };
    expect(parsed.note).toBe('Kunde hörte mich zeitweise nicht');
    expect(parsed.recorder.dropped).toBe(row.dropped);
    expect(parsed.recorder.bytes).toBeLessThanOrEqual(parsed.recorder.bound.maxBytes);
    await ws.stop();
  });

  it("a call's recorder holds the headset's plugging and buttons, the line's state and the call's own changes", async () => {
    const port = new FakeHidPort();
    const { ws } = makeWorkstation({ hid: port });
    const headset = blackwire3220();
    port.plug(headset);
    await ws.start();
    await waitUntil(() => ws.headsets!.view().length === 1);
    headset.send(BW.idle);
    const callId = ws.training.placeTrainingCall({});
    await flush();
    headset.send(BW.offHook); // the hook switch answers
    await waitUntil(() => ws.phone.currentCalls()[0]?.state === 'active');
    headset.send(BW.offHookMute);
    await waitUntil(() => ws.phone.currentCalls()[0]?.muted === true);
    await ws.phone.hangup(callId);
    await flush();
    const entries = ws.recorder.recording(callId)!.entries;
    const headsetRequests = entries.filter((e) => e.kind === 'headset').map((e) => (e.data as { request?: string }).request);
    expect(headsetRequests).toEqual(['answer', 'toggleMute']);
    expect(entries.filter((e) => e.kind === 'call').map((e) => e.data)).toEqual(
      expect.arrayContaining([expect.objectContaining({ state: 'active', muted: true }), expect.objectContaining({ state: 'ended', endedBy: 'agent' })]),
    );
    // Plugged before the call: the line's record has it, with the line's state.
    const line = ws.recorder.lineRecording().entries;
    expect(line.some((e) => e.kind === 'headset' && JSON.stringify(e.data).includes('Blackwire 3220'))).toBe(true);
    expect(line.some((e) => e.kind === 'line')).toBe(true);
    await ws.stop();
  });

  it('a call in progress is saved every 30 seconds, so a crash keeps most of it', async () => {
    const { ws, clock } = makeWorkstation();
    await ws.start();
    const callId = ws.training.placeTrainingCall({});
    await ws.phone.answer(callId);
    await flush();
    ws.recorder.note(callId, 'stats', { second: 1 });
    clock.advance(30_000);
    const row = ws.db.prepare('SELECT entries_json FROM call_recordings WHERE call_id = ?').get(callId) as { entries_json: string } | undefined;
    expect(row?.entries_json).toContain('"second":1');
    await ws.stop();
  });

  it('SIP messages go to their call by Call-ID, those before the call began included; others stay with the line', () => {
    const saved = new Map<string, SavedRecording>();
    const recorder = new FlightRecorder({
      clock: new ManualClock(),
      logger: silentLogger,
      store: { save: (id, r) => saved.set(id, r), load: () => null },
      secrets: () => [],
    });
    recorder.sip('out', sipMessage('register-1@x', 1, 10).replace('INFO', 'REGISTER'));
    recorder.sip('in', sipMessage('call-1@x', 1, 10));
    recorder.begin('call-A', 'call-1@x');
    recorder.sip('out', sipMessage('call-1@x', 2, 10));
    const sips = recorder.recording('call-A')!.entries.filter((e) => e.kind === 'sip');
    expect(sips.map((e) => e.dir)).toEqual(['in', 'out']);
    expect(recorder.lineRecording().entries.map((e) => String(e.data).split(' ')[0])).toEqual(['REGISTER']);
    recorder.end('call-A');
    expect(JSON.parse(saved.get('call-A')!.entriesJson)).toHaveLength(2);
  });

  it("a call's recording is deleted with the call by retention", async () => {
    const dir = tempDir();
    const configFile = path.join(dir, 'anlauf.json');
    fs.writeFileSync(configFile, JSON.stringify({ callLog: { retentionDays: 1 } }));
    const { ws, clock } = makeWorkstation({ dataDir: dir, configFile });
    await ws.start();
    const callId = ws.training.placeTrainingCall({});
    await ws.phone.answer(callId);
    await ws.phone.hangup(callId);
    await flush();
    const count = () => (ws.db.prepare('SELECT COUNT(*) AS n FROM call_recordings WHERE call_id = ?').get(callId) as { n: number }).n;
    expect(count()).toBe(1);
    ws.db.prepare('DELETE FROM outbox').run();
    clock.advance(2 * 86_400_000);
    ws.retention.run();
    expect(count()).toBe(0);
    await ws.stop();
  });
});

describe('migration 13', () => {
  it('a call log of schema 11 gets call_recordings (the runner skips the 12 it may not have)', () => {
    const file = path.join(tempDir(), 'anlauf.sqlite');
    openDatabase(file, { appVersion: 'old', migrations: migrations.filter((m) => m.version <= 11) }).close();
    const db = openDatabase(file, { appVersion: 'new' });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'call_recordings'").get()).toBeDefined();
    db.close();
  });
});

describe('what a recorded SIP message keeps', () => {
  it('digest nonces, responses and cnonces are taken out, and any configured secret; the rest stays', () => {
    const message = [
      'INVITE sip:customer@anlauf.test SIP/2.0',
      'Call-ID: abc@x',
      'Proxy-Authorization: Digest algorithm=MD5, username="agent7", realm="anlauf.test", nonce="Zk1xYWJjZGVm", uri="sip:customer@anlauf.test",',
      ' response="0123456789abcdef0123456789abcdef", qop=auth, cnonce="q8r9s7", nc=00000001',
      'X-Note: password is secret-pw-7',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const out = redactSip(message, ['secret-pw-7']);
    expect(out).not.toContain('Zk1xYWJjZGVm');
    expect(out).not.toContain('0123456789abcdef');
    expect(out).not.toContain('q8r9s7');
    expect(out).not.toContain('secret-pw-7');
    expect(out).toContain('username="agent7"');
    expect(out).toContain('realm="anlauf.test"');
    expect(out).toContain('Call-ID: abc@x');
    const challenge = redactSip(
      'SIP/2.0 407 Proxy Authentication Required\r\nProxy-Authenticate: Digest realm="anlauf.test", nonce="Y2hhbGxlbmdl", opaque="o1"\r\n\r\n',
      [],
    );
    expect(challenge).not.toContain('Y2hhbGxlbmdl');
    expect(challenge).not.toContain('"o1"');
  });
});
