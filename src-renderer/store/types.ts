import type {
  AgentState,
  AnlaufApi,
  AudioView,
  CallbackView,
  CallContext,
  CallListView,
  CallLogEntry,
  Message,
  CallView,
  CommandRequest,
  CommandResponse,
  DialLinkView,
  DirectoryCustomer,
  LineView,
  LoadedScriptView,
  PopCustomer,
  PreviewView,
  ScriptView,
  SettingsView,
  UpdatesView,
  ShiftCheckAnswer,
  ShiftCheckView,
  Snapshot,
  SyncView,
  TrainingView,
  WrapUpView,
} from '../../src-main/contract';
import type { StateCreator } from 'zustand/vanilla';
import type { LanguageSetting } from '../i18n/language';
import type { Said } from '../i18n/said';
import type { CallLogFilters, CallLogQuery } from './callLogQuery';

/**
 * Something for the agent to read: a refused command, or main's word on a call (`callId`).
 * `info` is news rather than a failure (a microphone was unplugged and the default took over).
 */
export type Notice = Said & { id: number; callId: string | null; level: 'error' | 'info' };

export type AppSlice = {
  app: {
    /** `connecting` until the first snapshot arrives; `failed` if fetching it failed. */
    status: 'connecting' | 'connected' | 'failed';
    /** Revision of the newest snapshot applied; -1 before the first one. */
    revision: number;
    info: Snapshot['app'] | null;
    notice: Notice | null;
  };
  /** Subscribes to main's events and loads the first state; returns the unsubscribe function. */
  start: () => () => void;
  loadSnapshot: () => Promise<void>;
  receiveSnapshot: (snapshot: Snapshot) => void;
  reportError: (error: unknown) => void;
  /** Main's notices (e.g. a hold the far end refused) are shown like a refused command. */
  receiveNotice: (notice: { callId: string | null; message: string; said?: Message | null; level?: 'error' | 'info' }) => void;
  dismissNotice: () => void;
};

/**
 * What a pending command blocks on its call: a second answer/hang-up, a second hold or swap, a
 * second mute, or a second transfer. Groups keep a slow hold from blocking the hang-up button.
 */
export type CallActionGroup = 'lifecycle' | 'hold' | 'mute' | 'transfer';

export type PhoneSlice = {
  phone: {
    line: LineView | null;
    calls: CallView[];
    /** `group:callId` of commands on their way to main, so their buttons cannot be pressed twice. */
    pending: readonly string[];
    /** A dial command is on its way to main. */
    dialing: boolean;
    /** A tel:/sip: link from the OS: waiting for the line, ready for the dial box, or failed. */
    link: DialLinkView | null;
  };
  answer: (callId: string) => Promise<void>;
  reject: (callId: string) => Promise<void>;
  hangup: (callId: string) => Promise<void>;
  hold: (callId: string) => Promise<void>;
  resume: (callId: string) => Promise<void>;
  /** Talk on this call; main holds the other one. */
  swap: (callId: string) => Promise<void>;
  mute: (callId: string, muted: boolean) => Promise<void>;
  /** Queues key presses for a call; presses made while one is on its way go out together, in order. */
  sendDtmf: (callId: string, tones: string) => Promise<void>;
  /** Each returns whether main accepted the command (a refusal becomes a notice). */
  dial: (target: string) => Promise<boolean>;
  transfer: (callId: string, target: string) => Promise<boolean>;
  consult: (callId: string, target: string) => Promise<boolean>;
  completeTransfer: (consultCallId: string) => Promise<boolean>;
  /** The dial box shows the link now, or the agent dismissed its failure: main may forget it. */
  linkDone: (id: string) => Promise<void>;
};

/** What the agent chooses; `onCall` and `wrapUp` follow the calls. */
export type ChosenAgentState = CommandRequest<'agent:setState'>['state'];

