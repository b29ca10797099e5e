/**
 * A real HTTP CRM for screen-pop tests: answers `GET /api/customers?phone=…`,
 * `GET /api/customers?q=…` (a free-text search: name or customer number contains it) and
 * `GET /api/customers/<customerNumber>` from its own customer list, as `{ data: { customers } }`.
 * The test switches its mode: ok, slow (answers correctly, late), down (the port is closed),
 * garbage (not JSON), unauthorized (401), error (500 with a text), redirect (302 to another
 * address, before any auth check, as a login proxy or a moved CRM does).
 *
 * It also takes writes, as a CRM with a REST API does, under `/api/v2/customers`: `POST` creates a
 * customer (201, its id and an ETag), `GET /<id>` reads one with its ETag, `PUT`/`PATCH /<id>`
 * changes one when `If-Match` names its current ETag (else `conflictStatus`, 412 or 409). A repeated
 * `Idempotency-Key` gets the first answer again and changes nothing. `writeMode` adds faults:
 * `error` (500), `invalid` (422 with the CRM's reason).
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

/** A customer as the CRM keeps what was written to it (the body's shape of the write API). */
export interface CrmWritten {
  id: string;
  number?: string | null;
  fullName?: string | null;
  mail?: string | null;
  address?: { zip?: string | null; town?: string | null };
  phones?: string[];
  version: number;
}

export class CrmServer {
  mode: CrmMode = { kind: 'ok' };
  /** Faults of the write API only. */
  writeMode: 'ok' | 'error' | 'invalid' = 'ok';
  /** What an `If-Match` naming an older version gets. */
  conflictStatus: 409 | 412 = 412;
  /** The customers written through the write API, by id. */
  readonly written = new Map<string, CrmWritten>();
  /** Every write request (not GETs of the write API): method, path, headers and body. */
  readonly writes: { method: string; path: string; headers: http.IncomingHttpHeaders; body: unknown; status: number }[] = [];
  private readonly answered = new Map<string, { status: number; body: string; etag: string | null }>();
  private nextId = 1;
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

  /** Someone else changes a written customer in the CRM: a new version (and ETag). */
  changeElsewhere(id: string, change: Partial<Omit<CrmWritten, 'id' | 'version'>>): void {
    const record = this.written.get(id);
    if (!record) throw new Error(`no customer ${id} in the CRM`);
    this.written.set(id, { ...record, ...change, version: record.version + 1 });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if ((req.url ?? '').startsWith('/api/v2/customers')) {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.handleWrite(req, res, Buffer.concat(chunks).toString('utf8')));
      return;
    }
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

  private handleWrite(req: http.IncomingMessage, res: http.ServerResponse, text: string): void {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const etagOf = (record: CrmWritten) => `"v${record.version}"`;
    const send = (status: number, body: unknown, etag: string | null = null) => {
      const json = body === null ? '' : JSON.stringify(body);
      if (method !== 'GET') this.writes.push({ method, path: url.pathname, headers: req.headers, body: text ? (JSON.parse(text) as unknown) : null, status });
      const key = req.headers['idempotency-key'];
      if (typeof key === 'string' && method !== 'GET' && status < 500) this.answered.set(key, { status, body: json, etag });
      res.writeHead(status, { 'Content-Type': 'application/json', ...(etag ? { ETag: etag } : {}) }).end(json);
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { error: 'unauthorized' });
    const id = /^\/api\/v2\/customers\/([^/]+)$/.exec(url.pathname)?.[1];
    if (method === 'GET' && id) {
      const record = this.written.get(decodeURIComponent(id));
      return record ? send(200, record, etagOf(record)) : send(404, { error: 'no such customer' });
    }
    const key = req.headers['idempotency-key'];
    const before = typeof key === 'string' ? this.answered.get(key) : undefined;
    if (before) {
      this.writes.push({ method, path: url.pathname, headers: req.headers, body: text ? (JSON.parse(text) as unknown) : null, status: before.status });
      res.writeHead(before.status, { 'Content-Type': 'application/json', ...(before.etag ? { ETag: before.etag } : {}) }).end(before.body);
      return;
    }
    if (this.writeMode === 'error') return send(500, { error: 'Datenbank nicht erreichbar' });
    const body = JSON.parse(text || '{}') as Omit<CrmWritten, 'id' | 'version'>;
    if (this.writeMode === 'invalid') return send(422, { message: 'Postleitzahl passt nicht zum Ort' });
    if (method === 'POST' && url.pathname === '/api/v2/customers') {
      const record: CrmWritten = { ...body, id: `c-${this.nextId++}`, version: 1 };
      this.written.set(record.id, record);
      return send(201, record, etagOf(record));
    }
    if ((method === 'PUT' || method === 'PATCH') && id) {
      const record = this.written.get(decodeURIComponent(id));
      if (!record) return send(404, { message: 'no such customer' });
      const match = req.headers['if-match'];
      if (match !== undefined && match !== '*' && match !== etagOf(record)) return send(this.conflictStatus, { message: 'changed by someone else' });
      const next: CrmWritten = { ...(method === 'PUT' ? {} : record), ...body, id: record.id, version: record.version + 1 };
      this.written.set(record.id, next);
      return send(200, next, etagOf(next));
    }
    send(405, { message: 'not allowed' });
  }
}
