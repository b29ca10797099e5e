import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { upload } from '../support/uploads';
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
    const callId = ws.training.placeTrainingCall({ remoteNumber: '+49 30 1' });
    expect(statusOf(await rawRequest(h.port, get(h.port, '/%')))).toBe(404);
    expect(statusOf(await rawRequest(h.port, get(h.port, '/assets/%E0%A4%A')))).toBe(404);
    await stillServing(h.port, h.token, callId);
  });

  it('answers GET /%00 (a NUL byte in the path) with 404', async () => {
    const { host: h, ws } = await host();
    const callId = ws.training.placeTrainingCall({ remoteNumber: '+49 30 1' });
    expect(statusOf(await rawRequest(h.port, get(h.port, '/%00')))).toBe(404);
    expect(statusOf(await rawRequest(h.port, get(h.port, '/index.html%00.js')))).toBe(404);
    await stillServing(h.port, h.token, callId);
  });

  it('refuses a WebSocket upgrade whose target is http://[ with 400', async () => {
    const { host: h, ws } = await host();
    const callId = ws.training.placeTrainingCall({ remoteNumber: '+49 30 1' });
    const upgrade = (target: string) =>
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:${h.port}\r\n\r\n`;
    expect(statusOf(await rawRequest(h.port, upgrade('http://[')))).toBe(400);
    expect(statusOf(await rawRequest(h.port, upgrade('//[::1')))).toBe(400);
    await stillServing(h.port, h.token, callId);
  });

  it('closes a socket that sends a broken WebSocket frame (1002), and stays up', async () => {
    const { host: h, ws } = await host();
    const callId = ws.training.placeTrainingCall({ remoteNumber: '+49 30 1' });
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
    const callId = ws.training.placeTrainingCall({ remoteNumber: '+49 30 1' });
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = net.connect(h.port, '127.0.0.1', () => {
          socket.write(
            `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
          );
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
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'browser host refused a socket: too many open', fields: { open: 2, max: 2 } }),
    );
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

/** The socket as a command target for the upload helper. */
const over = (client: WireClient) => ({ handle: (command: unknown, payload: unknown) => client.request(command, payload) });

describe('files from the page travel in pieces, bounded', () => {
  it('closes a socket that sends a message larger than 4 MiB (1009), and stays up', async () => {
    const { host: h, ws } = await host();
    const callId = ws.training.placeTrainingCall({ remoteNumber: '+49 30 1' });
    const socket = await openSocket(h.port, h.token);
    const gone = closed(socket);
    socket.send(JSON.stringify({ type: 'request', seq: 1, command: 'customers:import', payload: { contentBase64: 'A'.repeat(5 * 1024 * 1024) } }));
    expect((await gone).code).toBe(1009);
    await stillServing(h.port, h.token, callId);
  });

  it('imports a customer file larger than one message, sent in pieces to an owner-only file that is deleted afterwards', async () => {
    const { host: h, dataDir } = await host();
    const socket = await openSocket(h.port, h.token);
    const client = new WireClient(socket);
    const rows = ['Kundennummer;Name;Telefon;Notiz'];
    for (let i = 0, length = 0; length < 6 * 1024 * 1024; i++) {
      rows.push(`K-${i};Kundin ${i};030 ${5_000_000 + i};${'x'.repeat(200)}`);
      length += rows[rows.length - 1]!.length + 1;
    }
    const bytes = Buffer.from(rows.join('\n'));
    const { uploadId, chunkBytes } = await client.ok('upload:begin', { purpose: 'customers', fileName: 'kunden.csv', size: bytes.length });
    await client.ok('upload:chunk', { uploadId, offset: 0, dataBase64: bytes.subarray(0, chunkBytes).toString('base64') });
    const [temp] = fs.readdirSync(path.join(dataDir, 'uploads'));
    expect(fs.statSync(path.join(dataDir, 'uploads', temp!)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dataDir, 'uploads')).mode & 0o777).toBe(0o700);
    // Out of order, or past the announced size: refused.
    expect((await client.request('upload:chunk', { uploadId, offset: 5, dataBase64: 'AAAA' })).error.code).toBe('conflict');
    for (let offset = chunkBytes; offset < bytes.length; offset += chunkBytes) {
      await client.ok('upload:chunk', { uploadId, offset, dataBase64: bytes.subarray(offset, offset + chunkBytes).toString('base64') });
    }
    const result = await client.ok('customers:import', { uploadId });
    expect(result).toMatchObject({ imported: rows.length - 1, rejectedCount: 0 });
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
    socket.close();
  });

  it('refuses a file over the size limit, a piece past the announced size, and deletes what a closed socket was sending', async () => {
    const { host: h, dataDir } = await host();
    const socket = await openSocket(h.port, h.token);
    const client = new WireClient(socket);
    const tooBig = await client.request('upload:begin', { purpose: 'callList', fileName: 'big.csv', size: 60 * 1024 * 1024 });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('too large') } });
    const { uploadId } = await client.ok('upload:begin', { purpose: 'callList', fileName: 'small.csv', size: 3 });
    expect(await client.request('upload:chunk', { uploadId, offset: 0, dataBase64: Buffer.from('abcdef').toString('base64') })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('longer than announced') },
    });
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
    const pending = await client.ok('upload:begin', { purpose: 'customers', fileName: 'half.csv', size: 1000 });
    await client.ok('upload:chunk', { uploadId: pending.uploadId, offset: 0, dataBase64: Buffer.from('Name;Telefon\n').toString('base64') });
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toHaveLength(1);
    socket.close();
    await closed(socket);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
    // Another page cannot name this page's upload.
    const other = new WireClient(await openSocket(h.port, h.token));
    expect((await other.request('customers:import', { uploadId: pending.uploadId })).error.code).toBe('not-found');
    other.socket.close();
  });

  it('names the first 200 rejected rows of a call list and counts the rest', async () => {
    const { host: h } = await host();
    const client = new WireClient(await openSocket(h.port, h.token));
    const rows = ['Name;Telefon'];
    for (let i = 0; i < 1000; i++) rows.push(`Ohne Nummer ${i};`);
    for (let i = 0; i < 50; i++) rows.push(`Kundin ${i};030 ${6_000_000 + i}`);
    const uploadId = await upload(over(client), 'callList', 'welle.csv', Buffer.from(rows.join('\n')));
    const result = await client.ok('callLists:import', { name: 'Welle', campaign: 'survey', uploadId });
    expect(result.list).toMatchObject({ total: 50, pending: 50 });
    expect(result.rejectedCount).toBe(1000);
    expect(result.rejected).toHaveLength(200);
    expect(result.rejected[0]).toEqual({ row: 2, reason: 'no phone number', said: { key: 'callList.rowNoNumber', params: {} } });
    expect(result.rejected[199]).toEqual({ row: 201, reason: 'no phone number', said: { key: 'callList.rowNoNumber', params: {} } });
    client.socket.close();
  });
});