export type AgentSlice = {
  agent: {
    /** What the phone bar shows: on call, wrap-up, or what the agent chose. */
    state: AgentState | null;
    since: number | null;
    /** The state the agent chose; it differs from `state` while a call or a wrap-up overrides it. */
    chosen: ChosenAgentState | null;
    reason: Snapshot['agent']['reason'];
    /** Main declines inbound calls now. */
    declining: boolean;
    pending: boolean;
  };
  /** Ready, offline, or not ready with a reason code from `settings.agent.notReadyReasons`. */
  setAgentState: (state: ChosenAgentState, reason?: string) => Promise<void>;
};

/** A command's outcome where its refusal belongs next to a form rather than in the notice. */
export type Outcome<T> = { ok: true; value: T } | ({ ok: false } & Said);

export type ScriptLoadResult = CommandResponse<'scripts:load'>;

export type CustomerImportResult = CommandResponse<'customers:import'> & { fileName: string };

/** The call scripts walked (per call id, and `preview`), and the trainer's loaded scripts. */
export type ScriptSlice = {
  script: {
    sessions: Readonly<Record<string, ScriptView>>;
    loaded: LoadedScriptView[];
    /** The session whose next or back is on its way to main. */
    pending: string | null;
    /** Per session: main's word on the answer it refused (shown next to the input). */
    errors: Readonly<Record<string, Said>>;
    /** The last file loaded, with main's answer (or why it could not be read). */
    lastLoad: { fileName: string; outcome: Outcome<ScriptLoadResult> } | null;
    loading: boolean;
  };
  /** Answers the current question (if it is one) and moves on; true if main accepted. */
  scriptNext: (sessionId: string, value?: ScriptView['current']['answer']) => Promise<boolean>;
  scriptBack: (sessionId: string) => Promise<void>;
  loadScript: (fileName: string, content: string) => Promise<void>;
  /** Main could not read the file the trainer chose; shown as the load's result. */
  scriptFileUnreadable: (fileName: string, message: string) => void;
  previewScript: (scriptId: string, version?: number) => Promise<void>;
  closeScriptPreview: () => Promise<void>;
  /** A call on the training line for this campaign, so its script can be rehearsed. */
  rehearseScript: (client: string | null, campaign: string) => Promise<void>;
};

export type DisposeRequest = CommandRequest<'wrapUp:dispose'>;

export type WrapUpSlice = {
  wrapUp: {
    /** Ended calls waiting for their disposition, oldest first. */
    list: WrapUpView[];
    /** The call whose disposition is on its way to main. */
    disposing: string | null;
    /** Why main refused the last disposition (e.g. required questions unanswered). */
    error: (Said & { callId: string }) | null;
  };
  disposeWrapUp: (request: DisposeRequest) => Promise<boolean>;
  /** Keeps the note typed so far with main (a draft; the disposition sends it again). */
  saveWrapUpNote: (callId: string, note: string) => Promise<void>;
};

export type CallbacksSlice = {
  callbacks: { list: CallbackView[]; /** The callback whose dial or cancel is on its way. */ pending: string | null };
  dialCallback: (id: string) => Promise<void>;
  cancelCallback: (id: string) => Promise<void>;
};

/** A call list to import: the list's details and the chosen file, which the slice uploads. */
export type CallListImport = Omit<CommandRequest<'callLists:import'>, 'uploadId'> & { fileName: string; bytes: ArrayBuffer };
export type CallListImportResult = CommandResponse<'callLists:import'>;

export type CallListsSlice = {
  callLists: {
    lists: CallListView[];
    preview: PreviewView | null;
    importing: boolean;
    /** The last import's answer, or why main refused it. */
    lastImport: Outcome<CallListImportResult> | null;
    /** A preview command (start, dial, skip, stop) is on its way. */
    previewPending: boolean;
  };
  importCallList: (request: CallListImport) => Promise<boolean>;
  startPreview: (listId: string) => Promise<void>;
  previewDial: () => Promise<void>;
  previewSkip: (reason: string) => Promise<boolean>;
  previewStop: () => Promise<void>;
};

export type TrainingSlice = {
  training: { view: TrainingView | null; pending: boolean };
  simulateCall: () => Promise<void>;
  startScenario: () => Promise<void>;
  stopScenario: () => Promise<void>;
};

