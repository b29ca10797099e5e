import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { commandNames, type Snapshot } from '../../src-main/contract';
import { silentLogger } from '../../src-main/core/log';
import { startWebHost, type WebHost } from '../../src-main/web/server';
import { makeWorkstation } from '../support/workstation';
import { tempDir } from '../support/temp';
import fs from 'node:fs';
import path from 'node:path';

const hosts: { host: WebHost; stop(): Promise<void> }[] = [];

async function startHost() {
  const { ws, clock } = makeWorkstation();
  await ws.start();
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  const bridgeFile = path.join(rendererDir, 'bridge.js');
  fs.writeFileSync(bridgeFile, '/* bridge */');
  const host = await startWebHost({ port: 0, rendererDir, bridgeFile, dispatcher: new Dispatcher(ws), logger: silentLogger });
  const entry = { host, stop: async () => (await host.close(), await ws.stop()) };
  hosts.push(entry);
  return { host, ws, clock, bridgeFile };
}

afterEach(async () => {
  for (const entry of hosts.splice(0)) await entry.stop();
});

/** Tries to open the socket; resolves with the HTTP status of a refusal, or 101 when it opened. */
function connect(url: string, origin: string | undefined): Promise<{ status: number; socket?: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.on('open', () => resolve({ status: 101, socket }));
    socket.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    socket.on('error', () => resolve({ status: -1 }));
  });
}

class Client {
  private seq = 0;
  private readonly waiting = new Map<number, (message: any) => void>();
  readonly events: any[] = [];
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'event') this.events.push(message);
      else this.waiting.get(message.seq)?.(message);
    });
  }
  request(command: unknown, payload: unknown): Promise<any> {
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(seq, resolve);
      this.socket.send(JSON.stringify({ type: 'request', seq, command, payload }));
    });
  }
}

/** GET `urlPath` from the host on 127.0.0.1, with the body as text. */
function fetchText(port: number, urlPath: string): Promise<http.IncomingMessage & { body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(Object.assign(res, { body })));
    });
    req.on('error', reject);
  });
}

describe('browser host page', () => {
  it('names the bridge by its content, so a reload runs it from the cache, and a rebuilt bridge by a new name', async () => {
    const { host, bridgeFile } = await startHost();
    const bridgeUrl = async () => /<script src="(\/anlauf-bridge\.js\?v=[0-9a-f]{16})"><\/script>/.exec((await fetchText(host.port, '/')).body)?.[1];
    const first = await bridgeUrl();
    expect(first).toBeDefined();
    const kept = await fetchText(host.port, first!);
    expect(kept.statusCode).toBe(200);
    expect(kept.body).toBe('/* bridge */');
    expect(kept.headers['cache-control']).toBe('max-age=31536000, immutable');
    // Under any other name it is served, but never kept.
    expect((await fetchText(host.port, '/anlauf-bridge.js')).headers['cache-control']).toBe('no-store');
    expect((await fetchText(host.port, '/anlauf-bridge.js?v=0123456789abcdef')).headers['cache-control']).toBe('no-store');

    // A new build of the bridge: the next page load names it anew and gets the new code.
    fs.writeFileSync(bridgeFile, '/* bridge, rebuilt */');
    const second = await bridgeUrl();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    const rebuilt = await fetchText(host.port, second!);
    expect(rebuilt.body).toBe('/* bridge, rebuilt */');
    expect(rebuilt.headers['cache-control']).toBe('max-age=31536000, immutable');
    expect((await fetchText(host.port, first!)).headers['cache-control']).toBe('no-store');
  });
});

