import type {
  AudioDevice,
  CallbackView,
  CallContext,
  CallListView,
  CallLogEntry,
  CallView,
  ColleagueView,
  CustomerCard,
  DirectoryCustomer,
  DispositionView,
  FormFieldView,
  FormView,
  LoadedScriptView,
  Message,
  PopCustomer,
  PreviewView,
  ScriptNodeView,
  ScriptView,
  SettingsView,
  Snapshot,
  SyncView,
  WrapUpView,
} from '../../src-main/contract';
import { DEFAULT_HOTKEYS } from '../../src-main/shared/hotkeys';
import type { HeadsetView } from '../store/slices/headset';

export const T0 = Date.UTC(2025, 2, 14, 9, 0, 0);

export function makeSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    revision: 1,
    app: { version: '0.1.0', host: 'web' },
    line: { kind: 'training', status: 'ready', detail: null, since: T0 },
    agent: { state: 'ready', since: T0, chosen: 'ready', reason: null, declining: false },
    calls: [],
    training: { scenarioName: 'Built-in scenario', scenarioCalls: 5, running: false, placed: 0 },
    settings: makeSettings(),
    audio: { devices: [], canChooseSpeaker: true },
    sync: makeSyncView(),
    customerDirectory: { folder: '/var/lib/anlauf', access: 'readwrite', notice: null },
    storage: { setAside: null },
    settingsFile: { notices: [] },
    policy: { locked: [], notices: [] },
    secrets: { store: 'keyring', notice: null },
    signIn: { mode: 'off', status: 'signedIn', agentId: null, since: null, staySignedInOffered: false, error: null, notice: null, heldLink: null },
    queues: [],
    link: null,
    shiftCheck: { mode: 'offered', due: false, run: null, last: null },
    figures: {
      asOf: T0,
      dayStart: T0,
      calls: 0,
      averageTalkSeconds: null,
      averageWrapUpSeconds: null,
      stateSeconds: { ready: 0, notReady: 0, onCall: 0, wrapUp: 0 },
    },
    updates: {
      state: 'unavailable',
      installed: '0.1.0',
      channel: 'latest',
      pinned: null,
      version: null,
      waitingFor: [],
      installAt: null,
      nextCheckAt: null,
      lastCheck: null,
    },
    contexts: {},
    clients: [],
    headsets: [],
    scripts: {},
    wrapUps: [],
    callbacks: [],
    callLists: [],
    preview: null,
    loadedScripts: [],
    forms: {},
    customerImport: null,
    colleagues: { revision: 0, count: 0, source: null, published: null },
    ...overrides,
  };
}

/**
 * Main's effective settings with the defaults (and English), as renderers see them. Written out
 * rather than parsed with the contract's schema: the renderer may import only types from main.
 */
