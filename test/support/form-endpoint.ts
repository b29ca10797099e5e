/**
 * A real HTTP endpoint of a client's system for form-delivery tests (clients[].forms): takes
 * `POST /api/forms/<form>`, checks the auth header, and keeps each form once per idempotency key,
 * answering 409 to a key it already holds, as an idempotent system does. Faults are queued by the
 * test, one per request: a status with a body, a dropped connection, or "store then fail" (it keeps
 * the form and then answers 500 or drops the connection: the answer is lost).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type EndpointFault =
  | { kind: 'status'; status: number; body?: string; retryAfter?: string }
  | { kind: 'reset' }
  | { kind: 'store-then'; status: number }
  | { kind: 'store-then-drop' };

export interface EndpointRequest {
  path: string;
  auth: string | undefined;
  key: string | undefined;
  body: unknown;
  answered: number | string;
}

export class FormEndpoint {
  /** Forms kept, by idempotency key: what the client's system holds. */
  readonly stored = new Map<string, unknown>();
  readonly requests: EndpointRequest[] = [];
  faults: EndpointFault[] = [];
  token = 'Bearer form-secret-123';
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly sockets = new Set<import('node:net').Socket>();
  port = 0;

  constructor() {
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

  /** The forms stored for this form id, in arrival order. */
  formsAt(formId: string): unknown[] {
    return this.requests.filter((r) => r.path === `/api/forms/${formId}` && r.answered === 200).map((r) => r.body);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const key = req.headers['idempotency-key'] as string | undefined;
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      const request: EndpointRequest = { path: req.url ?? '', auth: req.headers.authorization, key, body, answered: 0 };
      this.requests.push(request);
      const answer = (status: number, reply = '', headers: Record<string, string> = {}) => {
        request.answered = status;
        res.writeHead(status, headers).end(reply);
      };
      if (request.auth !== this.token) return answer(401, `invalid credentials: ${request.auth ?? 'none'}`);
      const fault = this.faults.shift();
      if (fault?.kind === 'status') return answer(fault.status, fault.body ?? '', fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {});
      if (fault?.kind === 'reset') {
        request.answered = 'reset';
        req.socket.destroy();
        return;
      }
      if (!key) return answer(400, JSON.stringify({ message: 'Idempotency-Key missing' }));
      if (this.stored.has(key)) return answer(409, JSON.stringify({ message: 'already received' }));
      this.stored.set(key, body);
      if (fault?.kind === 'store-then') return answer(fault.status, 'internal error after commit');
      if (fault?.kind === 'store-then-drop') {
        request.answered = 'stored-then-drop';
        req.socket.destroy();
        return;
      }
      answer(200, JSON.stringify({ ok: true }), { 'Content-Type': 'application/json' });
    });
  }
}
