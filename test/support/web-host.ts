import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { Dispatcher } from '../../src-main/api/dispatcher';
import type { Logger } from '../../src-main/core/log';
import { startWebHost, type WebHost, type WebHostOptions } from '../../src-main/web/server';
import { tempDir } from './temp';
import { makeWorkstation } from './workstation';

export interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** A browser host in this process on a real workstation, with a logger the test can read. */
export async function startTestHost(extra: Partial<WebHostOptions> = {}) {
  const logs: LogLine[] = [];
  const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, fields }) };
  const { ws, clock, dataDir } = makeWorkstation({ logger });
  await ws.start();
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  const bridgeFile = path.join(rendererDir, 'bridge.js');
  fs.writeFileSync(bridgeFile, '/* bridge */');
  const dispatcher = new Dispatcher(ws);
  const host: WebHost = await startWebHost({ port: 0, rendererDir, bridgeFile, dispatcher, media: ws.media, logger, ...extra });
  return { host, ws, clock, dataDir, logs, dispatcher, stop: async () => (await host.close(), await ws.stop()) };
}

/**
 * Sends `raw` bytes as they are on a new TCP connection and resolves with what came back when
 * the server closed it (or after `ms`): malformed requests really go on the wire this way.
 */
export function rawRequest(port: number, raw: string | Buffer, ms = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      // One whole response is enough: keep-alive would otherwise hold the socket until `ms`.
      if (/\r\n\r\n/.test(answer) && /content-length: *0\r\n|connection: close/i.test(answer)) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(raw);
  });
}

export const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

/** Opens the app's socket with the right token and Origin. */
export function openSocket(port: number, token: string, host = `127.0.0.1:${port}`): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${host}/ws?token=${token}`, { origin: `http://${host}` });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Requests over one socket, matched to their responses by seq; events are kept. */
export class WireClient {
  private seq = 0;
  private readonly waiting = new Map<number, (message: any) => void>();
  readonly events: any[] = [];
  readonly mediaRequests: any[] = [];
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'event') this.events.push(message);
      else if (message.type === 'media-request') this.mediaRequests.push(message);
      else {
        const waiter = this.waiting.get(message.seq);
        this.waiting.delete(message.seq);
        waiter?.(message);
      }
    });
  }
  request(command: unknown, payload: unknown): Promise<any> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, resolve);
      this.socket.send(JSON.stringify({ type: 'request', seq, command, payload }), (error) => error && reject(error));
    });
  }
  async ok(command: string, payload: unknown = {}): Promise<any> {
    const reply = await this.request(command, payload);
    if (!reply.ok) throw new Error(`${command}: ${reply.error.message}`);
    return reply.result;
  }
}

/** Resolves with the close code and reason once the socket closes. */
export function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}
