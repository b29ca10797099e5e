import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, FAKE_DEVICES, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

// A call's flight recorder, through a real Kamailio that challenges the agent's REGISTER and INVITE
// (digest auth), with the customer a JsSIP peer with real WebRTC.

let kamailio: Kamailio;
let customer: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio();
  customer = await FarEnd.start({ kamailio, user: 'customer', toneHz: 440 });
}, 30_000);
afterAll(async () => {
  await customer?.stop();
  await kamailio?.stop();
});

let ws: Workstation;
let media: WrtcMediaEnd;
afterEach(async () => {
  for (const call of customer.calls) call.terminateQuietly();
  await ws?.stop();
  media?.close();
});

interface ReportFile {
  note: string;
  call: { id: string; sipCallId: string | null };
  recorder: { dropped: number; entries: { kind: string; dir?: 'in' | 'out'; data: unknown }[] };
  line: { entries: { kind: string; dir?: 'in' | 'out'; data: unknown }[] };
}

const firstLine = (message: string) => message.slice(0, message.indexOf('\r\n'));
const header = (message: string, name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(message)?.[1] ?? '';

describe("a SIP call's flight recorder", () => {
  it("holds its INVITE, 200 OK, re-INVITEs and BYE with no password, nonce or digest response, its media states and a device plugged in; the report file has it all and the agent's note", async () => {
    const dataDir = tempDir();
    const config = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' } }));
    ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
    media = createWrtcMediaEnd(660);
    ws.media.attach(media.channel);
    await ws.start();
    await waitFor('agent registered', () => ws.snapshot().line.status === 'registered', 5000);

    // The agent calls the customer: Kamailio answers the INVITE 407, JsSIP sends it again with credentials.
    const callId = await ws.dialing.dial('customer');
    const atCustomer = await customer.waitForIncoming();
    await atCustomer.answer();
    await waitFor('call active', () => ws.snapshot().calls.some((c) => c.id === callId && c.state === 'active'), 10_000);
    await ws.phone.hold(callId);
    await ws.phone.resume(callId);
    // A USB speakerphone plugged in during the call.
    await media.setDevices([...FAKE_DEVICES, { deviceId: 'usb-speakerphone', kind: 'audioinput', label: 'USB Speakerphone', groupId: 'usb' }]);
    await waitFor('the device change recorded', () =>
      JSON.stringify(ws.recorder.recording(callId)?.entries.filter((e) => e.kind === 'device')).includes('USB Speakerphone'),
    );
    await ws.phone.hangup(callId);
    await atCustomer.waitForEnd();
    await waitFor('call ended', () => ws.snapshot().calls.length === 0);

    const answer = await new Dispatcher(ws).handle('callLog:reportProblem', { callId, note: 'Customer could not hear me after hold' });
    if (!answer.ok) throw new Error(answer.error.message);
    const { path: file } = answer.result as { path: string };
    expect(path.dirname(file)).toBe(path.join(dataDir, 'reports'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    const report = JSON.parse(text) as ReportFile;
    expect(report.note).toBe('Customer could not hear me after hold');
    expect(report.call.id).toBe(callId);

    const sip = report.recorder.entries.filter((e) => e.kind === 'sip').map((e) => ({ dir: e.dir, message: e.data as string }));
    // Every message is this call's: the same Call-ID throughout.
    expect(new Set(sip.map((m) => header(m.message, 'Call-ID')))).toEqual(new Set([report.call.sipCallId]));
    const lines = sip.map((m) => `${m.dir} ${firstLine(m.message)} ${header(m.message, 'CSeq')}`);
    const invites = sip.filter((m) => m.dir === 'out' && /^INVITE /.test(m.message));
    // The first INVITE, the INVITE with credentials after the 407, and the re-INVITEs of hold and resume (in the dialog: a To tag).
    expect(invites.length).toBeGreaterThanOrEqual(4);
    expect(invites.filter((m) => /;\s*tag=/i.test(header(m.message, 'To')))).toHaveLength(2);
    expect(lines.some((l) => /^in SIP\/2\.0 407 /.test(l))).toBe(true);
    expect(lines.filter((l) => /^in SIP\/2\.0 200 .* INVITE$/.test(l)).length).toBeGreaterThanOrEqual(3);
    expect(lines.some((l) => /^out BYE /.test(l))).toBe(true);
    expect(lines.some((l) => /^out ACK /.test(l))).toBe(true);

    // Credentials: the INVITE carried Proxy-Authorization, the 407 a challenge; their secrets are gone.
    const authorized = invites.find((m) => /^Proxy-Authorization:/im.test(m.message));
    expect(authorized).toBeDefined();
    expect(header(authorized!.message, 'Proxy-Authorization')).toMatch(/username="agent7"/);
    const everySip = [...report.recorder.entries, ...report.line.entries].filter((e) => e.kind === 'sip').map((e) => e.data as string);
    const digestValues = everySip.flatMap((message) =>
      message
        .split('\r\n')
        .filter((line) => /^(proxy-)?(authorization|authenticate|www-authenticate)\s*:/i.test(line) || /^proxy-authenticate\s*:/i.test(line))
        .flatMap((line) => [...line.matchAll(/\b(nonce|cnonce|response|opaque)=("[^"]*"|[^\s,]+)/gi)].map((m) => m[2])),
    );
    expect(digestValues.length).toBeGreaterThanOrEqual(4); // 407 and 401 challenges, and the answers to them
    expect(new Set(digestValues)).toEqual(new Set(['"[redacted]"']));
    expect(text).not.toContain('secret7');
    // The REGISTER (and its challenge) stays with the line, redacted the same way.
    expect(report.line.entries.some((e) => e.kind === 'sip' && /^REGISTER /.test(e.data as string))).toBe(true);
    // The call's peer connection, as the media end reported it, and its state changes beside the SIP.
    expect(report.recorder.entries.some((e) => e.kind === 'media' && (e.data as { connection?: string }).connection === 'connected')).toBe(true);
    expect(report.recorder.entries.filter((e) => e.kind === 'call').map((e) => (e.data as { hold?: string }).hold)).toContain('held');

    // What was saved with the call holds the same, and no secret either.
    const row = ws.db.prepare('SELECT entries_json FROM call_recordings WHERE call_id = ?').get(callId) as { entries_json: string };
    expect(row.entries_json).toContain('BYE sip:');
    expect(row.entries_json).not.toContain('secret7');
    expect(row.entries_json).not.toMatch(/nonce=\\"(?!\[redacted\])/);
  }, 60_000);
});
