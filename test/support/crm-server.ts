/**
 * A real HTTP CRM for screen-pop tests: answers `GET /api/customers?phone=…`,
 * `GET /api/customers?q=…` (a free-text search: name or customer number contains it) and
 * `GET /api/customers/<customerNumber>` from its own customer list, as `{ data: { customers } }`.
 * The test switches its mode: ok, slow (answers correctly, late), down (the port is closed),
 * garbage (not JSON), unauthorized (401), error (500 with a text), redirect (302 to another
 * address, before any auth check, as a login proxy or a moved CRM does).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type CrmMode =
  | { kind: 'ok' }
  | { kind: 'slow'; ms: number }
  | { kind: 'down' }
  | { kind: 'garbage' }
  | { kind: 'unauthorized' }
  | { kind: 'error' }
  | { kind: 'redirect'; to: string };

export interface CrmRecord {
  crmId: string;
  number: string;
  fullName: string;
  mail?: string;
  address?: { zip: string; town: string };
  phones: string[];
}

export class CrmServer {
  mode: CrmMode = { kind: 'ok' };
  token = 'crm-token';
  customers: CrmRecord[] = [];
  /** Every request: path with query, and the Authorization header. */
  readonly requests: { url: string; auth: string | undefined }[] = [];
  /** Every request's headers, in the same order. */
  readonly headers: http.IncomingHttpHeaders[] = [];
  private server: http.Server | null = null;
  private sockets = new Set<import('node:net').Socket>();
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens (again, on the same port after `stop`, when one was given before). */
  async start(): Promise<void> {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the port: connections are refused ("down"). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async setMode(mode: CrmMode): Promise<void> {
    this.mode = mode;
    if (mode.kind === 'down') await this.stop();
    else if (!this.server) await this.start();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ url: `${url.pathname}${url.search}`, auth: req.headers.authorization });
    this.headers.push(req.headers);
    const mode = this.mode;
    if (mode.kind === 'redirect') {
      res.writeHead(302, { Location: mode.to }).end();
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.token}` || mode.kind === 'unauthorized') {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    if (mode.kind === 'garbage') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('<html><body>Wartungsarbeiten</body></html>');
      return;
    }
    if (mode.kind === 'error') {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Datenbank nicht erreichbar');
      return;
    }
    let found: CrmRecord[];
    const byId = /^\/api\/customers\/([^/]+)$/.exec(url.pathname);
    if (byId) found = this.customers.filter((c) => c.number === decodeURIComponent(byId[1] ?? ''));
    else if (url.pathname === '/api/customers') {
      const phone = url.searchParams.get('phone');
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      found =
        phone !== null
          ? this.customers.filter((c) => c.phones.includes(phone))
          : this.customers.filter((c) => c.fullName.toLowerCase().includes(q) || c.number.toLowerCase().includes(q));
    } else {
      res.writeHead(404).end();
      return;
    }
    const answer = () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ data: { customers: found } }));
    if (mode.kind === 'slow') setTimeout(answer, mode.ms);
    else answer();
  }
}
