import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { said, wireMediaMessageSchema, wireRequestSchema, type WireMessage } from '../contract';
import type { MediaBridge } from '../core/media/media-bridge';
import { RelayMediaChannel } from '../core/media/relay-channel';
import type { Dispatcher } from '../api/dispatcher';
import type { Logger } from '../core/log';
import { resolveRendererFile } from '../api/app-files';
import { CONTENT_TYPES } from '../api/content-types';
import { errorForLog } from '../core/log';

export const BRIDGE_PATH = '/anlauf-bridge.js';
export const SOCKET_PATH = '/ws';

/** How much one page may make main hold; tests lower them to reach them quickly. */
export interface WebHostLimits {
  /**
   * Largest WebSocket message. Commands and media replies (two SDPs) are small; files travel in
   * `upload:chunk` pieces of 512 KiB (src-main/api/uploads.ts), so nothing legitimate comes near.
   */
  maxMessageBytes: number;
  /** Open sockets at once: the app's tab, a reload overlapping the old one, a second tab or two. */
  maxSockets: number;
  /**
   * Bytes main may have queued for one socket (its bufferedAmount). A page that stops reading
   * while events keep coming is closed past this, instead of main buffering without end.
   */
  maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: WebHostLimits = {
  maxMessageBytes: 4 * 1024 * 1024,
  maxSockets: 8,
  maxBufferedBytes: 16 * 1024 * 1024,
};

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
  limits?: Partial<WebHostLimits>;
}

