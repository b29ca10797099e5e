/**
 * A sync backend built from docs/sync-api.yaml by an independent OpenAPI tool (openapi-backend)
 * inside a real node:http server. The tool routes and validates every request against the spec,
 * and the test hears of each violation. What it answers is the test's choice; every answer is
 * checked against the spec as well, so a test can only put the workstation in front of answers
 * the spec allows. `mockAnswer` is the tool's own mock of an answer, as a mock server gives it.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { OpenAPIBackend, SetMatchType, type Context, type Document } from 'openapi-backend';
import YAML from 'yaml';
import { projectRoot } from './paths';

export const SYNC_SPEC = path.join(projectRoot, 'docs', 'sync-api.yaml');

export interface SpecAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SentEvent {
  id: string;
  topic: string;
  entityId: string;
  createdAt: number;
  payload: unknown;
}

export type Answerer = (events: SentEvent[]) => SpecAnswer;

/** Confirms every event it is sent: the backend as the spec means it. */
export const confirmAll: Answerer = (events) => ({ status: 200, body: { results: events.map((e) => ({ id: e.id, status: 'stored' })) } });

export class SpecSyncBackend {
  answer: Answerer = confirmAll;
  token = 'sync-token';
  /** The test's clock, to note when each request came. */
  now: () => number = Date.now;
  /** Every request the tool accepted as conforming: when, the ids it carried, the status answered. */
  readonly requests: { at: number; ids: string[]; topics: string[]; status: number }[] = [];
  /** Every way a request broke the spec, as the tool words it. */
  readonly requestViolations: string[] = [];
  /** Every way an answer the test chose broke the spec (a test mistake, not the workstation's). */
  readonly answerViolations: string[] = [];
  /** What `GET /v1/topics` answers (checked against the spec), and the ETag it carries. */
  topics: { body: unknown; etag: string } = { body: { topics: [] }, etag: '"empty"' };
  /** Every conforming `GET /v1/topics`: when, and the If-None-Match it carried. */
  readonly topicRequests: { at: number; ifNoneMatch: string | null }[] = [];
  private readonly server: http.Server;
  private port = 0;

  private constructor(private readonly api: OpenAPIBackend) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  static async start(): Promise<SpecSyncBackend> {
    const definition = YAML.parse(fs.readFileSync(SYNC_SPEC, 'utf8')) as Document;
    // quick: the tool's own check of the document knows OpenAPI 3.0 only; test/unit/sync-spec.test.ts checks it as 3.1.
    const api = new OpenAPIBackend({
      definition,
      quick: true,
      strict: true,
      validate: true,
      // The spec says `format: uuid` for event ids and the Idempotency-Key: check it, don't ignore it.
      customizeAjv: (ajv) => ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
    });
    const backend = new SpecSyncBackend(api);
    api.registerSecurityHandler('bearer', (c: Context) => c.request.headers.authorization === `Bearer ${backend.token}`);
    api.register({
      postEvents: (c: Context, res: http.ServerResponse) => backend.answerEvents(c, res),
      getTopics: (c: Context, res: http.ServerResponse) => backend.answerTopics(c, res),
      validationFail: (c: Context, res: http.ServerResponse) =>
        backend.refuse(res, 400, c.validation.errors?.map((e) => `${e.instancePath || '(request)'} ${e.message ?? ''}`.trim()) ?? ['invalid']),
      unauthorizedHandler: (_: Context, res: http.ServerResponse) => backend.refuse(res, 401, ['no valid bearer token']),
      notFound: (c: Context, res: http.ServerResponse) => backend.refuse(res, 404, [`no such path ${c.request.path}`]),
      methodNotAllowed: (c: Context, res: http.ServerResponse) => backend.refuse(res, 405, [`method ${c.request.method} not allowed`]),
    });
    await api.init();
    await new Promise<void>((resolve) => backend.server.listen(0, '127.0.0.1', resolve));
    backend.port = (backend.server.address() as AddressInfo).port;
    return backend;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The answer the tool itself makes up for `status` from the spec's schema, as a mock server would. */
  mockAnswer(status = 200): SpecAnswer {
    const { mock } = this.api.mockResponseForOperation('postEvents', { code: status });
    return { status, body: mock };
  }

  /** The statuses the spec documents for the operation (`5XX` stands for every 5xx). */
  documentedStatuses(): string[] {
    return Object.keys(this.api.getOperation('postEvents')?.responses ?? {});
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      this.refuse(res, 400, ['the body is not JSON']);
      return;
    }
    const url = new URL(req.url ?? '/', this.url);
    try {
      await this.api.handleRequest(
        { method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), headers: req.headers as Record<string, string>, body },
        res,
      );
    } catch (error) {
      this.refuse(res, 500, [`the tool failed: ${String(error)}`]);
    }
  }

  private answerEvents(c: Context, res: http.ServerResponse): void {
    const events = (c.request.requestBody as { events: SentEvent[] }).events;
    const answer = this.answer(events);
    this.checkAnswer(answer);
    this.requests.push({ at: this.now(), ids: events.map((e) => e.id), topics: events.map((e) => e.topic), status: answer.status });
    const headers: Record<string, string> = { ...answer.headers };
    if (answer.body !== undefined) headers['Content-Type'] = 'application/json';
    res.writeHead(answer.status, headers).end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }

  private answerTopics(c: Context, res: http.ServerResponse): void {
    const ifNoneMatch = (c.request.headers['if-none-match'] as string | undefined) ?? null;
    this.topicRequests.push({ at: this.now(), ifNoneMatch });
    if (ifNoneMatch === this.topics.etag) return void res.writeHead(304).end();
    const checked = this.api.validateResponse(this.topics.body, 'getTopics', 200);
    for (const e of checked.errors ?? []) this.answerViolations.push(`GET /v1/topics body ${e.instancePath} ${e.message ?? ''}`);
    res.writeHead(200, { 'Content-Type': 'application/json', ETag: this.topics.etag }).end(JSON.stringify(this.topics.body));
  }

  private checkAnswer(answer: SpecAnswer): void {
    const documented = this.documentedStatuses();
    const key = documented.includes(String(answer.status)) ? String(answer.status) : `${String(answer.status)[0]}XX`;
    if (!documented.includes(key)) {
      this.answerViolations.push(`HTTP ${answer.status} is not documented`);
      return;
    }
    if (answer.body !== undefined) {
      const body = this.api.validateResponse(answer.body, 'postEvents', answer.status);
      for (const e of body.errors ?? []) this.answerViolations.push(`HTTP ${answer.status} body ${e.instancePath} ${e.message ?? ''}`);
    }
    if (answer.headers) {
      // Subset: every header the answer carries must be one the spec documents for its status.
      const named = Object.fromEntries(Object.entries(answer.headers).map(([name, value]) => [name.toLowerCase(), value]));
      const headers = this.api.validateResponseHeaders(named, 'postEvents', { statusCode: answer.status, setMatchType: SetMatchType.Subset });
      for (const e of headers.errors ?? []) this.answerViolations.push(`HTTP ${answer.status} headers ${e.instancePath} ${e.message ?? ''}`);
    }
  }

  private refuse(res: http.ServerResponse, status: number, problems: string[]): void {
    this.requestViolations.push(...problems);
    res.writeHead(status, { 'Content-Type': 'text/plain' }).end(problems.join('\n'));
  }
}