export type CallLogSlice = {
  callLog: {
    entries: CallLogEntry[];
    total: number;
    loaded: boolean;
    loadingMore: boolean;
  };
  /** Re-reads the newest page, keeping any older pages already loaded. */
  refreshCallLog: () => Promise<void>;
  loadMoreCallLog: () => Promise<void>;
};

export type CallLogSearchSlice = {
  callLogSearch: {
    filters: CallLogFilters;
    /** The search the results are for; null while no filter is set and the live list shows. */
    query: CallLogQuery | null;
    entries: CallLogEntry[];
    /** Main's cursor for the next page; null when there is none. */
    nextCursor: number | null;
    /** A new search (its first page) is on its way. */
    searching: boolean;
    loadingMore: boolean;
    /** The first page of `query` has arrived. */
    loaded: boolean;
    /** The clients in the call log, for the filter. */
    clients: string[];
  };
  /** Changes filters and searches afresh (or goes back to the live list when none is left). */
  setCallLogFilters: (patch: Partial<CallLogFilters>) => Promise<void>;
  clearCallLogFilters: () => Promise<void>;
  loadMoreSearchResults: () => Promise<void>;
  loadCallLogClients: () => Promise<void>;
  exportCallLog: (format: 'csv' | 'json') => Promise<{ filename: string; mimeType: string; content: string; rows: number; truncated: boolean } | null>;
};

export type CallDetailsSlice = {
  /** The call whose details are open (`id` null: none), as `callLog.get` last returned it. */
  callDetails: { id: string | null; entry: CallLogEntry | null; loading: boolean };
  openCallDetails: (id: string) => Promise<void>;
  closeCallDetails: () => void;
  /** Main changed this call: re-read it where it is shown outside the live list (details, results). */
  refreshShownCall: (id: string) => Promise<void>;
  /** "Report a problem with this call": main writes the file; null when it could not (the notice says why). */
  reportCallProblem: (callId: string, note: string) => Promise<CommandResponse<'callLog:reportProblem'> | null>;
};

export type QuarantinedRecord = CommandResponse<'sync:quarantine'>[number];

/** Delivery of the call log to the backend, and the health of the local store it delivers from. */
export type SyncSlice = {
  sync: {
    view: SyncView | null;
    /** Where main put an unreadable call log at start, or null. */
    setAside: string | null;
    /** The `setAside` file the agent dismissed the notice for (this session only). */
    dismissedSetAside: string | null;
    /** A "sync now" is on its way. */
    running: boolean;
    quarantine: { open: boolean; items: QuarantinedRecord[]; loading: boolean };
  };
  syncNow: () => Promise<void>;
  openQuarantine: () => Promise<void>;
  closeQuarantine: () => void;
  loadQuarantine: () => Promise<void>;
  dismissStorageNotice: () => void;
};

/** The pre-shift check ("Check my workstation"): main's view of it, and its dialog. */
export type ShiftCheckSlice = {
  shiftCheck: {
    view: ShiftCheckView | null;
    open: boolean;
    /** The agent put the dialog away: it does not open by itself again this session. */
    dismissed: boolean;
  };
  openShiftCheck: () => void;
  startShiftCheck: () => Promise<void>;
  answerShiftCheck: (answer: ShiftCheckAnswer) => Promise<void>;
  closeShiftCheck: () => Promise<void>;
};

/** The agent's three audio choices (settings `audio.*`). */
export type AudioChoice = 'microphoneId' | 'speakerId' | 'ringDeviceId';

export type SettingsSlice = {
  /** `audio`: the devices to choose from, as main last reported them. */
  /** `updates`: main's update status, shown in the settings dialog. */
  settings: { effective: SettingsView | null; audio: AudioView | null; updates: UpdatesView | null; open: boolean; saving: boolean };
  setLanguage: (language: LanguageSetting) => Promise<void>;
  /** The agent's name said in greetings (`null`: none); true if main kept it. */
  setAgentName: (name: string | null) => Promise<boolean>;
  /** Chooses a device (`null`: the system default); main keeps the choice. */
  setAudioDevice: (choice: AudioChoice, deviceId: string | null) => Promise<void>;
  /** Asks main to list the devices afresh (the dialog opened). */
  refreshAudioDevices: () => Promise<void>;
  /** "Create support bundle": main writes the zip; null when it failed (the notice says why). */
  createSupportBundle: () => Promise<CommandResponse<'support:bundle'> | null>;
  openSettings: () => void;
  closeSettings: () => void;
};

