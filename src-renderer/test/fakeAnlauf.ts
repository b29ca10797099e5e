import type {
  CallLogEntry,
  ColleagueView,
  CommandRequest,
  CommandResponse,
  DirectoryCustomer,
  EventPayload,
  FormView,
  Message,
  PopCustomer,
  SettingsView,
  Snapshot,
  UserSettingsPatch,
} from '../../src-main/contract';
import { isOlder } from '../store/callLogPaging';
import { createFakeApi } from './fakeApi';
import { fieldSaid, makeCallList, makeLoadedScript, makePreview, makeScriptView, makeSnapshot } from './fixtures';

type SearchRequest = CommandRequest<'callLog:search'>;
export type QuarantineItem = CommandResponse<'sync:quarantine'>[number];

/** Roughly main's search: any part of the number (digits only), name, customer number or client. */
export function matchesSearch(entry: CallLogEntry, query: SearchRequest): boolean {
  const text = query.text?.trim().toLowerCase();
  if (text) {
    const digits = text.replace(/\D/g, '');
    const words = [entry.remoteName, entry.client, entry.ivr.customerNumber, entry.remoteNumber].map((value) => (value ?? '').toLowerCase());
    const inNumber = digits !== '' && entry.remoteNumber.replace(/\D/g, '').includes(digits);
    if (!inNumber && !words.some((word) => word.includes(text))) return false;
  }
  if (query.client !== undefined && entry.client !== query.client) return false;
  if (query.direction !== undefined && entry.direction !== query.direction) return false;
  if (query.endCause !== undefined && entry.endCause !== query.endCause) return false;
  if (query.from !== undefined && entry.ringAt < query.from) return false;
  if (query.to !== undefined && entry.ringAt >= query.to) return false;
  return true;
}

/** Roughly main's directory search: name, any part of a number, customer number, e-mail or postcode. */
export function matchesCustomer(customer: DirectoryCustomer, query: string): boolean {
  const text = query.trim().toLowerCase();
  if (!text) return false;
  const digits = text.replace(/\D/g, '');
  const words = [customer.name, customer.customerNumber, customer.email, customer.postcode].map((value) => (value ?? '').toLowerCase());
  const inNumber = digits.length >= 3 && customer.phones.some((phone) => phone.replace(/\D/g, '').includes(digits));
  return inNumber || words.some((word) => word.includes(text));
}

/** A directory customer as the card shows it. */
export function toPopCustomer(customer: DirectoryCustomer): PopCustomer {
  const { id, customerNumber, name, email, postcode, city, phones } = customer;
  return { id, customerNumber, name: name ?? '', email, postcode, city, phones };
}

/**
 * An in-memory stand-in for main behind `window.anlauf`: it keeps a snapshot and a call log,
 * answers commands from them, and lets a test push events the way main would.
 */