export function makeSettings(overrides: Partial<SettingsView> = {}): SettingsView {
  return {
    ui: { language: 'en' },
    training: { scenarioFile: null, autoStart: false, ringTimeoutSeconds: 45 },
    sip: {
      websocketUrl: null,
      uri: null,
      authorizationUser: null,
      displayName: null,
      outboundProxy: null,
      iceServers: [],
      registerExpiresSeconds: 600,
      reconnectMinSeconds: 1,
      keepAliveSeconds: 2,
      optionsPingSeconds: 15,
      reconnectMaxSeconds: 4,
      iceGraceSeconds: 3,
      callRecoverySeconds: 60,
      prepareMediaWhileRinging: true,
      rejectCode: 486,
      defaultCountry: 'DE',
      blockedPrefixes: [],
      dtmf: 'rfc4733',
      headers: {
        customerNumber: 'X-Customer-Number',
        concern: 'X-Concern',
        queue: 'X-Queue',
        client: 'X-Client',
        campaign: 'X-Campaign',
        language: 'X-Language',
      },
      passwordSet: false,
    },
    audio: { microphoneId: null, speakerId: null, ringDeviceId: null, ringVolume: 80 },
    sync: { url: null, allowPlainHttp: false, batchSize: 500, timeoutSeconds: 15, retryMaxSeconds: 300, tokenSet: false },
    headset: { device: null, holdPolicy: 'auto' },
    callLog: { retentionDays: null },
    agent: {
      name: null,
      notReadyReasons: [
        { code: 'break', label: 'Break' },
        { code: 'lunch', label: 'Lunch' },
        { code: 'training', label: 'Training' },
        { code: 'meeting', label: 'Meeting' },
        { code: 'technical', label: 'Technical problem' },
      ],
      declineCode: 486,
      skills: [],
    },
    wrapUp: { dispositions: ['solved', { code: 'callback', callback: true }], autoSeconds: null, autoDisposition: null },
    scripts: { folder: null },
    topics: { folder: null, fromBackend: true, refreshMinutes: 5, openKeys: 'CommandOrControl+Shift' },
    shiftCheck: {
      mode: 'offered',
      every: 'day',
      items: ['microphone', 'speaker', 'ring', 'headset', 'network', 'echo'],
      echoExtension: null,
      headsetRequired: false,
    },
    hotkeys: { ...DEFAULT_HOTKEYS, global: false },
    clients: [],
    crm: {
      byNumberUrl: null,
      byCustomerNumberUrl: null,
      searchUrl: null,
      writeUrl: null,
      writeMethod: 'PUT',
      writeMapping: null,
      allowPlainHttp: false,
      numberFormat: 'e164',
      mapping: {
        id: 'customers[].id',
        customerNumber: 'customers[].customerNumber',
        name: 'customers[].name',
        email: 'customers[].email',
        postcode: 'customers[].postcode',
        city: 'customers[].city',
        salutation: null,
        language: null,
        phones: 'customers[].phones[]',
      },
      timeoutMs: 5000,
      cacheDays: 30,
      auth: null,
    },
    updates: { enabled: true, url: null, channel: 'latest', pinVersion: null, rolloutPosition: null, checkHours: 4 },
    customers: { directoryFolder: null },
    colleagues: {
      publishPresence: true,
      publishExpiresSeconds: 600,
      directoryUrl: null,
      directoryRefreshMinutes: 15,
      subscribeMax: 200,
      subscribeExpiresSeconds: 600,
      allowPlainHttp: false,
      concernSkills: [],
    },
    signIn: { mode: 'off', uriTemplate: null, authorizationUserTemplate: null, staySignedIn: true },
    queues: {
      adapter: 'registrar',
      list: [],
      agentSkills: {},
      featureCodes: { login: '*45{queue}', logout: '*45{queue}', pause: '*46{queue}', unpause: '*46{queue}' },
    },
    ...overrides,
  };
}

/** Delivery as main reports it; off (local only) unless overridden, as with the default settings. */
export function makeSyncView(overrides: Partial<SyncView> = {}): SyncView {
  return {
    state: 'disabled',
    pending: 0,
    oldestAt: null,
    quarantined: 0,
    error: null,
    failingSince: null,
    lastSuccessAt: null,
    url: null,
    lastAttempt: null,
    headline: { key: 'syncStatus.noBackend', params: { pending: 0 } },
    ...overrides,
  };
}

export function makeCall(overrides: Partial<CallView> = {}): CallView {
  return {
    id: 'call-1',
    line: 'training',
    direction: 'inbound',
    state: 'ringing',
    remoteNumber: '+49301234567',
    remoteName: 'Erika Mustermann',
    dialedNumber: '+498001111',
    client: 'Stadtwerke Nord',
    campaign: 'Störungshotline',
    ivr: { concern: 'Stromausfall' },
    ringAt: T0,
    answerAt: null,
    endAt: null,
    hold: 'none',
    muted: false,
    consultFor: null,
    transfer: null,
    ...overrides,
  };
}

