import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { silentLogger } from '../../src-main/core/log';
import { dialBoxText, DialLinks, linkHoldUp, type LinkHoldUp } from '../../src-main/core/phone/dial-links';
import type { LinkRefusal } from '../../src-main/core/phone/dial-policy';
import { ManualClock } from '../support/manual-clock';
import { tempDir } from '../support/temp';
import { flush, makeWorkstation } from '../support/workstation';

describe('what holds a link back', () => {
  it('is the line until it can dial, then (for SIP) the media end', () => {
    expect(linkHoldUp({ line: { kind: 'training', status: 'registering' }, mediaAttached: false, busy: false })).toBe('line');
    // The training line plays its calls without media.
    expect(linkHoldUp({ line: { kind: 'training', status: 'ready' }, mediaAttached: false, busy: false })).toBeNull();
    for (const status of ['registering', 'unreachable', 'failed', 'ready'] as const) {
      expect(linkHoldUp({ line: { kind: 'sip', status }, mediaAttached: true, busy: false }), status).toBe('line');
    }
    expect(linkHoldUp({ line: { kind: 'sip', status: 'registered' }, mediaAttached: false, busy: false })).toBe('media');
    expect(linkHoldUp({ line: { kind: 'sip', status: 'registered' }, mediaAttached: true, busy: false })).toBeNull();
  });

  it("is the agent's call or wrap-up before anything else", () => {
    expect(linkHoldUp({ line: { kind: 'sip', status: 'registered' }, mediaAttached: true, busy: true })).toBe('call');
    expect(linkHoldUp({ line: { kind: 'training', status: 'ready' }, mediaAttached: false, busy: true })).toBe('call');
  });

  it('puts the number of a tel: link, or the SIP address, into the dial box', () => {
    expect(dialBoxText('tel:+49-40-3012-4477')).toBe('+49-40-3012-4477');
    expect(dialBoxText('TEL:+49 40 3012;phone-context=example.org')).toBe('+49 40 3012');
    expect(dialBoxText('sip:colleague@example.org')).toBe('sip:colleague@example.org');
    expect(dialBoxText('+494030124477')).toBe('+494030124477');
    expect(dialBoxText('tel:')).toBe('');
    expect(dialBoxText('callto://+494030124477')).toBe('+494030124477');
    expect(dialBoxText('CALLTO:boss@example.org')).toBe('boss@example.org');
  });
});

