// Proves the SIP test harness: a real Kamailio on loopback (test/support/kamailio.ts)
// and far ends with real WebRTC audio in Node (test/support/far-end.ts).
// See docs/testing-sip.md. Every wait polls against a deadline; no fixed sleeps.
import dgram from 'node:dgram';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { FarEnd, RegistrationFailedError, type FarCall } from '../support/far-end';

/** Handles by type, to see that stopping everything leaves nothing behind. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

describe('SIP harness: Kamailio + far ends with audio', () => {
  let baseline: Record<string, number>;
  let kamailio: Kamailio;
  let a: FarEnd; // the customer
  let b: FarEnd; // the agent
  let c: FarEnd; // the colleague (transfer target)
  let callA: FarCall;
  let callB: FarCall;

  beforeAll(async () => {
    baseline = resources();
    kamailio = await startKamailio();
  });

  afterAll(async () => {
    // idempotent: the last test already stopped everything when it passed
    await a?.stop();
    await b?.stop();
    await c?.stop();
    await kamailio?.stop();
  });

  test('far ends register over WebSocket with digest auth', async () => {
    a = await FarEnd.start({ kamailio, user: 'customer', toneHz: 440 });
    b = await FarEnd.start({ kamailio, user: 'agent7', toneHz: 660 });
    c = await FarEnd.start({ kamailio, user: 'colleague', toneHz: 880 });
    expect([a.registered, b.registered, c.registered]).toEqual([true, true, true]);
    expect(kamailio.logs()).toMatch(/REQ REGISTER sip:anlauf\.test from 127\.0\.0\.1:\d+\/ws/);
  });

  test('a wrong password is refused with 401/403', async () => {
    const err = await FarEnd.start({ kamailio, user: 'agent8', password: 'wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistrationFailedError);
    expect([401, 403]).toContain((err as RegistrationFailedError).statusCode);
  });

  test('the UDP listener answers (for sipp)', async () => {
    const sock = dgram.createSocket('udp4');
    try {
      await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', () => resolve()));
      const port = sock.address().port;
      const reply = new Promise<string>((resolve) => sock.once('message', (m) => resolve(m.toString())));
      sock.send(
        [
          `OPTIONS sip:anlauf.test SIP/2.0`,
          `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-harness-1;rport`,
          'Max-Forwards: 70',
          `From: <sip:probe@127.0.0.1>;tag=probe1`,
          'To: <sip:anlauf.test>',
          'Call-ID: harness-options-1',
          'CSeq: 1 OPTIONS',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
        kamailio.udpPort,
        '127.0.0.1',
      );
      const text = await Promise.race([reply, new Promise<string>((_, reject) => setTimeout(() => reject(new Error('no UDP reply')), 3000).unref())]);
      expect(text).toMatch(/^SIP\/2\.0 200 /);
    } finally {
      sock.close();
    }
  });

  test('A calls B with IVR headers; B sees them, answers; audio flows both ways', async () => {
    callA = a.call('agent7', {
      extraHeaders: ['X-Client: Stadtwerke Nord', 'X-Campaign: winter-2026', 'X-Customer-Number: 4711', 'X-Concern: Zählerstand', 'X-Queue: service'],
    });
    callB = await b.waitForIncoming();
    expect(callB.header('X-Client')).toBe('Stadtwerke Nord');
    expect(callB.header('X-Campaign')).toBe('winter-2026');
    expect(callB.header('X-Customer-Number')).toBe('4711');
    expect(callB.header('X-Concern')).toBe('Zählerstand');
    expect(callB.header('X-Queue')).toBe('service');
    expect(callB.remoteUri).toBe('sip:customer@anlauf.test');

    await callB.answer();
    await callA.waitForState('confirmed');
    await Promise.all([callA.audio.waitForAudio(50), callB.audio.waitForAudio(50)]);
    expect(callB.remoteDirection).toBe('sendrecv');
    expect(callA.remoteDirection).toBe('sendrecv');
    // the sink reports its own format (16 kHz / 160 samples here, though 48 kHz was sent): read it, never assume it
    const fmt = callA.audio.format!;
    expect(fmt.channelCount).toBe(1);
    expect(fmt.numberOfFrames).toBe(fmt.sampleRate / 100);
    // Both far ends offer only their 127.0.0.1 host candidates, but libwebrtc still sends
    // checks from every local socket (e.g. eth0's address), so a pair may be
    // 192.0.2.2 -> 127.0.0.1 (a peer-reflexive candidate on the other side). Either way
    // every address is this machine's own: media never leaves the host.
    const own = new Set(Object.values(os.networkInterfaces()).flatMap((l) => (l ?? []).map((i) => i.address)));
    for (const call of [callA, callB]) {
      const pair = (await call.selectedCandidatePair())!;
      expect(pair, JSON.stringify(pair)).toBeDefined();
      expect(own.has(pair.local.address) && own.has(pair.remote.address), JSON.stringify(pair)).toBe(true);
    }
    expect([(await callA.selectedCandidatePair())!.remote.address, (await callB.selectedCandidatePair())!.remote.address]).toContain('127.0.0.1');
  });

  test('hold from A (re-INVITE): B sees sendonly/inactive and hears silence; unhold brings audio back', async () => {
    await callA.hold();
    await callB.waitForRemoteDirection(['sendonly', 'inactive']);
    await callB.audio.waitForSilence(50);
    const silentSince = callB.audio.mark();

    await callA.unhold();
    await callB.waitForRemoteDirection('sendrecv');
    await callB.audio.waitForAudio(50, { since: silentSince });
    await callA.audio.waitForAudio(50);
  });

  test('INFO DTMF arrives at the other end', async () => {
    await callA.sendDtmf('12#');
    await callB.waitForDtmf('12#');
    expect(callB.receivedDtmf).toEqual(['1', '2', '#']);
  });

  test('BYE ends the call on both sides', async () => {
    expect((await callA.hangup()).originator).toBe('local');
    expect((await callB.waitForEnd()).originator).toBe('remote');
  });

  test('blind transfer: B REFERs A to C; A calls C; B gets NOTIFY 200', async () => {
    const out = a.call('agent7');
    const agentLeg = await b.waitForIncoming();
    await agentLeg.answer();
    await out.waitForState('confirmed');

    agentLeg.refer('colleague');
    expect((await out.waitForRefer()).referTo).toBe('sip:colleague@anlauf.test');
    const transferred = await a.waitForTransferCall();
    const colleagueLeg = await c.waitForIncoming();
    expect(colleagueLeg.remoteUri).toBe('sip:customer@anlauf.test');
    await colleagueLeg.answer();
    await transferred.waitForState('confirmed');
    await agentLeg.waitForReferProgress('accepted');
    expect(agentLeg.referProgress.map((p) => p.event)).toContain('requestSucceeded');
    await Promise.all([colleagueLeg.audio.waitForAudio(30), transferred.audio.waitForAudio(30)]);

    await agentLeg.hangup();
    await out.waitForEnd();
    await transferred.hangup();
    await colleagueLeg.waitForEnd();
  });

  test('attended transfer: B consults C, REFERs A with Replaces; A replaces the consultation call', async () => {
    const out = a.call('agent7');
    const agentLeg = await b.waitForIncoming();
    await agentLeg.answer();
    await out.waitForState('confirmed');
    await agentLeg.hold();

    const consult = b.call('colleague');
    const consulted = await c.waitForIncoming();
    await consulted.answer();
    await consult.waitForState('confirmed');

    agentLeg.refer(consult.remoteUri, { replaces: consult });
    expect((await out.waitForRefer()).referTo).toMatch(/^sip:colleague@anlauf\.test\?Replaces=/);
    const transferred = await a.waitForTransferCall();
    await transferred.waitForState('confirmed');
    // C answered the INVITE with Replaces by itself (autoAnswerReplaces) and dropped the consultation
    const replacing = c.calls.find((x) => x.header('Replaces') !== undefined)!;
    expect(replacing.header('Replaces')).toContain(consulted.session.id.slice(0, 8));
    await consulted.waitForEnd();
    await consult.waitForEnd();
    await agentLeg.waitForReferProgress('accepted');
    await Promise.all([replacing.audio.waitForAudio(30), transferred.audio.waitForAudio(30)]);

    await agentLeg.hangup();
    await out.waitForEnd();
    await transferred.hangup();
    await replacing.waitForEnd();
  });

  test('after a Kamailio restart the far ends register again and can call', async () => {
    const pidBefore = kamailio.pid();
    await kamailio.restart();
    expect(kamailio.pid()).not.toBe(pidBefore);
    // JsSIP reconnects (1-2 s, connection_recovery_*_interval) and re-registers by itself;
    // register() waits for the socket, then registers explicitly
    await Promise.all([a.register(8000), b.register(8000)]);

    const out = a.call('agent7');
    const incoming = await b.waitForIncoming();
    await incoming.answer();
    await out.waitForState('confirmed');
    await incoming.audio.waitForAudio(20);
    await out.hangup();
    await incoming.waitForEnd();
  });

  test('stopping far ends and Kamailio leaves no timers, sockets or processes behind', async () => {
    await Promise.all([a.stop(), b.stop(), c.stop()]);
    await kamailio.stop();
    expect(kamailio.pid()).toBeUndefined();
    const after = resources();
    const leaked = Object.entries(after).filter(([type, n]) => n > (baseline[type] ?? 0));
    expect(leaked).toEqual([]);
  });
});
