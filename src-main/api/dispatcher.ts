import {
  scrubSecrets,
  secretValues,
  settingsSchema,
  settingsView,
  commands,
  isCommandName,
  said,
  type CommandName,
  type CommandFailure,
  type CommandResponse,
  type ErrorCode,
  type EventName,
  type Commands,
  type Message,
  type Settings,
} from '../contract';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { wordMessage } from '../shared/messages';
import { AnlaufError } from '../core/errors';
import { quarantineSaid } from '../core/sync/quarantine-reasons';
import { exportToString } from '../core/store/call-log-export';
import type { ApiServices } from '../core/api-services';
import { errorForLog, type Logger } from '../core/log';
import type { Workstation } from '../core/workstation';
import type { ScriptProblem } from '../core/scripts/problems';
import { discard, UploadStore, type ReceivedFile, type UploadSession } from './uploads';

export interface DispatchSession {
  handle(command: unknown, payload: unknown): Promise<DispatchResult>;
  close(): void;
}

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: CommandFailure };

/** A refusal as it goes out: the key and its parameters, and their English wording. */
function failure(code: ErrorCode, what: Message): { ok: false; error: CommandFailure } {
  return { ok: false, error: { code, message: wordMessage('en', what), said: what } };
}

/** What a command may need of the page that sent it: the files it is sending. */
interface Caller {
  uploads: UploadSession;
}

type Handlers = {
  [C in CommandName]: (request: z.output<Commands[C]['request']>, caller: Caller) => Promise<CommandResponse<C>> | CommandResponse<C>;
};

/** Runs an import on a received file, and deletes the file whatever happens. */
async function withFile<T>(received: ReceivedFile, run: (received: ReceivedFile) => Promise<T> | T): Promise<T> {
  try {
    return await run(received);
  } finally {
    discard(received);
  }
}

const OK = { ok: true } as const;

/** What the Dispatcher needs of its host's workstation: the services and the events for renderers. */
export type DispatcherHost = Pick<Workstation, 'services' | 'dataDir' | 'logger' | 'onState' | 'onCallLog' | 'onColleagues' | 'onNotice'>;

