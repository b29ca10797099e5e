// The support bundle of a desk on a real SIP server: the line's registration history (refused by
// the registrar, then registered), an inbound call's SIP trace with the digest credentials gone and
// the customer's number, name and IVR header replaced unless the agent opted in, and the headset's
// real report descriptor. Real parts: Kamailio with digest auth, a JsSIP customer with WebRTC,
// SQLite, /usr/bin/unzip; the HID port is the fake fed with a real Blackwire 3220 descriptor.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { blackwire3220, FakeHidPort, fixtureDescriptor } from '../support/fake-hid';
import { FarEnd } from '../support/far-end';
import { DEFAULT_SIP_USERS, freePort, startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

const PASSWORD = 'secret7';
const CALLER_NAME = 'Erika Mustermann';
const IVR_CUSTOMER = 'K-4711-CANARY';

let kamailio: Kamailio | undefined;
let customer: FarEnd | undefined;
let ws: Workstation | undefined;
let media: WrtcMediaEnd | undefined;
afterEach(async () => {
  for (const call of customer?.calls ?? []) call.terminateQuietly();
  await ws?.stop();
  media?.close();
  await customer?.stop();
  await kamailio?.stop();
  customer = undefined;
  kamailio = undefined;
});
afterAll(() => undefined);

function unzip(file: string): { names: string[]; text: (name: string) => string; all: string } {
  execFileSync('unzip', ['-tq', file]);
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
  const text = (name: string) => execFileSync('unzip', ['-p', file, name], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { names, text, all: names.map(text).join('\n') };
}

describe('the support bundle of a SIP desk', () => {
  it('holds the registration history (refused with its code, then registered), the call’s SIP trace without credentials or customer, and the headset’s descriptor; the customer only with the opt-in', async () => {
    const wsPort = await freePort();
    // The registrar first knows agent7 with another password: the REGISTER is refused.
    kamailio = await startKamailio({ wsPort, users: { ...DEFAULT_SIP_USERS, agent7: 'not-what-the-desk-has' } });
    const dataDir = tempDir();
    const config = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: PASSWORD } }));
    const hid = new FakeHidPort();
    hid.plug(blackwire3220());
    ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock, hid });
    media = createWrtcMediaEnd(660);
    ws.media.attach(media.channel);
    await ws.start();
    await waitFor('the registration refused', () => ws!.snapshot().line.status === 'failed', 10_000);

    // IT fixes the registrar: the same ports, the desk's password. The line reconnects and registers.
    await kamailio.stop();
    kamailio = await startKamailio({ wsPort, users: { ...DEFAULT_SIP_USERS } });
    await waitFor('registered', () => ws!.snapshot().line.status === 'registered', 30_000);

    // The customer calls, with a display name and the IVR's customer number.
    customer = await FarEnd.start({ kamailio, user: 'customer', displayName: CALLER_NAME });
    customer.call('agent7', { extraHeaders: [`X-Customer-Number: ${IVR_CUSTOMER}`] });
    await waitFor('ringing', () => ws!.snapshot().calls.some((c) => c.state === 'ringing'), 10_000);
    const callId = ws.snapshot().calls[0]!.id;
    await ws.phone.answer(callId);
    await waitFor('active', () => ws!.snapshot().calls.some((c) => c.id === callId && c.state === 'active'), 10_000);
    await ws.phone.hangup(callId);
    await waitFor('ended', () => ws!.snapshot().calls.length === 0, 10_000);

    const dispatcher = new Dispatcher(ws);
    const make = async (request: { includeCustomerData?: boolean }) => {
      const answer = await dispatcher.handle('support:bundle', { calls: 1, ...request });
      if (!answer.ok) throw new Error(answer.error.message);
      return unzip((answer.result as { path: string }).path);
    };
    const plain = await make({});
    const json = (name: string) => JSON.parse(plain.text(name));

    // Registration history: refused with the registrar's code, then registered.
    const registrations = json('line.json').registrations.entries as { status: string; sipCode: number | null; detail: string | null }[];
    const failed = registrations.findIndex((e) => e.status === 'failed' && (e.sipCode === 401 || e.sipCode === 403));
    expect(failed, JSON.stringify(registrations)).toBeGreaterThanOrEqual(0);
    expect(registrations.findLastIndex((e) => e.status === 'registered')).toBeGreaterThan(failed);

    // The call's SIP trace is there…
    const trace = (json(`calls/${callId}.json`).recorder.entries as { kind: string; data: unknown }[])
      .filter((e) => e.kind === 'sip')
      .map((e) => e.data as string);
    expect(trace.some((m) => m.startsWith('INVITE '))).toBe(true);
    expect(trace.some((m) => m.startsWith('SIP/2.0 200 '))).toBe(true);
    // …without a credential anywhere in the zip: the password, a digest response or nonce.
    expect(plain.all).not.toContain(PASSWORD);
    expect(plain.all).toMatch(/Authorization: Digest [^\r\n]*username=/);
    expect(plain.all).not.toMatch(/\b(response|nonce|cnonce)=\\?"(?!\[redacted\])[^"\\]+/);
    // …and without the customer: number, name, IVR data, in the trace and everywhere else.
    expect(plain.all).not.toContain('sip:customer@');
    expect(plain.all).not.toContain(CALLER_NAME);
    expect(plain.all).not.toContain(IVR_CUSTOMER);
    const invite = trace.find((m) => m.startsWith('INVITE '))!;
    expect(invite).toMatch(/^From: "\[name-\d+\]" <sip:\[number-\d+\]@/m);
    expect(invite).toMatch(/^X-Customer-Number: \[data-\d+\]/m);
    // The agent's own SIP user stays: support sees who registered and who was called.
    expect(invite).toMatch(/^To: <sip:agent7@/m);
    expect(json('calls.json')[0]).not.toHaveProperty('remoteNumber');
    expect(json('manifest.json').customerData).toBe('left out');
    expect(plain.text('README.md')).toContain('Customer data: **left out**');

    // The headset: vendor and product id and its real report descriptor, byte for byte.
    const headsets = json('headsets.json') as { vendorId: string; productId: string; descriptor: string }[];
    expect(headsets).toHaveLength(1);
    expect(headsets[0]).toMatchObject({ vendorId: '047f', productId: 'c056', product: 'Plantronics Blackwire 3220 Series' });
    expect(headsets[0]!.descriptor).toBe(Buffer.from(fixtureDescriptor('plantronics-blackwire-3220-047f-c056.hex')).toString('hex'));

    // With the agent's opt-in the customer is there; the credentials are still not.
    const opted = await make({ includeCustomerData: true });
    expect(opted.all).toContain('sip:customer@');
    expect(opted.all).toContain(CALLER_NAME);
    expect(opted.all).toContain(IVR_CUSTOMER);
    expect(JSON.parse(opted.text('calls.json'))[0]).toMatchObject({ remoteName: CALLER_NAME });
    expect(JSON.parse(opted.text('manifest.json')).customerData).toBe('included');
    expect(opted.all).not.toContain(PASSWORD);
    expect(opted.all).not.toMatch(/\b(response|nonce|cnonce)=\\?"(?!\[redacted\])[^"\\]+/);
  }, 90_000);
});