export function makeLogEntry(overrides: Partial<CallLogEntry> = {}): CallLogEntry {
  return {
    id: 'log-1',
    line: 'sip',
    direction: 'inbound',
    remoteNumber: '+49301234567',
    remoteName: 'Erika Mustermann',
    dialedNumber: '+498001111',
    client: 'Stadtwerke Nord',
    campaign: 'Störungshotline',
    ivr: {},
    ringAt: T0,
    answerAt: T0 + 5_000,
    endAt: T0 + 125_000,
    endCause: 'completed',
    endedBy: 'agent',
    transferTarget: null,
    sipCallId: null,
    customerNumber: null,
    customerName: null,
    disposition: null,
    dispositionLabel: null,
    note: null,
    wrapUpAt: null,
    script: null,
    answers: [],
    ...overrides,
  };
}

/** A desk's devices: the laptop's own and a USB headset. */
export const DEVICES: AudioDevice[] = [
  { deviceId: 'mic-laptop', kind: 'audioinput', label: 'Built-in Microphone', isDefault: true },
  { deviceId: 'mic-headset', kind: 'audioinput', label: 'Jabra Evolve2 40' },
  { deviceId: 'out-laptop', kind: 'audiooutput', label: 'Built-in Speakers', isDefault: true },
  { deviceId: 'out-headset', kind: 'audiooutput', label: 'Jabra Evolve2 40' },
];

/** A plugged-in headset as main reports it: a Jabra with every button, LEDs and a ringer, in use. */
export function makeHeadset(overrides: Partial<HeadsetView> = {}): HeadsetView {
  return {
    key: '0b0e:24c8:A1B2C3',
    name: 'Jabra Evolve2 40',
    vendorId: 0x0b0e,
    productId: 0x24c8,
    serialNumber: 'A1B2C3',
    active: true,
    capabilities: { hookSwitch: true, mute: true, flash: true, reject: true, leds: ['offHook', 'ring', 'mute'], ringer: true },
    ...overrides,
  };
}

/** A customer as the card shows it. */
export function makePopCustomer(overrides: Partial<PopCustomer> = {}): PopCustomer {
  return {
    id: 'cust-1',
    customerNumber: 'K-1001',
    name: 'Erika Mustermann',
    email: 'erika@example.org',
    postcode: '20095',
    city: 'Hamburg',
    phones: ['+49 30 1234567'],
    ...overrides,
  };
}

/** The screen-pop's answer: one customer from the CRM, done, unless overridden. */
export function makeCustomerCard(overrides: Partial<CustomerCard> = {}): CustomerCard {
  const customers = overrides.customers ?? [makePopCustomer()];
  return {
    state: 'done',
    by: 'number',
    customers,
    source: 'crm',
    from: 'crm',
    fetchedAt: T0,
    problem: null,
    chosen: customers.length === 1 ? (customers[0] ?? null) : null,
    ...overrides,
  };
}

/** Whom a call is for: Stadtwerke Nord's fault hotline, with one known customer, unless overridden. */
export function makeContext(overrides: Partial<CallContext> = {}): CallContext {
  return {
    client: { id: 'swn', name: 'Stadtwerke Nord', colour: '#0a7d4f', logo: null },
    greeting: 'Stadtwerke Nord, Kundenservice, mein Name ist Anna Berg.',
    campaign: { id: 'stoerung', name: 'Störungshotline', script: 'Ask for the **meter number**.', dispositions: ['Resolved', 'Callback'] },
    how: 'ivr',
    problem: null,
    note: null,
    customer: makeCustomerCard(),
    ...overrides,
  };
}

/** A customer of the local directory. */
export function makeDirectoryCustomer(overrides: Partial<DirectoryCustomer> = {}): DirectoryCustomer {
  return {
    id: 'dir-1',
    client: null,
    customerNumber: 'K-1001',
    name: 'Erika Mustermann',
    email: 'erika@example.org',
    postcode: '20095',
    city: 'Hamburg',
    street: 'Hafenstraße 1',
    notes: null,
    source: 'import',
    updatedAt: T0,
    phones: ['+49 30 1234567'],
    ...overrides,
  };
}

