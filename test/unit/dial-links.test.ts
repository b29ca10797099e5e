import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { silentLogger } from '../../src-main/core/log';
import { dialBoxText, DialLinks, linkHoldUp, type LinkHoldUp } from '../../src-main/core/phone/dial-links';
import { ManualClock } from '../support/manual-clock';
import { tempDir } from '../support/temp';
import { flush, makeWorkstation } from '../support/workstation';

describe('what holds a link back', () => {
  it('is the line until it can dial, then (for SIP) the media end', () => {
    expect(linkHoldUp({ line: { kind: 'training', status: 'registering' }, mediaAttached: false })).toBe('line');
    // The training line plays its calls without media.
    expect(linkHoldUp({ line: { kind: 'training', status: 'ready' }, mediaAttached: false })).toBeNull();
    for (const status of ['registering', 'unreachable', 'failed', 'ready'] as const) {
      expect(linkHoldUp({ line: { kind: 'sip', status }, mediaAttached: true }), status).toBe('line');
    }
    expect(linkHoldUp({ line: { kind: 'sip', status: 'registered' }, mediaAttached: false })).toBe('media');
    expect(linkHoldUp({ line: { kind: 'sip', status: 'registered' }, mediaAttached: true })).toBeNull();
  });

  it('puts the number of a tel: link, or the SIP address, into the dial box', () => {
    expect(dialBoxText('tel:+49-40-3012-4477')).toBe('+49-40-3012-4477');
    expect(dialBoxText('TEL:+49 40 3012;phone-context=example.org')).toBe('+49 40 3012');
    expect(dialBoxText('sip:colleague@example.org')).toBe('sip:colleague@example.org');
    expect(dialBoxText('+494030124477')).toBe('+494030124477');
    expect(dialBoxText('tel:')).toBe('');
  });
});

describe('DialLinks', () => {
  function setUp(initial: LinkHoldUp | null) {
    const clock = new ManualClock();
    let holdUp: LinkHoldUp | null = initial;
    const links = new DialLinks({ clock, logger: silentLogger, holdUp: () => holdUp, waitMs: 30_000 });
    const ready: string[] = [];
    links.ready.add((link) => ready.push(link.target));
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
