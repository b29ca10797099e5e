/**
 * A real HTTP backend for sync tests (docs/sync-api.yaml): stores events by id and counts every
 * delivery per id, so a test can prove "exactly once". Faults are switched on by the test.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'none' }
  | { kind: 'status'; status: number; body?: string; retryAfter?: string }
  | { kind: 'hang' } // never answers (the client times out)
  | { kind: 'reset' } // drops the connection before answering
  | { kind: 'slow'; ms: number } // answers correctly, late
  | { kind: 'commit-then-drop' }; // stores the batch, then drops the connection: the answer is lost

export interface StoredEvent {
  id: string;
  topic: string;
  entityId: string;
  createdAt: number;
  payload: unknown;
}

export class SyncServer {
  readonly stored = new Map<string, StoredEvent>();
  /** Every event id as it arrived, duplicates included, in arrival order. */
  readonly arrivals: string[] = [];
  /** Per request: status sent (or the fault), batch size, Authorization and Idempotency-Key. */
  readonly requests: { status: number | string; size: number; auth: string | undefined; key: string | undefined }[] = [];
  /** How often a desk asked for its current topics. */
  topicRequests = 0;
  faults: Fault[] = [];
  /** Ids the backend rejects for good (per-record "rejected"). */
  rejectIds = new Set<string>();
  /** Ids whose presence makes the whole batch a 400 (a malformed record, as some backends do). */
  poisonIds = new Set<string>();
  token = 'sync-token';
  private server: http.Server;
  private sockets = new Set<import('node:net').Socket>();
  port = 0;

  constructor() {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** How many times each id arrived. */
  countOf(id: string): number {
    return this.arrivals.filter((a) => a === id).length;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      // The desk's current topics (GET /v1/topics) are not what these tests count or fault.
      if (req.method === 'GET' && req.url === '/v1/topics') {
        this.topicRequests++;
        return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ topics: [] }));
      }
      const fault = this.faults.shift() ?? { kind: 'none' };
      const auth = req.headers.authorization;
      const key = req.headers['idempotency-key'] as string | undefined;
      let events: StoredEvent[] = [];
      try {
        events = (JSON.parse(body) as { events: StoredEvent[] }).events;
      } catch {
        res.writeHead(400).end('not json');
        return;
      }
      const note = (status: number | string) => this.requests.push({ status, size: events.length, auth, key });
      if (req.url !== '/v1/events' || req.method !== 'POST') return void (note(404), res.writeHead(404).end());
      if (auth !== `Bearer ${this.token}`) return void (note(401), res.writeHead(401).end('unknown token'));
      if (fault.kind === 'status') {
        note(fault.status);
        res.writeHead(fault.status, fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}).end(fault.body ?? '');
        return;
      }
      if (fault.kind === 'hang') return void note('hang');
      if (fault.kind === 'reset') return void (note('reset'), req.socket.destroy());
      if (events.some((e) => this.poisonIds.has(e.id))) return void (note(400), res.writeHead(400).end('malformed event'));

      const results = events.map((event) => {
        this.arrivals.push(event.id);
        if (this.rejectIds.has(event.id)) return { id: event.id, status: 'rejected', error: 'customer unknown' };
        if (this.stored.has(event.id)) return { id: event.id, status: 'duplicate' };
        this.stored.set(event.id, event);
        return { id: event.id, status: 'stored' };
      });
      if (fault.kind === 'commit-then-drop') return void (note('commit-then-drop'), req.socket.destroy());
      const answer = () => {
        note(200);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ results }));
      };
      if (fault.kind === 'slow') setTimeout(answer, fault.ms);
      else answer();
    });
  }
}