/** A question, say or end node of a script as the panel shows it; a single-choice question unless overridden. */
export function makeScriptNode(overrides: Partial<ScriptNodeView> = {}): ScriptNodeView {
  return {
    id: 'q_topic',
    type: 'question',
    section: { id: 'opening', title: 'Opening' },
    text: 'What is the call **about**?',
    question: {
      input: 'single',
      required: true,
      options: [
        { value: 'invoice', label: 'An invoice', specify: false, exclusive: false },
        { value: 'outage', label: 'A power cut', specify: false, exclusive: false },
      ],
      min: null,
      max: null,
      minDate: null,
      maxDate: null,
      help: 'Let the caller finish first.',
      minLabel: null,
      maxLabel: null,
      items: [],
    },
    answer: null,
    hint: null,
    disposition: null,
    dispositionLabel: null,
    ...overrides,
  };
}

/** A question node of the given input kind (options only for choices). */
export function makeQuestion(
  input: NonNullable<ScriptNodeView['question']>['input'],
  question: Partial<NonNullable<ScriptNodeView['question']>> = {},
  node: Partial<ScriptNodeView> = {},
): ScriptNodeView {
  const base = makeScriptNode();
  const choices = input === 'single' || input === 'multiple';
  return {
    ...base,
    id: `q_${input}`,
    text: `Question (${input})`,
    ...node,
    question: {
      ...(base.question as NonNullable<ScriptNodeView['question']>),
      input,
      required: false,
      help: null,
      options: choices
        ? [
            { value: 'email', label: 'E-mail', specify: false, exclusive: false },
            { value: 'phone', label: 'Phone', specify: false, exclusive: false },
            { value: 'letter', label: 'Letter', specify: false, exclusive: false },
          ]
        : [],
      ...question,
    },
  };
}

/** The hotline script walked for a call, at its first question unless overridden. */
export function makeScriptView(overrides: Partial<ScriptView> = {}): ScriptView {
  return {
    scriptId: 'hotline-en',
    version: 3,
    title: 'Hotline',
    language: 'en',
    current: makeScriptNode(),
    path: [{ id: 'greeting', type: 'say', text: 'Good day, this is Anna at Stadtwerke Nord.', answer: null }],
    canBack: true,
    ended: false,
    missingRequired: [],
    ...overrides,
  };
}

export function makeDisposition(code: string, overrides: Partial<DispositionView> = {}): DispositionView {
  return { code, label: code.charAt(0).toUpperCase() + code.slice(1), hotkey: null, callback: false, notSurveyed: false, children: [], ...overrides };
}

/** A call waiting for its disposition: solved (1), a callback (2), a "not reached" group, not surveyed (n). */
export function makeWrapUp(overrides: Partial<WrapUpView> = {}): WrapUpView {
  return {
    callId: 'call-1',
    direction: 'inbound',
    remoteNumber: '+49301234567',
    remoteName: 'Erika Mustermann',
    customerName: 'Erika Mustermann',
    client: 'Stadtwerke Nord',
    campaign: 'Störungshotline',
    dispositions: [
      makeDisposition('solved', { hotkey: '1' }),
      makeDisposition('callback', { label: 'Call back', hotkey: '2', callback: true }),
      makeDisposition('not reached', {
        label: 'Not reached',
        children: [makeDisposition('wrong number', { label: 'Wrong number', hotkey: '3' }), makeDisposition('mailbox', { label: 'Mailbox' })],
      }),
      makeDisposition('not surveyed', { label: 'Not surveyed', hotkey: 'n', notSurveyed: true }),
    ],
    startedAt: T0,
    autoAt: null,
    autoCode: null,
    suggested: null,
    scriptCallbackAt: null,
    note: '',
    missingRequired: [],
    callListRecordId: null,
    ...overrides,
  };
}