/** A headset plugged in now, as main reports it; `active` is the one whose buttons work. */
export type HeadsetView = Snapshot['headsets'][number];

export type HeadsetSlice = {
  headset: {
    /** The headsets plugged in now, as main last reported them. */
    list: HeadsetView[];
    /** The key of a headset whose choice is on its way to main, or null. */
    choosing: string | null;
  };
  /** Makes this headset the agent's; main keeps the choice (settings `headset.device`). */
  chooseHeadset: (key: string) => Promise<void>;
};

/** For whom each call is and who is calling, as main last reported it (`snapshot.contexts`, `clients`). */
export type CallContextSlice = {
  callContext: {
    /** Per call id; a call may briefly have none. */
    contexts: Readonly<Record<string, CallContext>>;
    /** The configured clients; empty on a single-company workstation. */
    clients: Snapshot['clients'];
  };
};

/** The workspace's tabs below the call banner. */
export type WorkspaceTab = 'callLog' | 'customers' | 'callbacks' | 'callLists' | 'scripts';

/** A new customer as the form gives it (`customers:create` without the call id). */
export type NewCustomer = Omit<CommandRequest<'customers:create'>, 'callId'>;

export type CustomersSlice = {
  customers: {
    tab: WorkspaceTab;
    /** What the search box holds; searched once typing pauses. */
    text: string;
    /** The text the results are for ('' : none). */
    query: string;
    results: DirectoryCustomer[];
    /** A search is on its way. */
    searching: boolean;
    /** The results of `query` have arrived. */
    loaded: boolean;
    /** The customer whose details are open, as `customers:get` last returned them. */
    details: { id: string | null; customer: DirectoryCustomer | null; recentCalls: CallLogEntry[]; loading: boolean };
    /** `customers:pick` is on its way for this call. */
    picking: string | null;
    /** `customers:create` is on its way. */
    saving: boolean;
    /** An import running in main (from any window), for the progress bar. */
    importing: Snapshot['customerImport'];
    /** The last import's outcome, from this window. */
    imported: CustomerImportResult | null;
  };
  showWorkspaceTab: (tab: WorkspaceTab) => void;
  /** Imports a CSV file into the local directory; the result or null (the notice says why). */
  importCustomers: (file: { name: string; bytes: ArrayBuffer; client: string | null }) => Promise<CustomerImportResult | null>;
  /** Sets the search box; the search itself follows with `searchCustomers`. */
  setCustomerSearchText: (text: string) => void;
  /** Searches the directory for `text`; an answer for an older text is dropped. */
  searchCustomers: (text: string) => Promise<void>;
  /** Shows the customer search with `text` searched at once (e.g. an unknown caller's number). */
  findCustomer: (text: string) => Promise<void>;
  openCustomer: (id: string) => Promise<void>;
  closeCustomer: () => void;
  /** Creates a customer (the call's customer too, with `callId`); the new customer or null (the notice says why). */
  createCustomer: (customer: NewCustomer, callId?: string) => Promise<DirectoryCustomer | null>;
  /** Makes `customer` the call's customer; true if main accepted. */
  pickCustomer: (callId: string, customer: PopCustomer) => Promise<boolean>;
};

export type AnlaufState = AppSlice &
  PhoneSlice &
  AgentSlice &
  TrainingSlice &
  CallLogSlice &
  CallLogSearchSlice &
  CallDetailsSlice &
  SyncSlice &
  ShiftCheckSlice &
  SettingsSlice &
  HeadsetSlice &
  CallContextSlice &
  CustomersSlice &
  ScriptSlice &
  WrapUpSlice &
  CallbacksSlice &
  CallListsSlice;

/** A slice of the one store; it is given the API it talks to main through. */
export type SliceCreator<Slice> = (api: AnlaufApi) => StateCreator<AnlaufState, [], [], Slice>;