describe('DialLinks', () => {
  function setUp(initial: LinkHoldUp | null, refuse?: (target: string) => LinkRefusal | null) {
    const clock = new ManualClock();
    let holdUp: LinkHoldUp | null = initial;
    const links = new DialLinks({ clock, logger: silentLogger, holdUp: () => holdUp, refuse, waitMs: 30_000 });
    const ready: string[] = [];
    links.onReady((link) => ready.push(link.target));
    return { clock, links, ready, set: (value: LinkHoldUp | null) => (holdUp = value) };
  }

  it('holds a link until the line registers and the media end attaches, then offers it once', () => {
    const { clock, links, ready, set } = setUp('line');
    links.offer('tel:+4940301244');
    expect(links.view()).toMatchObject({ target: '+4940301244', state: 'waiting', waitingFor: 'line', waitSeconds: 30 });
    clock.advance(5_000);
    set('media');
    links.check();
    expect(links.view()).toMatchObject({ state: 'waiting', waitingFor: 'media' });
    set(null);
    links.check();
    expect(links.view()).toMatchObject({ state: 'ready', waitingFor: null });
    expect(ready).toEqual(['+4940301244']);
    // Ready is final: the timeout no longer applies, and a second check changes nothing.
    clock.advance(60_000);
    links.check();
    expect(links.view()?.state).toBe('ready');
    expect(ready).toHaveLength(1);
    links.done(links.view()!.id);
    expect(links.view()).toBeNull();
  });

  it('goes straight to ready when the line can dial', () => {
    const { links, ready } = setUp(null);
    links.offer('sip:desk@example.org');
    expect(links.view()).toMatchObject({ state: 'ready', target: 'sip:desk@example.org' });
    expect(ready).toEqual(['sip:desk@example.org']);
  });

  it('fails after the wait, naming what it waited for, and stays failed until dismissed', () => {
    const { clock, links, set } = setUp('line');
    links.offer('tel:110');
    clock.advance(29_999);
    expect(links.view()?.state).toBe('waiting');
    set('media');
    clock.advance(1);
    expect(links.view()).toMatchObject({ state: 'failed', waitingFor: 'media', target: '110' });
    set(null);
    links.check();
    expect(links.view()?.state).toBe('failed');
    links.done('someone-else');
    expect(links.view()?.state).toBe('failed');
    links.done(links.view()!.id);
    expect(links.view()).toBeNull();
  });

  it("waits for the agent's call and wrap-up as long as they take, then gives the line a fresh wait", () => {
    const { clock, links, ready, set } = setUp('call');
    links.offer('tel:+4940301244');
    expect(links.view()).toMatchObject({ state: 'waiting', waitingFor: 'call' });
    clock.advance(20 * 60_000);
    expect(links.view()).toMatchObject({ state: 'waiting', waitingFor: 'call' });
    expect(ready).toEqual([]);
    // The call is over, but the line dropped meanwhile: the usual 30 s from now.
    set('line');
    links.check();
    clock.advance(29_999);
    expect(links.view()).toMatchObject({ state: 'waiting', waitingFor: 'line' });
    set(null);
    links.check();
    expect(links.view()?.state).toBe('ready');
    expect(ready).toEqual(['+4940301244']);
  });

  it("stops the line's clock while a call comes in, and restarts it after", () => {
    const { clock, links, set } = setUp('line');
    links.offer('tel:110');
    clock.advance(25_000);
    set('call');
    links.check();
    clock.advance(60_000);
    expect(links.view()).toMatchObject({ state: 'waiting', waitingFor: 'call' });
    set('line');
    links.check();
    clock.advance(29_999);
    expect(links.view()?.state).toBe('waiting');
    clock.advance(1);
    expect(links.view()).toMatchObject({ state: 'failed', waitingFor: 'line' });
  });

  it('refuses a link at once with the reason, and never puts it in the dial box', () => {
    const { clock, links, ready } = setUp(null, (target) => (target.includes('evil') ? { reason: 'domain', detail: 'evil.example' } : null));
    links.offer('sip:boss@evil.example');
    expect(links.view()).toMatchObject({ state: 'refused', refusal: { reason: 'domain', detail: 'evil.example' }, target: 'sip:boss@evil.example' });
    links.check();
    clock.advance(60_000);
    expect(links.view()?.state).toBe('refused');
    expect(ready).toEqual([]);
    links.done(links.view()!.id);
    expect(links.view()).toBeNull();
  });

  it('lets a newer link replace one still waiting, with a fresh wait', () => {
    const { clock, links } = setUp('line');
    links.offer('tel:111');
    const first = links.view()!.id;
    clock.advance(20_000);
    links.offer('tel:222');
    expect(links.view()).toMatchObject({ target: '222', state: 'waiting' });
    expect(links.view()!.id).not.toBe(first);
    clock.advance(20_000);
    expect(links.view()?.state).toBe('waiting');
    clock.advance(10_000);
    expect(links.view()?.state).toBe('failed');
  });
});