export function makeCallback(overrides: Partial<CallbackView> = {}): CallbackView {
  return {
    id: 'cb-1',
    dueAt: T0 + 3_600_000,
    due: false,
    number: '+49301234567',
    customerName: 'Erika Mustermann',
    customerNumber: 'K-1001',
    client: { id: 'swn', name: 'Stadtwerke Nord' },
    campaign: { id: 'stoerung', name: 'Störungshotline' },
    note: 'Wants the new tariff explained',
    state: 'open',
    fromCallId: 'log-1',
    createdAt: T0,
    ...overrides,
  };
}

export function makeCallList(overrides: Partial<CallListView> = {}): CallListView {
  return { id: 'list-1', name: 'March leads', client: 'swn', campaign: 'sales', importedAt: T0, total: 120, pending: 100, done: 15, skipped: 5, ...overrides };
}

export function makePreview(overrides: Partial<PreviewView> = {}): PreviewView {
  return {
    listId: 'list-1',
    listName: 'March leads',
    campaign: 'sales',
    record: {
      id: 'rec-7',
      row: 8,
      name: 'Hans Meier',
      number: '+49401234567',
      customerNumber: 'K-2002',
      fields: { city: 'Bremen', tariff: 'Basic' },
      attempts: 1,
    },
    remaining: 99,
    callId: null,
    ...overrides,
  };
}

export function makeLoadedScript(overrides: Partial<LoadedScriptView> = {}): LoadedScriptView {
  return {
    scriptId: 'hotline-en',
    version: 3,
    title: 'Hotline',
    campaign: 'support',
    client: 'swn',
    language: 'en',
    file: 'hotline.en.yaml',
    loadedAt: T0,
    ...overrides,
  };
}

export function makeColleague(overrides: Partial<ColleagueView> = {}): ColleagueView {
  return {
    id: '*|sip:agent12@anlauf.test',
    name: 'Jonas Becker',
    uri: 'sip:agent12@anlauf.test',
    client: null,
    skills: ['fault'],
    languages: ['de'],
    presence: 'ready',
    note: 'Ready',
    call: 'idle',
    watched: true,
    since: T0,
    ...overrides,
  };
}

/** A field of an open form: a required line of text unless overridden. */
export function makeFormField(overrides: Partial<FormFieldView> = {}): FormFieldView {
  return {
    id: 'what',
    label: 'What is not working?',
    type: 'text',
    help: null,
    required: false,
    visible: true,
    value: null,
    prefilledFrom: null,
    error: null,
    options: [],
    min: null,
    max: null,
    section: null,
    ...overrides,
  };
}

/** An open form: Stadtwerke Nord's fault report as a fresh draft on call-1, unless overridden. */
export function makeFormView(overrides: Partial<FormView> = {}): FormView {
  return {
    id: 'form-1',
    callId: 'call-1',
    formId: 'fault-report',
    formVersion: 1,
    title: 'Fault report',
    kind: 'fault',
    language: 'en',
    status: 'draft',
    revision: 1,
    fields: [
      makeFormField({ id: 'what', label: 'What is not working?', type: 'choice', required: true, section: 'The fault', options: FAULT_OPTIONS }),
      makeFormField({
        id: 'postcode',
        label: 'Postcode of the fault',
        type: 'postcode',
        section: 'The fault',
        value: '20095',
        prefilledFrom: 'customer.postcode',
      }),
      makeFormField({ id: 'iban', label: 'IBAN', type: 'iban', section: 'Payment' }),
    ],
    detail: null,
    updatedAt: T0,
    sentAt: null,
    ...overrides,
  };
}

export const FAULT_OPTIONS = [
  { value: 'power', label: 'No power' },
  { value: 'gas', label: 'No gas' },
];

/** The message main sends for a field: its words verbatim. */
export function fieldSaid(detail: string): Message {
  return { key: 'command.refused', params: { detail } };
}
