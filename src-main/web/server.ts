import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { wireMediaMessageSchema, wireRequestSchema, type WireMessage } from '../contract';
import type { MediaBridge } from '../core/media/media-bridge';
import { RelayMediaChannel } from '../core/media/relay-channel';
import type { Dispatcher } from '../api/dispatcher';
import type { Logger } from '../core/log';
import { CONTENT_TYPES } from '../api/content-types';

export const BRIDGE_PATH = '/anlauf-bridge.js';
export const SOCKET_PATH = '/ws';
/**
 * Largest message the page may send: file imports (customers, call lists, scripts) travel as
 * base64 in one request (the contract caps a customer file at 140 MB of base64, about 100 MB of
 * CSV; larger files are for `anlauf customers import`). Only a page holding the start token gets
 * a socket at all.
 */
const MAX_MESSAGE_BYTES = 150 * 1024 * 1024;

export interface WebHostOptions {
  /** 0 picks a free port. */
  port: number;
  /** Built renderer (index.html and assets). */
  rendererDir: string;
  /** Built browser bridge script, served at /anlauf-bridge.js. */
  bridgeFile: string;
  dispatcher: Dispatcher;
  /** The page's media end is attached here (the browser host's page holds the real peers). */
  media?: MediaBridge;
  logger: Logger;
  /** Fixed token for tests; by default a random one per start. */
  token?: string;
}

export interface WebHost {
  readonly port: number;
  readonly token: string;
  readonly url: string;
  close(): Promise<void>;
}


function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/**
 * The browser host: serves the renderer and carries the contract over one WebSocket, on
 * 127.0.0.1 only. A socket needs the per-start token and our own Origin; requests with a foreign
 * Host header are refused too, so a page elsewhere cannot reach the workstation by DNS rebinding.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((host) => `http://${host}`);

  const securityHeaders = () => ({
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "media-src 'self' blob:",
      `connect-src 'self' ${allowedHosts().map((h) => `ws://${h}`).join(' ')}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });

  const rendererRoot = path.resolve(options.rendererDir);

  const server = http.createServer((req, res) => {
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    let file: string;
    if (url.pathname === BRIDGE_PATH) {
      file = options.bridgeFile;
    } else {
      const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      file = path.resolve(rendererRoot, '.' + relative);
      if (file !== rendererRoot && !file.startsWith(rendererRoot + path.sep)) {
        res.writeHead(404).end();
        return;
      }
    }
    fs.readFile(file, (error, body) => {
      if (error) {
        res.writeHead(404, { 'Content-Type': 'text/plain', ...securityHeaders() }).end('Not found\n');
        return;
      }
      const ext = path.extname(file);
      let payload: Buffer | string = body;
      if (path.basename(file) === 'index.html' && file.startsWith(rendererRoot)) {
        // The bridge plays the preload's part: it must define window.anlauf before the app runs.
        payload = body.toString('utf8').replace('<head>', `<head><script src="${BRIDGE_PATH}"></script>`);
      }
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
        'Cache-Control': ext === '.html' || file === options.bridgeFile ? 'no-store' : 'max-age=3600',
        ...securityHeaders(),
      });
      res.end(req.method === 'HEAD' ? undefined : payload);
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, reason: string) => {
      options.logger.log('warn', 'browser host refused a connection', { reason, origin: req.headers.origin ?? null });
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', 'http://invalid');
    if (url.pathname !== SOCKET_PATH) return refuse(404, 'Not Found');
    if (!allowedHosts().includes(req.headers.host ?? '')) return refuse(421, 'Misdirected Request');
    if (!allowedOrigins().includes(req.headers.origin ?? '')) return refuse(403, 'Forbidden');
    if (!sameSecret(url.searchParams.get('token') ?? '', token)) return refuse(401, 'Unauthorized');
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, options));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveSocket(ws: WebSocket, options: WebHostOptions): void {
  const send = (message: WireMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = options.dispatcher.subscribe((event, payload) => send({ type: 'event', event, payload }));
  let media: RelayMediaChannel | null = null;
  ws.on('close', () => {
    unsubscribe();
    media?.close();
  });
  ws.on('message', (data, isBinary) => {
    let message: unknown;
    try {
      if (isBinary) throw new Error('binary frame');
      message = JSON.parse(data.toString());
    } catch {
      options.logger.log('warn', 'browser host dropped an unreadable message');
      return;
    }
    const mediaMessage = wireMediaMessageSchema.safeParse(message);
    if (mediaMessage.success) {
      const m = mediaMessage.data;
      if (m.type === 'media-hello') {
        media?.close();
        media = new RelayMediaChannel(m.capabilities, (seq, request) => send({ type: 'media-request', seq, request }));
        options.media?.attach(media);
        options.logger.log('info', 'a page attached as media end', { rfc4733Dtmf: m.capabilities.rfc4733Dtmf });
      } else if (m.type === 'media-reply') media?.reply(m.reply);
      else media?.event(m.event);
      return;
    }
    const request = wireRequestSchema.safeParse(message);
    if (!request.success) {
      const seq = (message as { seq?: unknown } | null)?.seq;
      if (typeof seq === 'number') {
        send({ type: 'response', seq, ok: false, error: { code: 'invalid-request', message: 'Malformed request envelope.' } });
      }
      return;
    }
    const { seq, command, payload } = request.data;
    void options.dispatcher.handle(command, payload).then((result) =>
      send(result.ok ? { type: 'response', seq, ok: true, result: result.result } : { type: 'response', seq, ok: false, error: result.error }),
    );
  });
}