export function createFakeAnlauf(
  initial: {
    snapshot?: Snapshot;
    log?: CallLogEntry[];
    quarantine?: QuarantineItem[];
    customers?: DirectoryCustomer[];
    colleagues?: ColleagueView[];
    /** The forms the calls can open, each as it looks freshly opened (ids and call are replaced). */
    forms?: FormView[];
  } = {},
) {
  let snapshot = initial.snapshot ?? makeSnapshot();
  // As main: the directory's entries are answered by `colleagues:list`; the snapshot names their list.
  let colleagues = [...(initial.colleagues ?? [])];
  let colleagueSeq = 0;
  if (initial.colleagues) snapshot = { ...snapshot, colleagues: { ...snapshot.colleagues, revision: 1, count: colleagues.length } };
  let quarantine = [...(initial.quarantine ?? [])];
  let log = [...(initial.log ?? [])].sort((a, b) => (isOlder(a, b) ? 1 : -1));
  let directory = [...(initial.customers ?? [])];
  let created = 0;
  const ok = { ok: true as const };

  // As main's form sessions, roughly: drafts opened from the forms given, values kept as sent,
  // required fields checked on submit. Each change is newer than the last (`updatedAt`).
  const formTemplates = initial.forms ?? [];
  let formsOpened = 0;
  let formClock = Date.now();
  const formsOfCall = (callId: string) => snapshot.forms?.[callId] ?? [];
  function putForm(form: FormView): FormView {
    formClock = Math.max(Date.now(), formClock + 1);
    const stored = { ...form, updatedAt: formClock };
    const list = formsOfCall(form.callId);
    const next = list.some((entry) => entry.id === form.id) ? list.map((entry) => (entry.id === form.id ? stored : entry)) : [...list, stored];
    emitState({ forms: { ...snapshot.forms, [form.callId]: next } });
    return stored;
  }
  function formById(id: string): FormView {
    const form = Object.values(snapshot.forms ?? {})
      .flat()
      .find((entry) => entry.id === id);
    if (!form) throw new Error('There is no such form.');
    return form;
  }
  const empty = (value: FormView['fields'][number]['value']) => value === null || value === '' || (Array.isArray(value) && value.length === 0);

  const uploads = new Map<string, { purpose: string; fileName: string; data: string }>();
  // Commands that only confirm (the phone's, the script's steps, the shift check's, …) answer
  // `{ ok: true }` without a word here; tests read their calls and drive main's view with emitState.
  const { api, emit, listenerCount } = createFakeApi({
    app: { snapshot: async () => snapshot },
    phone: {
      dial: async (_: { target: string }) => ({ callId: 'dialed-1' }),
      consult: async (_: { callId: string; target: string }) => ({ callId: 'consult-1' }),
    },
    // As main: the choice waits while a call or a wrap-up lasts, and shows at once otherwise.
    agent: {
      setState: async ({ state, reason }: CommandRequest<'agent:setState'>) => {
        const found = snapshot.settings.agent.notReadyReasons.find((entry) => entry.code === reason);
        const busy = snapshot.wrapUps.length > 0 || snapshot.calls.some((call) => call.state !== 'ended');
        const chosen = { chosen: state, reason: state === 'notReady' && found ? { ...found } : null };
        emitState({
          agent: busy ? { ...snapshot.agent, ...chosen } : { ...snapshot.agent, ...chosen, state, since: Date.now(), declining: state !== 'ready' },
        });
        return ok;
      },
    },
    scripts: {
      load: async (request: CommandRequest<'scripts:load'>): Promise<CommandResponse<'scripts:load'>> => {
        const fileName = 'uploadId' in request ? (uploads.get(request.uploadId)?.fileName ?? '?') : request.fileName;
        const script = makeLoadedScript({ file: fileName, loadedAt: Date.now() });
        emitState({ loadedScripts: [script, ...snapshot.loadedScripts.filter((entry) => entry.scriptId !== script.scriptId)] });
        return { ok: true, message: `loaded v${script.version} for campaign ${script.campaign}`, script };
      },
      preview: async ({ scriptId }: CommandRequest<'scripts:preview'>) => {
        emitState({ scripts: { ...snapshot.scripts, preview: makeScriptView({ scriptId, canBack: false, path: [] }) } });
        return ok;
      },
      closePreview: async (_: object) => {
        const { preview: _closed, ...rest } = snapshot.scripts;
        emitState({ scripts: rest });
        return ok;
      },
    },
    wrapUp: {
      // As main: the wrap-up is done and goes from the list.
      dispose: async (request: CommandRequest<'wrapUp:dispose'>) => {
        emitState({ wrapUps: snapshot.wrapUps.filter((entry) => entry.callId !== request.callId) });
        return ok;
      },
      saveNote: async ({ callId, note }: { callId: string; note: string }) => {
        emitState({ wrapUps: snapshot.wrapUps.map((entry) => (entry.callId === callId ? { ...entry, note } : entry)) });
        return ok;
      },
    },
    forms: {
      choices: async (_: { callId: string }) => formTemplates.map(({ formId, title, kind }) => ({ formId, title, kind })),
      list: async (_: Record<string, never>) =>
        formTemplates.map(({ formId, formVersion, title, kind, language }) => ({
          formId,
          version: formVersion ?? 1,
          title,
          kind,
          client: null,
          language,
          loadedAt: 0,
        })),
      preview: async ({ formId }: CommandRequest<'forms:preview'>) => {
        const template = formTemplates.find((form) => form.formId === formId);
        if (!template) throw new Error('There is no such form.');
        return { ...template, id: 'preview', callId: 'preview', status: 'draft' as const, revision: 1, detail: null, sentAt: null };
      },
      open: async ({ callId, formId }: CommandRequest<'forms:open'>) => {
        const template = formTemplates.find((form) => form.formId === formId);
        if (!template) throw new Error('There is no such form.');
        formsOpened += 1;
        return putForm({ ...template, id: `form-${formsOpened}`, callId, status: 'draft', revision: 1, detail: null, sentAt: null });
      },
      set: async ({ id, fieldId, value }: CommandRequest<'forms:set'>) => {
        const form = formById(id);
        if (form.status !== 'draft') throw new Error('This form was sent already.');
        return putForm({ ...form, fields: form.fields.map((field) => (field.id === fieldId ? { ...field, value, error: null, prefilledFrom: null } : field)) });
      },
      submit: async ({ id }: { id: string }) => {
        const form = formById(id);
        const fields = form.fields.map((field) =>
          field.visible && field.required && empty(field.value) ? { ...field, error: fieldSaid('Please fill this in.') } : field,
        );
        const accepted = !fields.some((field) => field.error !== null);
        return { ok: accepted, form: putForm({ ...form, fields, ...(accepted ? { status: 'waiting' as const } : {}) }) };
      },
      discard: async ({ id }: { id: string }) => {
        const form = formById(id);
        emitState({ forms: { ...snapshot.forms, [form.callId]: formsOfCall(form.callId).filter((entry) => entry.id !== id) } });
        return ok;
      },
      correct: async ({ id }: { id: string }) => {
        const form = formById(id);
        if (form.status !== 'refused') throw new Error('Only a refused form can be corrected.');
        return putForm({ ...form, status: 'draft', detail: null });
      },
    },
    callbacks: {
      dial: async ({ id }: { id: string }) => {
        emitState({ callbacks: snapshot.callbacks.map((entry) => (entry.id === id ? { ...entry, state: 'dialed' as const } : entry)) });
        return { callId: 'callback-call-1' };
      },
      cancel: async ({ id }: { id: string }) => {
        emitState({ callbacks: snapshot.callbacks.filter((entry) => entry.id !== id) });
        return ok;
      },
    },
    callLists: {
      import: async (request: CommandRequest<'callLists:import'>): Promise<CommandResponse<'callLists:import'>> => {
        const list = makeCallList({
          id: `list-${snapshot.callLists.length + 1}`,
          name: request.name,
          campaign: request.campaign,
          client: request.client ?? null,
        });
        emitState({ callLists: [...snapshot.callLists, list] });
        return { list, rejected: [], rejectedCount: 0 };
      },
    },
    preview: {
      start: async ({ listId }: { listId: string }) => {
        const list = snapshot.callLists.find((entry) => entry.id === listId);
        emitState({ preview: makePreview({ listId, listName: list?.name ?? 'List', campaign: list?.campaign ?? 'sales' }) });
        return ok;
      },
      dial: async (_: object) => ({ callId: 'preview-call-1' }),
      stop: async (_: object) => {
        emitState({ preview: null });
        return ok;
      },
    },
    training: { placeCall: async (_: object) => ({ callId: 'placed-1' }) },
    callLog: {
      list: async (request: { limit: number; before?: { ringAt: number; id: string } }) => {
        const { before } = request;
        const older = before ? log.filter((entry) => isOlder(entry, before)) : log;
        return { entries: older.slice(0, request.limit), total: log.length };
      },
      // The cursor is an offset into the matches here; main's is opaque to the renderer.
      search: async (request: SearchRequest) => {
        const matches = log.filter((entry) => matchesSearch(entry, request));
        const start = request.cursor ?? 0;
        const end = start + request.limit;
        return { entries: matches.slice(start, end), nextCursor: end < matches.length ? end : null };
      },
      get: async ({ id }: { id: string }) => {
        const entry = log.find((row) => row.id === id);
        if (!entry) throw new Error('There is no such call in the log.');
        return entry;
      },
      clients: async (_: object) => [...new Set(log.flatMap((entry) => (entry.client ? [entry.client] : [])))].sort((a, b) => a.localeCompare(b)),
      export: async (request: Omit<SearchRequest, 'limit' | 'cursor'> & { format: 'csv' | 'json' }) => {
        const matches = log.filter((entry) => matchesSearch(entry, { ...request, limit: log.length }));
        const content = request.format === 'json' ? JSON.stringify(matches) : ['id', ...matches.map((e) => e.id)].join('\r\n');
        return {
          filename: `anlauf-calls.${request.format}`,
          mimeType: request.format === 'csv' ? 'text/csv' : 'application/json',
          content,
          rows: matches.length,
          truncated: false,
        };
      },
      // As main: one file per report, named for the call; its content is the call and the note.
      reportProblem: async ({ callId, note }: { callId: string; note: string }) => {
        const filename = `anlauf-problem-${callId.slice(-8)}.json`;
        return { path: `/data/reports/${filename}`, filename, content: JSON.stringify({ call: log.find((entry) => entry.id === callId), note }) };
      },
    },
    // As main: one zip in reports/, its bytes (here "PK" and nothing more) as base64.
    support: {
      bundle: async (_: { calls?: number }) => ({
        path: '/data/reports/anlauf-support-2026.zip',
        filename: 'anlauf-support-2026.zip',
        bytes: 2,
        contentBase64: 'UEs=',
      }),
    },
    // As main: the link is forgotten once the dial box has it or its failure was dismissed.
    link: {
      done: async ({ id }: { id: string }) => {
        if (snapshot.link?.id === id) emitState({ link: null });
        return ok;
      },
    },
    customers: {
      search: async (request: { query: string; limit?: number; client?: string }) => ({
        customers: directory
          .filter((customer) => matchesCustomer(customer, request.query) && (request.client === undefined || customer.client === request.client))
          .slice(0, request.limit ?? 20),
      }),
      // As main with no CRM answer: the local rows, from this desk's directory. Tests of the CRM
      // search give the merged rows with `mockResolvedValue`.
      searchCrm: async (request: { query: string; limit?: number; client?: string }): Promise<CommandResponse<'customers:searchCrm'>> => ({
        customers: directory
          .filter((customer) => matchesCustomer(customer, request.query) && (request.client === undefined || customer.client === request.client))
          .slice(0, request.limit ?? 20)
          .map((customer) => ({ ...customer, sources: ['directory'] })),
        crm: { asked: false, failure: null, superseded: false },
      }),
      get: async ({ id }: { id: string }) => {
        const customer = directory.find((entry) => entry.id === id);
        if (!customer) throw new Error('There is no such customer in the directory.');
        const recentCalls = log.filter((entry) => customer.customerNumber !== null && entry.customerNumber === customer.customerNumber);
        return { customer, recentCalls };
      },
      // As main: with a call id, the new customer becomes that call's customer.
      create: async (request: CommandRequest<'customers:create'>) => {
        created += 1;
        const customer: DirectoryCustomer = {
          id: `new-${created}`,
          client: request.client ?? null,
          customerNumber: request.customerNumber ?? null,
          name: request.name,
          email: request.email ?? null,
          postcode: request.postcode ?? null,
          city: request.city ?? null,
          street: request.street ?? null,
          notes: null,
          source: 'manual',
          updatedAt: Date.now(),
          phones: request.phones ?? [],
        };
        directory = [...directory, customer];
        if (request.callId !== undefined) choose(request.callId, toPopCustomer(customer));
        return { customer };
      },
      // As main: the fields given replace the stored ones.
      update: async (request: CommandRequest<'customers:update'>) => {
        const stored = directory.find((entry) => entry.id === request.id);
        if (!stored) throw new Error('There is no such customer in the directory.');
        const { id: _id, callId: _callId, ...fields } = request;
        const customer: DirectoryCustomer = { ...stored, ...fields, source: 'manual', updatedAt: Date.now() };
        directory = directory.map((entry) => (entry.id === request.id ? customer : entry));
        return { customer };
      },
      // As main: "theirs" takes the CRM's version into the directory; "ours" is sent again and waits.
      resolveConflict: async ({ id, keep }: CommandRequest<'customers:resolveConflict'>) => {
        const stored = directory.find((entry) => entry.id === id);
        if (!stored) throw new Error('There is no such customer in the directory.');
        const theirs = stored.crm?.state === 'conflict' ? stored.crm.theirs : null;
        if (!stored.crm || stored.crm.state !== 'conflict') throw new Error('The CRM reports no conflict for this customer (any more).');
        const customer: DirectoryCustomer =
          keep === 'theirs' && theirs
            ? {
                ...stored,
                name: theirs.name,
                customerNumber: theirs.customerNumber ?? stored.customerNumber,
                email: theirs.email,
                postcode: theirs.postcode,
                city: theirs.city,
                phones: theirs.phones,
                source: 'crm',
                crm: { state: 'sent', reason: null, theirs: null, at: Date.now() },
              }
            : { ...stored, crm: { state: 'waiting', reason: null, theirs: null, at: Date.now() } };
        directory = directory.map((entry) => (entry.id === id ? customer : entry));
        return { customer };
      },
      // The directory import's answer as main gives it for a small file; tests mock the details.
      import: async (_: CommandRequest<'customers:import'>): Promise<CommandResponse<'customers:import'>> => ({
        imported: 0,
        rejectedCount: 0,
        rejected: [],
        encoding: 'utf-8',
        delimiter: ';',
        columns: [],
      }),
      pick: async ({ callId, customer }: { callId: string; customer: PopCustomer }) => {
        if (!snapshot.calls.some((call) => call.id === callId)) throw new Error('That call is over.');
        choose(callId, customer);
        return ok;
      },
    },
    colleagues: { list: async (_: object) => ({ revision: snapshot.colleagues.revision, seq: colleagueSeq, entries: colleagues }) },
    headset: {
      // As main: only a headset plugged in can be chosen; the choice is kept and that one becomes active.
      choose: async ({ key }: { key: string }) => {
        if (!snapshot.headsets.some((headset) => headset.key === key)) throw new Error('That headset is not plugged in.');
        emitState({
          settings: { ...snapshot.settings, headset: { ...snapshot.settings.headset, device: key } },
          headsets: snapshot.headsets.map((headset) => ({ ...headset, active: headset.key === key })),
        });
        return ok;
      },
    },
    sync: {
      now: async (_: object) => snapshot.sync,
      quarantine: async (_: object) => quarantine,
    },
    settings: {
      update: async (patch: UserSettingsPatch): Promise<SettingsView> => {
        const settings = {
          ...snapshot.settings,
          ui: { ...snapshot.settings.ui, ...patch.ui },
          audio: { ...snapshot.settings.audio, ...patch.audio },
          headset: { ...snapshot.settings.headset, ...patch.headset },
          agent: { ...snapshot.settings.agent, ...patch.agent },
        };
        emitState({ settings });
        return settings;
      },
    },
    audio: { devices: async (_: object) => snapshot.audio },
    // As main: pieces in order, kept per upload, so tests can read back what the window sent.
    upload: {
      begin: async ({ purpose, fileName }: CommandRequest<'upload:begin'>) => {
        const uploadId = `upload-${uploads.size + 1}`;
        uploads.set(uploadId, { purpose, fileName, data: '' });
        return { uploadId, chunkBytes: 512 * 1024 };
      },
      chunk: async ({ uploadId, dataBase64 }: CommandRequest<'upload:chunk'>) => {
        const upload = uploads.get(uploadId);
        if (!upload) throw new Error('There is no such upload.');
        upload.data += atob(dataBase64);
        return { received: upload.data.length };
      },
      abort: async ({ uploadId }: { uploadId: string }) => {
        uploads.delete(uploadId);
        return ok;
      },
    },
  });

  /** Changes main's state and pushes the new snapshot with the next revision. */
  function emitState(change: Partial<Omit<Snapshot, 'revision'>>): Snapshot {
    snapshot = { ...snapshot, ...change, revision: snapshot.revision + 1 };
    emit('event:state', snapshot);
    return snapshot;
  }

  /** Makes a customer the call's customer, as main does after a pick or a create with a call id. */
  function choose(callId: string, customer: PopCustomer) {
    const context = snapshot.contexts[callId];
    if (!context) return;
    emitState({ contexts: { ...snapshot.contexts, [callId]: { ...context, customer: { ...context.customer, chosen: customer } } } });
  }

  /** IT's directory changed: a new list, named by the next snapshot. */
  function setColleagues(entries: ColleagueView[]) {
    colleagues = [...entries];
    emitState({ colleagues: { ...snapshot.colleagues, revision: snapshot.colleagues.revision + 1, count: colleagues.length } });
  }

  /**
   * Colleagues' live state changed, as main sends it: the changed entries only. `missed` batches
   * before it never reach the page, as while its connection was down.
   */
  function emitColleagueChanges(entries: ColleagueView[], missed = 0) {
    const changed = new Map(entries.map((entry) => [entry.id, entry]));
    colleagues = colleagues.map((entry) => changed.get(entry.id) ?? entry);
    colleagueSeq += missed + 1;
    emit('event:colleagues', { revision: snapshot.colleagues.revision, seq: colleagueSeq, entries });
  }

  /** Pushes a snapshot as is, e.g. a stale one. */
  function emitRawState(raw: Snapshot) {
    emit('event:state', raw);
  }

  /** Adds or replaces a row in main's log and announces the change. */
  function upsertLogEntry(entry: CallLogEntry) {
    log = [...log.filter((row) => row.id !== entry.id), entry].sort((a, b) => (isOlder(a, b) ? 1 : -1));
    emit('event:callLog', { id: entry.id });
  }

  /** Pushes a notice the way main does when, say, the far end refused a hold. */
  function emitNotice(notice: { callId: string | null; message: string; said?: Message; level?: 'error' | 'info' }) {
    // A test that gives only the text gets it back as it is (`command.refused` words it verbatim).
    const sent = { ...notice, said: notice.said ?? { key: 'command.refused' as const, params: { detail: notice.message } } };
    emit('event:notice', sent);
  }

  /** A global hotkey pressed while another program had the focus, as the Electron host sends it. */
  function emitHotkey(action: EventPayload<'event:hotkey'>['action']) {
    emit('event:hotkey', { action });
  }

  /** Sets what main's outbox keeps as refused (the snapshot's count is the test's to set). */
  function setQuarantine(items: QuarantineItem[]) {
    quarantine = [...items];
  }

  return {
    api,
    /** What the window sent as `uploadId`: its purpose, file name and bytes. */
    uploaded(uploadId: string) {
      const upload = uploads.get(uploadId);
      if (!upload) throw new Error(`no upload ${uploadId}`);
      return { purpose: upload.purpose, fileName: upload.fileName, bytes: Uint8Array.from(upload.data, (c) => c.charCodeAt(0)) };
    },
    setQuarantine,
    setColleagues,
    emitColleagueChanges,
    emitNotice,
    emitHotkey,
    emitState,
    emitRawState,
    upsertLogEntry,
    get snapshot() {
      return snapshot;
    },
    listenerCount,
  };
}

export type FakeAnlauf = ReturnType<typeof createFakeAnlauf>;