describe('browser host security', () => {
  it('refuses a socket without the token, with a wrong token, or from a foreign origin', async () => {
    const { host } = await startHost();
    const base = `ws://127.0.0.1:${host.port}/ws`;
    const own = `http://127.0.0.1:${host.port}`;
    expect((await connect(base, own)).status).toBe(401);
    expect((await connect(`${base}?token=wrong`, own)).status).toBe(401);
    expect((await connect(`${base}?token=${host.token}x`, own)).status).toBe(401);
    expect((await connect(`${base}?token=${host.token}`, 'http://evil.example')).status).toBe(403);
    expect((await connect(`${base}?token=${host.token}`, `http://127.0.0.1:${host.port + 1}`)).status).toBe(403);
    expect((await connect(`${base}?token=${host.token}`, undefined)).status).toBe(403);
    const ok = await connect(`${base}?token=${host.token}`, own);
    expect(ok.status).toBe(101);
    ok.socket?.close();
    const alsoOk = await connect(`ws://localhost:${host.port}/ws?token=${host.token}`, `http://localhost:${host.port}`);
    expect(alsoOk.status).toBe(101);
    alsoOk.socket?.close();
  });

  it('refuses HTTP requests with a foreign Host header (DNS rebinding) and serves CSP on its pages', async () => {
    const { host } = await startHost();
    const get = (headers: Record<string, string>, urlPath = '/') =>
      new Promise<http.IncomingMessage & { body: string }>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port: host.port, path: urlPath, headers }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve(Object.assign(res, { body })));
        });
        req.on('error', reject);
      });
    expect((await get({ Host: `evil.example:${host.port}` })).statusCode).toBe(421);
    const page = await get({ Host: `127.0.0.1:${host.port}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toMatch(/<script src="\/anlauf-bridge\.js\?v=[0-9a-f]{16}"><\/script>/);
    expect((await get({ Host: `127.0.0.1:${host.port}` }, '/../../../etc/passwd')).statusCode).toBe(404);
    expect((await get({ Host: `127.0.0.1:${host.port}` }, '/%2e%2e/%2e%2e/etc/passwd')).statusCode).toBe(404);
  });

  it('rejects malformed payloads on every command with an error, and nothing changes', async () => {
    const { host, ws } = await startHost();
    const { socket } = await connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, `http://127.0.0.1:${host.port}`);
    const client = new Client(socket!);
    // A call ringing, so call-bound commands have a real target they must not touch.
    const callId = ws.training.placeTrainingCall({ remoteNumber: '+49 30 1' });
    const before = (await client.request('app:snapshot', {})).result as Snapshot;
    const logBefore = ws.callLog.list({ limit: 50 });
    const userSettingsBefore = ws.settings.get();

    const garbage: unknown[] = [
      null,
      42,
      'x',
      [],
      { callId: 7 },
      { callId: callId, extra: true },
      { state: 'asleep' },
      { limit: 0 },
      { limit: 'all' },
      { ui: { language: 'fr' } },
      { remoteNumber: 5 },
      { ivr: { client: 3 } },
      { before: { ringAt: -1, id: '' }, limit: 5 },
    ];
    let rejected = 0;
    for (const command of commandNames) {
      for (const payload of garbage) {
        const reply = await client.request(command, payload);
        if (reply.ok) {
          // A payload may happen to be valid for some command ({} for snapshot…); those are not garbage for it.
          continue;
        }
        expect(reply.error.code).toBe('invalid-request');
        expect(reply.error.message).toContain(command);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(commandNames.length * (garbage.length - 3));
    // Every command rejected at least the non-object payloads.
    for (const command of commandNames) {
      expect((await client.request(command, null)).ok).toBe(false);
      expect((await client.request(command, [])).ok).toBe(false);
    }

    const unknown = await client.request('phone:format-disk', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    const envelope = await new Promise<any>((resolve) => {
      socket!.once('message', (data) => resolve(JSON.parse(data.toString())));
      socket!.send(JSON.stringify({ type: 'request', seq: 99, command: 5 }));
    });
    expect(envelope).toMatchObject({ seq: 99, ok: false, error: { code: 'invalid-request' } });
    socket!.send('not json at all');
    socket!.send(Buffer.from([1, 2, 3]), { binary: true });

    const after = (await client.request('app:snapshot', {})).result as Snapshot;
    expect({ ...after, revision: 0 }).toEqual({ ...before, revision: 0 });
    expect(after.calls).toEqual([expect.objectContaining({ id: callId, state: 'ringing' })]);
    expect(ws.callLog.list({ limit: 50 })).toEqual(logBefore);
    expect(ws.settings.get()).toEqual(userSettingsBefore);
    socket!.close();
  });

  it('carries a whole call over the socket: commands answer and events arrive', async () => {
    const { host, ws } = await startHost();
    const { socket } = await connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, `http://127.0.0.1:${host.port}`);
    const client = new Client(socket!);
    const placed = await client.request('training:placeCall', { remoteNumber: '+49 40 2', ivr: { client: 'Nordlicht' } });
    expect(placed.ok).toBe(true);
    const { callId } = placed.result;
    expect((await client.request('phone:answer', { callId })).ok).toBe(true);
    expect((await client.request('phone:answer', { callId })).error.code).toBe('conflict');
    expect((await client.request('phone:hangup', { callId })).ok).toBe(true);
    expect((await client.request('phone:hangup', { callId })).error.code).toBe('not-found');
    const list = await client.request('callLog:list', { limit: 10 });
    expect(list.result.entries[0]).toMatchObject({ id: callId, client: 'Nordlicht', endCause: 'completed' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const states = client.events.filter((e) => e.event === 'event:state').map((e) => e.payload.calls.map((c: any) => c.state).join(','));
    expect(states).toEqual(expect.arrayContaining(['ringing', 'active', '']));
    expect(client.events.filter((e) => e.event === 'event:callLog' && e.payload.id === callId).length).toBe(3);
    expect(ws.snapshot().calls).toEqual([]);
    socket!.close();
  });
});