export interface WebHost {
  readonly port: number;
  readonly token: string;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The version of a file by its content (the first 16 hex digits of its SHA-256), read again only
 * when its size or time changed: a rebuilt bridge gets a new name at once.
 */
function versionOf(file: string): () => string {
  let stamp = '';
  let version = '0';
  return () => {
    try {
      const stat = fs.statSync(file);
      const now = `${stat.size}:${stat.mtimeMs}`;
      if (now !== stamp) {
        version = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
        stamp = now;
      }
    } catch {
      // Missing: the request for it answers 404; the page names a version nobody keeps.
      stamp = '';
      version = '0';
    }
    return version;
  };
}

/** `new URL` throws on targets such as `http://[`: every caller gets null instead. */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://invalid');
  } catch {
    return null;
  }
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
      `connect-src 'self' ${allowedHosts()
        .map((h) => `ws://${h}`)
        .join(' ')}`,
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

  const limits: WebHostLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const rendererRoot = path.resolve(options.rendererDir);

  const bridgeVersion = versionOf(options.bridgeFile);

  const notFound = (res: http.ServerResponse) => res.writeHead(404, { 'Content-Type': 'text/plain', ...securityHeaders() }).end('Not found\n');

  const serveFile = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    // Only the path is read, and only after it parsed: the request target is the sender's text.
    const target = parseTarget(req.url);
    const pathname = target?.pathname ?? null;
    const file = pathname === BRIDGE_PATH ? options.bridgeFile : pathname === null ? null : resolveRendererFile(rendererRoot, pathname);
    if (file === null) {
      notFound(res);
      return;
    }
    fs.readFile(file, (error, body) => {
      if (error) {
        notFound(res);
        return;
      }
      const ext = path.extname(file);
      let payload: Buffer | string = body;
      let cache = ext === '.html' ? 'no-store' : 'max-age=3600';
      if (path.basename(file) === 'index.html' && file.startsWith(rendererRoot)) {
        // The bridge plays the preload's part: it must define window.anlauf before the app runs.
        payload = body.toString('utf8').replace('<head>', `<head><script src="${BRIDGE_PATH}?v=${bridgeVersion()}"></script>`);
      } else if (file === options.bridgeFile) {
        // Named by its content, the bridge may be kept for good: a reload then runs it from
        // Chromium's cache with its compiled code instead of parsing it anew (a quarter of a
        // second on a desk PC, while a call waits for its audio). Any other name is not kept.
        cache = target?.searchParams.get('v') === bridgeVersion() ? 'max-age=31536000, immutable' : 'no-store';
      }
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
        'Cache-Control': cache,
        ...securityHeaders(),
      });
      res.end(req.method === 'HEAD' ? undefined : payload);
    });
  };

  const server = http.createServer((req, res) => {
    // No request may throw out of the server: an exception here would end the process, and with
    // it every call. A bug answers 500 and is logged instead.
    try {
      serveFile(req, res);
    } catch (error) {
      options.logger.log('error', 'browser host failed to answer a request', { error: errorForLog(error) });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    }
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });

  const upgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, reason: string) => {
      options.logger.log('warn', 'browser host refused a connection', { reason, origin: req.headers.origin ?? null });
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const target = parseTarget(req.url);
    if (!target) return refuse(400, 'Bad Request');
    if (target.pathname !== SOCKET_PATH) return refuse(404, 'Not Found');
    if (!allowedHosts().includes(req.headers.host ?? '')) return refuse(421, 'Misdirected Request');
    if (!allowedOrigins().includes(req.headers.origin ?? '')) return refuse(403, 'Forbidden');
    if (!sameSecret(target.searchParams.get('token') ?? '', token)) return refuse(401, 'Unauthorized');
    sockets.handleUpgrade(req, socket, head, (ws) => {
      // The page gets a reason it can show rather than a silent refusal; the socket count stays
      // bounded whatever a page opens.
      if (sockets.clients.size > limits.maxSockets) {
        options.logger.log('warn', 'browser host refused a socket: too many open', { open: sockets.clients.size - 1, max: limits.maxSockets });
        ws.close(1013, 'Too many connections to the workstation; close other Anlauf tabs.');
        return;
      }
      serveSocket(ws, options, limits);
    });
  };

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets while we refuse it makes the write fail; that is its business only.
    socket.on('error', () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch (error) {
      options.logger.log('error', 'browser host failed to answer an upgrade', { error: errorForLog(error) });
      socket.destroy();
    }
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

function serveSocket(ws: WebSocket, options: WebHostOptions, limits: WebHostLimits): void {
  let open = true;
  // ws reports a broken frame (bad opcode, bad UTF-8, too large) as 'error' and closes the socket
  // itself (1002, 1007, 1009); without a listener the error would end the process.
  ws.on('error', (error) => options.logger.log('warn', 'browser host closed a socket after a protocol error', { error: error.message }));
  const send = (message: WireMessage) => {
    if (!open || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      // The page stopped reading (a frozen or hostile tab): drop it rather than hold its backlog.
      open = false;
      options.logger.log('warn', 'browser host closed a socket that stopped reading', { bufferedBytes: ws.bufferedAmount, max: limits.maxBufferedBytes });
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(message));
  };
  const unsubscribe = options.dispatcher.subscribe((event, payload) => send({ type: 'event', event, payload }));
  // This page's own files in flight: given up when it goes.
  const session = options.dispatcher.openSession();
  let media: RelayMediaChannel | null = null;
  ws.on('close', () => {
    open = false;
    unsubscribe();
    session.close();
    media?.close();
  });
  ws.on('message', (data, isBinary) => {
    try {
      receive(data, isBinary);
    } catch (error) {
      options.logger.log('error', 'browser host failed to handle a message', { error: errorForLog(error) });
    }
  });
  const receive = (data: RawData, isBinary: boolean) => {
    let message: unknown;
    try {
      if (isBinary) throw new Error('binary frame');
      message = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'));
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
        send({
          type: 'response',
          seq,
          ok: false,
          error: { code: 'invalid-request', message: 'Malformed request envelope.', said: said('host.malformedRequest', {}) },
        });
      }
      return;
    }
    const { seq, command, payload } = request.data;
    session.handle(command, payload).then(
      (result) => send(result.ok ? { type: 'response', seq, ok: true, result: result.result } : { type: 'response', seq, ok: false, error: result.error }),
      (error: unknown) => {
        options.logger.log('error', 'browser host: a command failed outside the dispatcher', { command, error: errorForLog(error) });
        send({ type: 'response', seq, ok: false, error: { code: 'failed', message: `${command} failed.`, said: said('host.commandFailed', { command }) } });
      },
    );
  };
}
