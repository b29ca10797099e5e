import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closed, openSocket, rawRequest, startTestHost, statusOf, WireClient } from '../support/web-host';

// The browser host facing a hostile or broken page: requests that used to throw out of the server
// (and end the process with every call on it), and the bounds on what one page can make main do.

const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
});

async function host(extra: Parameters<typeof startTestHost>[0] = {}) {
  const started = await startTestHost(extra);
  running.push(started.stop);
  return started;
}

const get = (port: number, target: string) => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`;

/** The host still answers: the page loads and a ringing training call is still there. */
async function stillServing(port: number, token: string, callId: string) {
  expect(statusOf(await rawRequest(port, get(port, '/')))).toBe(200);
  const socket = await openSocket(port, token);
  const client = new WireClient(socket);
  const snapshot = await client.ok('app:snapshot');
  expect(snapshot.calls).toEqual([expect.objectContaining({ id: callId, state: 'ringing' })]);
  socket.close();
}

describe('the browser host survives requests that used to end the process', () => {
  it('answers GET /% (a lone percent sign) with 404', async () => {
    const { host: h, ws } = await host();
    const callId = ws.placeTrainingCall({ remoteNumber: '+49 30 1' });
    expect(statusOf(await rawRequest(h.port, get(h.port, '/%')))).toBe(404);
    expect(statusOf(await rawRequest(h.port, get(h.port, '/assets/%E0%A4%A')))).toBe(404);
    await stillServing(h.port, h.token, callId);
  });

  it('answers GET /%00 (a NUL byte in the path) with 404', async () => {
    const { host: h, ws } = await host();
    const callId = ws.placeTrainingCall({ remoteNumber: '+49 30 1' });
    expect(statusOf(await rawRequest(h.port, get(h.port, '/%00')))).toBe(404);
    expect(statusOf(await rawRequest(h.port, get(h.port, '/index.html%00.js')))).toBe(404);
    await stillServing(h.port, h.token, callId);
  });

  it('refuses a WebSocket upgrade whose target is http://[ with 400', async () => {
    const { host: h, ws } = await host();
    const callId = ws.placeTrainingCall({ remoteNumber: '+49 30 1' });
    const upgrade = (target: string) =>
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:${h.port}\r\n\r\n`;
    expect(statusOf(await rawRequest(h.port, upgrade('http://[')))).toBe(400);
    expect(statusOf(await rawRequest(h.port, upgrade('//[::1')))).toBe(400);
    await stillServing(h.port, h.token, callId);
  });

  it('closes a socket that sends a broken WebSocket frame (1002), and stays up', async () => {
    const { host: h, ws } = await host();
    const callId = ws.placeTrainingCall({ remoteNumber: '+49 30 1' });
    const socket = await openSocket(h.port, h.token);
    const gone = closed(socket);
    // A masked frame with opcode 0x3 (reserved): ws reports it as an 'error' on the socket.
    const raw = (socket as unknown as { _socket: net.Socket })._socket;
    raw.write(Buffer.from([0x83, 0x80, 1, 2, 3, 4]));
    expect((await gone).code).toBe(1002);
    await stillServing(h.port, h.token, callId);
  });

  it('survives a client that resets the connection during a refused upgrade', async () => {
    const { host: h, ws } = await host();
    const callId = ws.placeTrainingCall({ remoteNumber: '+49 30 1' });
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = net.connect(h.port, '127.0.0.1', () => {
          socket.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
          socket.resetAndDestroy();
          resolve();
        });
      });
    }
    await stillServing(h.port, h.token, callId);
  });
});


describe('what one page can make main hold is bounded', () => {
  it('refuses sockets past the cap with close code 1013 and a reason, and logs it', async () => {
    const { host: h, logs } = await host({ limits: { maxSockets: 2 } });
    const first = await openSocket(h.port, h.token);
    const second = await openSocket(h.port, h.token);
    const third = await openSocket(h.port, h.token);
    expect(await closed(third)).toEqual({ code: 1013, reason: 'Too many connections to the workstation; close other Anlauf tabs.' });
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', message: 'browser host refused a socket: too many open', fields: { open: 2, max: 2 } }));
    // The two already open still work, and a place freed is a place taken again.
    expect((await new WireClient(second).ok('app:snapshot')).app.host).toBe('web');
    first.close();
    await closed(first);
    const again = await openSocket(h.port, h.token);
    expect((await new WireClient(again).ok('app:snapshot')).app.host).toBe('web');
    second.close();
    again.close();
  });

  it('closes a socket whose page stopped reading once its backlog passes the limit, and logs it', async () => {
    const { host: h, logs } = await host({ limits: { maxBufferedBytes: 256 * 1024 } });
    const stalled = await openSocket(h.port, h.token);
    const gone = closed(stalled);
    const raw = (stalled as unknown as { _socket: net.Socket })._socket;
    // The page stops reading; it keeps asking for snapshots (a few KB each) all the same.
    raw.pause();
    const request = JSON.stringify({ type: 'request', seq: 1, command: 'app:snapshot', payload: {} });
    for (let i = 0; i < 20_000 && !logs.some((l) => l.message === 'browser host closed a socket that stopped reading'); i++) {
      raw.write(Buffer.concat([Buffer.from([0x81, 0xfe, request.length >> 8, request.length & 0xff, 0, 0, 0, 0]), Buffer.from(request)]));
      if (i % 200 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const warning = logs.find((l) => l.message === 'browser host closed a socket that stopped reading');
    expect(warning?.fields).toMatchObject({ max: 256 * 1024 });
    expect(warning?.fields?.bufferedBytes as number).toBeGreaterThan(256 * 1024);
    raw.resume();
    expect((await gone).code).toBe(1006);
    // Everyone else is served as before.
    const other = await openSocket(h.port, h.token);
    expect((await new WireClient(other).ok('app:snapshot')).app.host).toBe('web');
    other.close();
  });
});