describe('a link that starts Anlauf, through the real workstation', () => {
  it('waits for the line, then fills the dial box; it never dials', async () => {
    const { ws } = makeWorkstation();
    const dispatcher = new Dispatcher(ws);
    // As the Electron host does when the OS started it with a link: offered before start.
    ws.links.offer('tel:+49 40 3012 4477');
    expect(ws.snapshot().link).toMatchObject({ state: 'waiting', waitingFor: 'line' });
    await ws.start();
    await flush();
    const link = ws.snapshot().link;
    expect(link).toMatchObject({ state: 'ready', target: '+49 40 3012 4477' });
    expect(ws.snapshot().calls).toEqual([]);
    expect(ws.callLog.list({ limit: 10 })).toEqual([]);

    // The dial box took it: main forgets it; the agent's "Call" is an ordinary dial.
    expect(await dispatcher.handle('link:done', { id: link!.id })).toEqual({ ok: true, result: { ok: true } });
    expect(ws.snapshot().link).toBeNull();
    expect(await dispatcher.handle('link:done', { id: 42 })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    await ws.stop();
  });

  it('tells the agent when the SIP line does not register in time', async () => {
    // A port nothing listens on: the SIP line stays unregistered.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const dir = tempDir();
    const configFile = path.join(dir, 'anlauf.json');
    fs.writeFileSync(configFile, JSON.stringify({ sip: { websocketUrl: `ws://127.0.0.1:${port}`, uri: 'sip:agent7@example.invalid', password: 'x' } }));
    const clock = new ManualClock();
    const { ws } = makeWorkstation({ clock, configFile, linkWaitMs: 30_000 });
    ws.links.offer('sip:colleague@example.invalid');
    await ws.start();
    await flush();
    expect(ws.snapshot().line.kind).toBe('sip');
    expect(ws.snapshot().link).toMatchObject({ state: 'waiting', waitingFor: 'line' });
    clock.advance(30_000);
    await flush();
    expect(ws.snapshot().link).toMatchObject({ state: 'failed', waitingFor: 'line', target: 'sip:colleague@example.invalid', waitSeconds: 30 });
    expect(ws.snapshot().calls).toEqual([]);
    await ws.stop();
  });
});

describe("links and IT's block list, through the real workstation", () => {
  function setUp(settings: object) {
    const dir = tempDir();
    const configFile = path.join(dir, 'anlauf.json');
    fs.writeFileSync(configFile, JSON.stringify(settings));
    const { ws } = makeWorkstation({ configFile });
    return { ws, dispatcher: new Dispatcher(ws) };
  }

  it('refuses a premium number, however written, typed or clicked, and says why', async () => {
    const { ws, dispatcher } = setUp({ sip: { blockedPrefixes: ['0900', '+88'] } });
    await ws.start();
    await flush();
    for (const target of ['0900 123 4567', '+49 900 1234567', '0049 900 1234567', '+881 6 1234 5678']) {
      const answer = await dispatcher.handle('phone:dial', { target });
      expect(answer, target).toMatchObject({
        ok: false,
        error: { code: 'invalid-request', message: expect.stringMatching(/is not dialled: numbers starting with (0900|\+88) are blocked on this workstation/) },
      });
    }
    expect(ws.snapshot().calls).toEqual([]);
    expect(ws.callLog.list({ limit: 10 })).toEqual([]);

    ws.links.offer('tel:+49-900-1234567');
    expect(ws.snapshot().link).toMatchObject({ state: 'refused', refusal: { reason: 'blocked', detail: '0900' } });
    // Other numbers still go.
    expect(await dispatcher.handle('phone:dial', { target: '040 3012 4477' })).toMatchObject({ ok: true });
    await ws.stop();
  });

  it("refuses a SIP link to a stranger's domain, and takes one on the agent's own", async () => {
    const { ws } = setUp({ sip: { websocketUrl: 'ws://127.0.0.1:9', uri: 'sip:agent7@example.invalid', password: 'x' } });
    ws.links.offer('sip:boss@evil.example');
    expect(ws.snapshot().link).toMatchObject({ state: 'refused', refusal: { reason: 'domain', detail: 'evil.example' }, target: 'sip:boss@evil.example' });
    ws.links.offer('callto:boss@evil.example');
    expect(ws.snapshot().link).toMatchObject({ state: 'refused', refusal: { reason: 'domain', detail: 'evil.example' } });
    ws.links.offer('sip:colleague@EXAMPLE.invalid');
    expect(ws.snapshot().link).toMatchObject({ state: 'waiting', refusal: null });
    ws.links.stop();
  });

  it('refuses every SIP link without a SIP account: there is no own domain', () => {
    const { ws } = setUp({});
    ws.links.offer('sip:desk@example.org');
    expect(ws.snapshot().link).toMatchObject({ state: 'refused', refusal: { reason: 'domain', detail: 'example.org' } });
  });

  it('holds a link while the agent is on a call and in wrap-up, then fills the dial box', async () => {
    const { ws, dispatcher } = setUp({});
    await ws.start();
    await flush();
    const placed = (await dispatcher.handle('training:placeCall', { ivr: {} })) as { ok: true; result: { callId: string } };
    const callId = placed.result.callId;
    ws.links.offer('tel:+49 40 3012 4477');
    expect(ws.snapshot().link).toMatchObject({ state: 'waiting', waitingFor: 'call' });
    await dispatcher.handle('phone:answer', { callId });
    await flush();
    await dispatcher.handle('phone:hangup', { callId });
    await flush();
    // The call ended; its wrap-up is open: still waiting, and the dial box is left alone.
    expect(ws.snapshot().wrapUps).toHaveLength(1);
    expect(ws.snapshot().link).toMatchObject({ state: 'waiting', waitingFor: 'call' });
    expect(await dispatcher.handle('wrapUp:dispose', { callId, code: 'solved' })).toMatchObject({ ok: true });
    await flush();
    expect(ws.snapshot().link).toMatchObject({ state: 'ready', target: '+49 40 3012 4477' });
    // Nothing was dialled: the one call in the log is the training call.
    expect(ws.callLog.list({ limit: 10 }).map((entry) => entry.direction)).toEqual(['inbound']);
    await ws.stop();
  });
});