function handlersFor(api: ApiServices): Handlers {
  return {
    'app:snapshot': () => api.state.snapshot(),
    'phone:answer': async ({ callId }) => {
      await api.phone.answer(callId);
      return OK;
    },
    'phone:hangup': async ({ callId }) => {
      await api.phone.hangup(callId);
      return OK;
    },
    'phone:reject': async ({ callId }) => {
      await api.phone.reject(callId);
      return OK;
    },
    'phone:dial': async ({ target }) => ({ callId: await api.dialing.dial(target) }),
    'phone:hold': async ({ callId }) => {
      await api.phone.hold(callId);
      return OK;
    },
    'phone:resume': async ({ callId }) => {
      await api.phone.resume(callId);
      return OK;
    },
    'phone:mute': async ({ callId, muted }) => {
      await api.phone.setMuted(callId, muted);
      return OK;
    },
    'phone:dtmf': async ({ callId, tones }) => {
      await api.phone.sendDtmf(callId, tones);
      return OK;
    },
    'phone:transfer': async ({ callId, target }) => {
      await api.phone.transfer(callId, api.dialing.dialTarget(target).target);
      return OK;
    },
    'phone:consult': async ({ callId, target }) => ({ callId: await api.phone.consult(callId, api.dialing.dialTarget(target).target) }),
    'phone:completeTransfer': async ({ consultCallId }) => {
      await api.phone.completeTransfer(consultCallId);
      return OK;
    },
    'phone:swap': async ({ callId }) => {
      await api.phone.swap(callId);
      return OK;
    },
    'agent:setState': ({ state, reason }) => {
      api.agent.setState(state, reason);
      return OK;
    },
    'script:next': ({ sessionId, value }) => {
      api.scripts.next(sessionId, value === null ? '' : value);
      return OK;
    },
    'script:back': ({ sessionId }) => {
      api.scripts.back(sessionId);
      return OK;
    },
    'scripts:load': async (request, { uploads }) => {
      const { fileName, content } =
        'uploadId' in request
          ? await withFile(uploads.take(request.uploadId, 'script'), async (received) => ({
              fileName: received.fileName,
              content: new TextDecoder().decode(await fs.promises.readFile(received.file)),
            }))
          : request;
      const result = api.scriptLoads.loadScript(fileName, content);
      const view = (p: ScriptProblem) => ({ file: p.file, line: p.line, column: p.col, message: p.message });
      if (!result.ok) return { ok: false as const, problems: result.problems.map(view) };
      if (!('script' in result)) {
        const { loaded, message, said } = result;
        return {
          ok: true as const,
          message,
          said,
          form: { formId: loaded.id, version: loaded.version, title: loaded.title, client: loaded.client, file: fileName },
        };
      }
      const { script, version, message, said } = result;
      const stored = api.library.list().find((s) => s.scriptId === script.id);
      return {
        ok: true as const,
        message,
        said,
        script: {
          scriptId: script.id,
          version,
          title: script.title,
          campaign: script.campaign,
          client: script.client,
          language: script.language,
          file: fileName,
          loadedAt: stored?.loadedAt ?? api.clock.now(),
        },
        ...(result.warnings?.length ? { warnings: result.warnings.map(view) } : {}),
      };
    },
    'scripts:preview': ({ scriptId, version, customer }) => {
      api.scripts.preview(scriptId, version, customer);
      return OK;
    },
    'scripts:closePreview': () => {
      api.scripts.release('preview');
      return OK;
    },
    'forms:choices': ({ callId }) => api.forms.choices(callId),
    'forms:open': ({ callId, formId }) => api.forms.open(callId, formId),
    'forms:set': ({ id, fieldId, value }) => api.forms.set(id, fieldId, value),
    'forms:submit': ({ id }) => api.forms.submit(id),
    'forms:discard': ({ id }) => {
      api.forms.discard(id);
      return OK;
    },
    'forms:correct': ({ id }) => api.forms.correct(id),
    'forms:list': () => api.forms.list(),
    'forms:preview': ({ formId, language }) => api.forms.preview(formId, language),
    'wrapUp:dispose': ({ callId, code, note, callback }) => {
      api.wrapUp.recordDisposition(callId, { code, note, callback });
      return OK;
    },
    'wrapUp:saveNote': ({ callId, note }) => {
      api.wrapUp.saveNote(callId, note);
      return OK;
    },
    'callbacks:dial': async ({ id }) => ({ callId: await api.outbound.dialCallback(id) }),
    'callbacks:cancel': ({ id }) => {
      api.outbound.cancelCallback(id);
      return OK;
    },
    'callLists:import': ({ name, campaign, client, uploadId }, { uploads }) =>
      withFile(uploads.take(uploadId, 'callList'), async ({ file }) => {
        const { list, rejected, rejectedCount } = await api.outbound.importCallList({ name, campaign, client, file });
        return { list, rejected, rejectedCount };
      }),
    'preview:start': ({ listId }) => {
      api.outbound.startPreview(listId);
      return OK;
    },
    'preview:dial': async () => ({ callId: await api.outbound.dialPreview() }),
    'preview:skip': ({ reason }) => {
      api.outbound.skipPreview(reason);
      return OK;
    },
    'preview:stop': () => {
      api.outbound.stopPreview();
      return OK;
    },
    'training:placeCall': (request) => ({ callId: api.training.placeTrainingCall(request) }),
    'customers:search': ({ query, limit, client }) => ({ customers: api.customers.searchCustomers(query, limit, client) }),
    'customers:searchCrm': ({ query, limit, client }) => api.customers.searchWithCrm(query, limit, client),
    'customers:get': ({ id }) => api.customers.customer(id),
    'customers:create': (request) => ({ customer: api.customers.createCustomer(request) }),
    'customers:update': (request) => ({ customer: api.customers.updateCustomer(request) }),
    'customers:resolveConflict': (request) => ({ customer: api.customers.resolveConflict(request) }),
    'customers:import': ({ uploadId, client }, { uploads }) =>
      withFile(uploads.take(uploadId, 'customers'), async ({ file, fileName }) => {
        const result = await api.customers.importCustomers({ fileName, file, client: client ?? null });
        return {
          imported: result.imported,
          rejectedCount: result.rejectedCount,
          rejected: result.rejected,
          encoding: result.encoding,
          delimiter: result.delimiter === '\t' ? 'tab' : result.delimiter,
          columns: result.columns,
          ...(result.languagesNotUnderstoodCount > 0 ? { languagesNotUnderstood: result.languagesNotUnderstoodCount } : {}),
        };
      }),
    'customers:pick': ({ callId, customer }) => {
      api.customers.pickCustomer(callId, customer);
      return OK;
    },
    'training:startScenario': () => {
      api.scenario.start();
      return OK;
    },
    'training:stopScenario': () => {
      api.scenario.stop();
      return OK;
    },
    'callLog:list': (request) => ({ entries: api.callLog.list(request), total: api.callLog.count() }),
    'callLog:search': (query) => api.callLog.search(query),
    'callLog:get': ({ id }) => {
      const entry = api.callLog.get(id);
      if (!entry) throw new AnlaufError('callLog.noSuchCall', {}, 'not-found');
      return entry;
    },
    'callLog:clients': () => api.callLog.clients(),
    'callLog:export': ({ format, ...query }) => {
      const MAX = 200_000;
      const entries = [...api.callLog.searchAll(query, MAX + 1)];
      const truncated = entries.length > MAX;
      const { content, rows } = exportToString(truncated ? entries.slice(0, MAX) : entries, format);
      const stamp = new Date(api.clock.now()).toISOString().slice(0, 16).replace(/[:T]/g, '-');
      return { filename: `anlauf-calls-${stamp}.${format}`, mimeType: format === 'csv' ? 'text/csv' : 'application/json', content, rows, truncated };
    },
    'callLog:reportProblem': ({ callId, note }) => api.diagnostics.reportProblem(callId, note),
    'headset:choose': ({ key }) => {
      if (!(api.headsets?.view() ?? []).some((h) => h.key === key)) throw new AnlaufError('headset.notPlugged', {}, 'not-found');
      api.settings.update({ headset: { device: key } });
      return OK;
    },
    'link:done': ({ id }) => {
      api.links.done(id);
      return OK;
    },
    'support:bundle': async ({ calls, includeCustomerData }) => {
      const bundle = await api.diagnostics.supportBundle({ calls, includeCustomerData });
      return { path: bundle.path, filename: bundle.filename, bytes: bundle.bytes.length, contentBase64: Buffer.from(bundle.bytes).toString('base64') };
    },
    'line:refresh': () => {
      api.line?.refresh();
      return OK;
    },
    'colleagues:show': ({ ids }) => {
      api.colleagues.show(ids);
      return OK;
    },
    'colleagues:list': () => api.colleagues.list(),
    'sync:now': () => api.sync.syncNow(),
    'sync:quarantine': () =>
      api.outbox.quarantined().map((row) => {
        const reason = quarantineSaid(row.lastError);
        return { id: row.id, topic: row.topic, entityId: row.entityId, createdAt: row.createdAt, reason: row.lastError, ...(reason ? { said: reason } : {}) };
      }),
    'settings:update': (patch) => settingsView(api.settings.update(patch)),
    'audio:devices': () => api.audio.refresh(),
    'shiftCheck:start': () => {
      api.shiftCheck.start(api.phone.hasCall() || api.wrapUp.waiting);
      return OK;
    },
    'shiftCheck:answer': (answer) => {
      api.shiftCheck.answer(answer);
      return OK;
    },
    'shiftCheck:close': () => {
      api.shiftCheck.close();
      return OK;
    },
    'signIn:submit': async ({ agentId, password, staySignedIn }) => {
      await api.signIn.signIn(agentId, password, staySignedIn);
      return OK;
    },
    'signIn:signOut': async () => {
      await api.signIn.signOut();
      return OK;
    },
    'topics:open': ({ callId, topicId }) => {
      api.topics.open(callId, topicId);
      return OK;
    },
    'queues:login': async ({ queueId }) => {
      await api.queues.login(queueId);
      return OK;
    },
    'queues:logout': async ({ queueId }) => {
      await api.queues.logout(queueId);
      return OK;
    },
    'upload:begin': ({ purpose, fileName, size }, { uploads }) => uploads.begin(purpose, fileName, size),
    'upload:chunk': ({ uploadId, offset, dataBase64 }, { uploads }) => ({ received: uploads.chunk(uploadId, offset, Buffer.from(dataBase64, 'base64')) }),
    'upload:abort': ({ uploadId }, { uploads }) => {
      uploads.abort(uploadId);
      return OK;
    },
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'request'}: ${issue.message}`)
    .join('; ');
}

/** The secrets' values of one settings object, found once (settings objects are replaced, never changed). */
const secretsOf = new WeakMap<Settings, string[]>();

/**
 * The one place where renderer requests enter the core, and everything for renderers leaves it:
 * the command name is checked against the contract, the payload parsed with its schema, core
 * errors turned into coded replies, and secrets blanked on the way out. Both hosts (Electron IPC,
 * browser WebSocket) go through it.
 */
export class Dispatcher {
  private readonly handlers: Handlers;
  private readonly uploads: UploadStore;
  /**
   * The caller when none is named: Electron's one UI window (its uploads are given up when idle,
   * and at the next start) and in-process callers such as tests.
   */
  private readonly defaultCaller: Caller;

  /**
   * Everything sent to renderers (answers, errors, events; both hosts) with the settings' secret
   * values blanked. The settings view has none already; this catches a secret echoed elsewhere —
   * a backend or CRM that repeats the token in the error text the sync state or a notice shows.
   */
  private scrub<T>(payload: T): T {
    const settings = this.services.settings.get();
    let secrets = secretsOf.get(settings);
    if (!secrets) secretsOf.set(settings, (secrets = secretValues(settingsSchema, settings)));
    return scrubSecrets(payload, secrets);
  }

  private readonly services: ApiServices;
  private readonly logger: Logger;

  constructor(private readonly host: DispatcherHost) {
    this.services = host.services;
    this.logger = host.logger;
    this.handlers = handlersFor(this.services);
    this.uploads = new UploadStore(path.join(host.dataDir, 'uploads'), host.logger);
    this.defaultCaller = { uploads: this.uploads.session() };
  }

  /** A page of its own (a browser host socket): `close` gives up the files it was still sending. */
  openSession(): DispatchSession {
    const caller: Caller = { uploads: this.uploads.session() };
    return { handle: (command, payload) => this.handle(command, payload, caller), close: () => caller.uploads.close() };
  }

  async handle(command: unknown, payload: unknown, caller: Caller = this.defaultCaller): Promise<DispatchResult> {
    return this.scrub(await this.answer(command, payload, caller));
  }

  private async answer(command: unknown, payload: unknown, caller: Caller): Promise<DispatchResult> {
    if (!isCommandName(command)) {
      return failure('unknown-command', said('command.unknown', { command: JSON.stringify(String(command)).slice(0, 80) }));
    }
    const parsed = commands[command].request.safeParse(payload);
    if (!parsed.success) {
      return failure('invalid-request', said('command.invalid', { command, issues: describeIssues(parsed.error) }));
    }
    try {
      const handler = this.handlers[command] as (request: unknown, caller: Caller) => unknown;
      return { ok: true, result: await handler(parsed.data, caller) };
    } catch (error) {
      if (error instanceof AnlaufError) {
        const code: ErrorCode = error.code === 'invalid' ? 'invalid-request' : error.code;
        return failure(code, error.said);
      }
      this.logger.log('error', 'command failed', { command, error: errorForLog(error) });
      return failure('failed', said('command.failed', { command, detail: (error as Error).message ?? String(error) }));
    }
  }

  /** Events for renderers: every state snapshot, every call-log change, colleagues' live changes and notices. */
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void {
    const send = (event: EventName, payload: unknown) => listener(event, this.scrub(payload));
    const offState = this.host.onState((snapshot) => send('event:state', snapshot));
    const offLog = this.host.onCallLog((id) => send('event:callLog', { id }));
    const offColleagues = this.host.onColleagues((changes) => send('event:colleagues', changes));
    const offNotice = this.host.onNotice((notice) => send('event:notice', notice));
    return () => {
      offState();
      offLog();
      offColleagues();
      offNotice();
    };
  }
}
