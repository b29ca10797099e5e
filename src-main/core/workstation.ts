import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { settingsView, type ColleagueChanges, type Message, type Settings, type SignInView, type Snapshot } from '../contract';
import type { ISignIn, SipIdentity } from './desk/sign-in';
import { AnlaufError } from './errors';
import type { ApiServices } from './api-services';
import { AgentService } from './agent/agent-service';
import { FeatureCodeQueues, quietCallDialer } from './queues/feature-code-queues';
import { QueueService } from './queues/queue-service';
import { RegistrarQueues } from './queues/registrar-queues';
import { QueueLogRepository } from './store/queue-log';
import { OwnFiguresService } from './agent/own-figures';
import { ShiftCheck } from './agent/shift-check';
import { bridgeShiftCheckMedia } from './agent/shift-check-media';
import { CallLifecycle } from './calls/call-lifecycle';
import { CallScripts } from './calls/call-scripts';
import { classifyOrIvr } from './calls/classify-call';
import { Dialing } from './calls/dialing';
import { CallContextService } from './calls/call-context-service';
import { CustomerDesk } from './customers/customer-desk';
import { ColleagueDirectory, type DirectoryGet } from './colleagues/colleague-directory';
import { PresencePublisher } from './colleagues/presence-publisher';
import { publicationFile } from './colleagues/publication-file';
import { LogoCache } from './clients/logo';
import { CrmLookup, type HttpGet } from './customers/crm';
import { CrmSearch } from './customers/crm-search';
import { CrmCache } from './customers/crm-cache';
import { CustomerDirectory } from './customers/directory';
import { MemoryVault, secretsView, type SecretVault } from './platform/secret-vault';
import { directoryNotice, moveAgentCustomers, openDirectoryFile, type OpenedDirectory } from './customers/directory-file';
import { ensurePrivateDir, ensurePrivateFile } from './files/private-files';
import { noticeOf } from './notices';
import { CrmWriter, type HttpSend } from './customers/crm-writer';
import { CustomerChanges } from './customers/customer-changes';
import { ScriptLibrary } from './scripts/library';
import { referencesFromSettings } from './scripts/references';
import { SAMPLE_FORMS } from './scripts/shipped-names';
import { CallbackRepository } from './outbound/callbacks';
import { CallListRepository } from './outbound/call-lists';
import { OutboundWork } from './outbound/outbound-work';
import { resolveScriptFolder, ScriptFolder } from './scripts/script-folder';
import { ScriptLoads } from './scripts/script-loads';
import { ScriptSessions } from './scripts/script-sessions';
import { FormLibrary } from './forms/form-library';
import { FormSessions } from './forms/form-sessions';
import { callLanguageFor } from './calls/call-language';
import { formFactsOf } from './forms/form-facts';
import { isFormText } from './forms/loader';
import { variantFor } from './scripts/languages';
import { WrapUpService } from './wrapup/wrap-up-service';
import { TopicRepository } from './store/call-topics';
import { TopicFolder } from './topics/topic-folder';
import { TopicService, type TopicsGet } from './topics/topic-service';
import { callbackDueNotice } from '../shared/callback-due';
import { systemClock, type Clock } from './clock';
import { DisposableStore, Emitter, toDisposable, type Event, type IDisposable } from './events';
import { Snapshots } from './snapshots';
import { createStderrLogger, type Logger, errorForLog } from './log';
import { AudioDevices } from './media/audio-devices';
import { MediaBridge } from './media/media-bridge';
import { DialLinks, linkHoldUp } from './phone/dial-links';
import { linkRefusal } from './phone/dial-policy';
import type { PhoneLine } from './phone/phone-line';
import { PhoneService } from './phone/phone-service';
import { SipLine } from './phone/sip/sip-line';
import { logSettingsFile, settingsFileNotices } from './settings/file-report';
import { FormMappingCheck } from './settings/form-mapping-check';
import { SettingsService, USER_SETTINGS_FILE } from './settings/settings-service';
import type { PolicySource } from './settings/policy/policy-sources';
import { logPolicy } from './settings/policy/policy-state';
import { CallLogRepository } from './store/call-log';
import { DATABASE_FILE, openStore } from './store/database';
import { loadDemoSet, realSettings, type DemoSet } from './demo/demo-set';
import { importCsv } from './customers/csv-import';
import { HeadsetService } from './headset/headset-service';
import type { HidPort } from './headset/hid-port';
import { webHidLayout, type WebHidCollectionInfo } from './headset/webhid-layout';
import { AgentLogRepository } from './store/agent-log';
import { OwnFiguresRepository } from './store/own-figures';
import { ShiftCheckRepository } from './store/shift-checks';
import { CallRecordingRepository } from './recorder/call-recordings';
import { FlightRecorder } from './recorder/flight-recorder';
import { SupportReports } from './diagnostics/support-reports';
import { recordWorkstation } from './recorder/record-workstation';
import { settingsSecrets } from './recorder/sip-redact';
import { Retention } from './store/retention';
import { OutboxRepository } from './store/outbox';
import { SyncWorker, type HttpPost } from './sync/sync-worker';
import { FormDelivery, type FormPost } from './forms/form-delivery';
import { FormSubmissionsRepository } from './store/form-submissions';
import { SyncAttemptLog } from './store/sync-attempts';
import { loadTrainingScenario } from './training/scenario';
import { ScenarioRunner, specFromScenarioCall } from './training/scenario-runner';
import { TrainingCalls } from './training/training-calls';
import { TrainingLine } from './training/training-line';
import { UpdateService, type OpenWork } from './updates/update-service';
import type { Updater } from './updates/updater';

export interface WorkstationOptions {
  dataDir: string;
  configFile?: string | undefined;
  host: 'electron' | 'web';
  appVersion: string;
  /** Folder of the app's bundled resources (built-in training scenario, icons). */
  resourcesDir: string;
  /**
   * Offer the demo set (resources/demo/) on a desk where nothing real is configured
   * (core/demo/demo-set.ts): the hosts do unless told not to; a test only when it says so.
   */
  demo?: boolean;
  /**
   * The customer directory's folder when `customers.directoryFolder` is not set: the hosts pass the
   * machine-wide folder for the default data folder; a data folder chosen by hand (a trainer's, a
   * test's) keeps its directory inside it, apart from the desk's.
   */
  directoryFolder?: string;
  clock?: Clock;
  logger?: Logger;
  /** HTTP for the sync worker (defaults to fetch). */
  post?: HttpPost;
  /** USB HID for headsets (node-hid in the hosts, a fake fed with real descriptors in tests); none: no headsets. */
  hid?: HidPort;
  /** HTTP for the CRM lookup (defaults to fetch). */
  httpGet?: HttpGet;
  /** HTTP for customers written to the CRM (defaults to fetch). */
  crmSend?: HttpSend;
  /** The first wait before a CRM write is tried again (default 1 s; doubled with jitter up to 5 min). */
  crmRetryBaseMs?: number;
  /** How long the customer card waits for the CRM before it shows the best local answer. */
  screenPopFastMs?: number;
  /** How long a tel:/sip: link waits for the line to be able to dial (default 30 s). */
  linkWaitMs?: number;
  /** The Electron host's updater (electron-updater); none in the browser host, whose app is updated by its installer. */
  updater?: Updater | null;
  /** The desk's place in staged rollouts comes from it (default: the OS's host name). */
  computerName?: string;
  /** The machine's policy (the hosts pass the OS's: settings/policy/policy-sources.ts); none: nothing is locked. */
  policy?: PolicySource;
  /**
   * Where secrets are kept between starts: safeStorage in Electron, the OS keyring in the browser
   * host and the CLI (core/secrets/); memory by default, as in tests.
   */
  vault?: SecretVault;
  /** A signed-in agent's SIP identity, in place of the settings' (core/desk/: shared desks). */
  sipIdentity?: SipIdentity;
  /** Where IT's last good settings file is kept, when not in `dataDir` (a shared desk's machine folder). */
  lastGoodDir?: string;
  /** The host's media bridge, when it outlives this Workstation (a shared desk: one per signed-in agent, one media end). */
  media?: MediaBridge;
  /**
   * The desk's update service, when it outlives this Workstation (core/desk/): updates are the
   * machine's, and go on while nobody is signed in. The Workstation neither starts nor stops it.
   */
  updates?: UpdateService;
  /** HTTP for the colleague directory URL (defaults to fetch). */
  directoryGet?: DirectoryGet;
  /** HTTP for the clients' form endpoints (defaults to fetch). */
  formPost?: FormPost;
  /** HTTP for the backend's current topics (defaults to fetch). */
  topicsGet?: TopicsGet;
  /** Who is signed in and how to sign in and out (core/desk/); without it, a personal desk. */
  signIn?: { view(): SignInView; onDidChange: Event<void>; control: ISignIn };
}

/** A personal desk (`signIn.mode: off`): always "signed in", nobody signs in or out. */
const PERSONAL_DESK: NonNullable<WorkstationOptions['signIn']> = {
  view: () => ({ mode: 'off', status: 'signedIn', agentId: null, since: null, staySignedInOffered: false, error: null, notice: null, heldLink: null }),
  onDidChange: () => toDisposable(() => undefined),
  control: {
    signIn: () => Promise.reject(new AnlaufError('signIn.notOffered', {}, 'invalid')),
    signOut: () => Promise.reject(new AnlaufError('signIn.notOffered', {}, 'invalid')),
  },
};

/** Something to tell the agent that is no command's answer; `info` is news, not a failure. */
export interface WorkstationNotice {
  callId: string | null;
  message: string;
  said: Message;
  level?: 'error' | 'info';
}

function unsubscribe(subscription: IDisposable): () => void {
  return () => subscription.dispose();
}

/**
 * The composition root: one object a host starts. Every service gets its dependencies through
 * its constructor, so tests build the same workstation on a temp folder with their own clock.
 */
export class Workstation {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: SettingsService;
  readonly db: Database;
  readonly callLog: CallLogRepository;
  readonly agent: AgentService;
  readonly trainingLine: TrainingLine;
  /** The demo set, when nothing real is configured (core/demo/demo-set.ts); null on a real desk. */
  readonly demo: DemoSet | null;
  /** The demo's sample forms' folders, loaded like the script folder. */
  private readonly demoFormFolders: ScriptFolder[];
  readonly phone: PhoneService;
  /** The media bridge; a host attaches its media end (media window, page, wrtc in tests). */
  readonly media: MediaBridge;
  /** Microphone, speaker and ring device: the agent's choices applied to the media end. */
  readonly audio: AudioDevices;
  readonly outbox: OutboxRepository;
  readonly agentLog: AgentLogRepository;
  /** The agent's queues (login by skill, paused while not ready) and their log. */
  readonly queues: QueueService;
  readonly queueLog: QueueLogRepository;
  /** The agent's own figures for today, from the call log and the agent log. */
  readonly figures: OwnFiguresService;
  readonly sync: SyncWorker;
  /** The submitted forms (IFormSubmissions), and their delivery to the clients' endpoints. */
  readonly formSubmissions: FormSubmissionsRepository;
  readonly formDelivery: FormDelivery;
  readonly retention: Retention;
  /** Every call's flight recorder (SIP, line, media, devices, headset, quality), kept with the call. */
  readonly recorder: FlightRecorder;
  /** Headsets, when the host gave an HID port. */
  readonly headsets: HeadsetService | null;
  /** Where an unreadable call log was moved at start, or null. */
  readonly setAside: string | null;
  /** What the agent is told about IT's settings file as read at start. */
  private readonly settingsNotices: Message[];
  /** IT's form endpoint mappings against the forms loaded (known only once they are). */
  private readonly formMappings: FormMappingCheck;
  /** The SIP line when an account is configured; it is then the agent's line. */
  readonly sipLine: SipLine | null;
  readonly scenario: ScenarioRunner;
  /** Training calls placed by hand (the trainer's "place a call"). */
  readonly training: TrainingCalls;
  /** The local customer directory (CSV imports, customers created at the workstation). */
  readonly directory: CustomerDirectory;
  /** Where the customer directory is, and whether this user can write it (`customers.directoryFolder`). */
  readonly directoryFile: OpenedDirectory;
  readonly crm: CrmLookup;
  /** Customers created or corrected here, on their way to the CRM (`crm.writeUrl`). */
  readonly crmWriter: CrmWriter;
  /** Created and corrected customers told to the backend and the CRM exactly once. */
  readonly customerChanges: CustomerChanges;
  /** For whom each call is and who is calling (client, campaign, customer card). */
  readonly contexts: CallContextService;
  /** Search, create and import customers; the call's customer. */
  readonly customers: CustomerDesk;
  /** Call scripts as loaded (every version kept) and the walks through them. */
  readonly library: ScriptLibrary;
  readonly scripts: ScriptSessions;
  /** Scripts loaded from the trainer's window and the script folder, and what the agent is told of them. */
  readonly scriptLoads: ScriptLoads;
  /** Each call's campaign script, fed with what is known about the call. */
  readonly callScripts: CallScripts;
  /** Client forms as loaded from the script folder (every version kept), and the forms filled on calls. */
  readonly formLibrary: FormLibrary;
  readonly forms: FormSessions;
  readonly callbacks: CallbackRepository;
  readonly callLists: CallListRepository;
  /** After-call work: dispositions, notes, callbacks. */
  readonly wrapUp: WrapUpService;
  /** Callbacks and preview dialing. */
  readonly outbound: OutboundWork;
  /** Every dial and transfer target: normalised, block list, no call before the wrap-up. */
  readonly dialing: Dialing;
  /** tel:/sip:/callto: links from the OS: held until the line can dial, then into the dial box. */
  readonly links: DialLinks;
  /** The pre-shift check ("Check my workstation"). */
  readonly shiftCheck: ShiftCheck;
  /** "Report a problem with this call" and "Create support bundle". */
  readonly support: SupportReports;
  /** Updates from IT's update server, installed when nothing is open. */
  readonly updates: UpdateService;
  /** Colleagues and specialists with their live presence and call state (BLF). */
  readonly colleagues: ColleagueDirectory;
  /** The agent's state published as SIP presence, when the SIP line is the agent's line. */
  readonly presence: PresencePublisher | null;
  /** The host's vault for secrets kept across restarts (the last good settings file's, a signed-in agent's). */
  readonly vault: SecretVault;
  private readonly scriptFolder: ScriptFolder;
  /** Current topics per client (docs/topics.md): the folder, the backend, what each call showed and opened. */
  readonly topics: TopicService;
  private readonly topicFolder: TopicFolder;
  private readonly snapshots: Snapshots;
  private readonly callLogChanged = new Emitter<string>();
  /** Notices that belong to no call (a device unplugged); the phone has its own. */
  private readonly notices = new Emitter<WorkstationNotice>();
  /** Every subscription between the services; stop() ends them all. */
  private readonly subscriptions = new DisposableStore();

  /** The services the Dispatcher reaches, each by its narrow interface. */
  get services(): ApiServices {
    return (this.api ??= {
      clock: this.clock,
      phone: this.phone,
      dialing: this.dialing,
      agent: this.agent,
      scripts: this.scripts,
      library: this.library,
      wrapUp: this.wrapUp,
      outbound: this.outbound,
      scenario: this.scenario,
      callLog: this.callLog,
      links: this.links,
      line: this.sipLine,
      sync: this.sync,
      outbox: this.outbox,
      settings: this.settings,
      audio: this.audio,
      headsets: this.headsets,
      shiftCheck: this.shiftCheck,
      state: this.snapshots,
      customers: this.customers,
      scriptLoads: this.scriptLoads,
      training: this.training,
      diagnostics: this.support,
      signIn: (this.options.signIn ?? PERSONAL_DESK).control,
      queues: this.queues,
      colleagues: this.colleagues,
      forms: this.forms,
      topics: this.topics,
    });
  }

  private api: ApiServices | null = null;

  /** The data folder (database, settings, files being imported). */
  get dataDir(): string {
    return this.options.dataDir;
  }

  /** Opens settings and the database; throws a clear error (bad settings file, newer schema). */
  constructor(private readonly options: WorkstationOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? createStderrLogger();
    // Calls, customers and notes: owner-only before anything is read or written (docs/it-admin.md).
    ensurePrivateDir(options.dataDir, this.logger);
    ensurePrivateFile(path.join(options.dataDir, USER_SETTINGS_FILE), this.logger);
    this.vault = options.vault ?? new MemoryVault();
    this.settings = new SettingsService({
      configFile: options.configFile,
      dataDir: options.dataDir,
      clock: this.clock,
      policy: options.policy,
      vault: this.vault,
      lastGoodDir: options.lastGoodDir,
    });
    logSettingsFile(this.settings.fileStatus, this.logger);
    logPolicy(this.settings.policyState, this.logger);
    this.settingsNotices = settingsFileNotices(this.settings.fileStatus, this.settings.get());
    // The demo set on a desk where nothing real is configured; its calls and customers apart (core/demo/).
    const real = realSettings(this.settings.get(), options.sipIdentity != null, fs.existsSync(path.join(options.dataDir, DATABASE_FILE)));
    this.demo = options.demo === true && real.length === 0 ? loadDemoSet(options.resourcesDir, options.dataDir) : null;
    if (this.demo) {
      this.settings.useDemo(this.demo.layer);
      ensurePrivateDir(this.demo.dataFolder, this.logger);
      this.logger.log('info', "nothing real is configured: the training line uses Anlauf's demo set", { folder: this.demo.dataFolder });
    }
    const dataHome = this.demo?.dataFolder ?? options.dataDir;
    const scenario = loadTrainingScenario(this.settings.get().training.scenarioFile, options.resourcesDir);
    const store = openStore(path.join(dataHome, DATABASE_FILE), { appVersion: options.appVersion, logger: this.logger }, this.clock.now());
    this.db = store.db;
    this.setAside = store.setAside;
    if (store.setAside) {
      this.logger.log('error', 'the call log could not be read; it was set aside and a new one started', { setAside: store.setAside });
    }
    this.snapshots = new Snapshots(
      (revision) => this.buildSnapshot(revision),
      () => this.db.open,
    );
    this.outbox = new OutboxRepository(this.db);
    this.agentLog = new AgentLogRepository(this.db, this.outbox);
    this.sync = new SyncWorker({
      outbox: this.outbox,
      attempts: new SyncAttemptLog(this.db),
      settings: () => {
        const sync = this.settings.get().sync;
        return {
          url: sync.url,
          token: sync.token,
          batchSize: sync.batchSize,
          timeoutMs: sync.timeoutSeconds * 1000,
          retryBaseMs: 1000,
          retryCapMs: sync.retryMaxSeconds * 1000,
        };
      },
      post: options.post ?? ((url, init) => fetch(url, init)),
      clock: this.clock,
      logger: this.logger,
    });
    const formEndpoint = (clientId: string | null) => this.settings.get().clients.find((client) => client.id === clientId)?.forms ?? null;
    this.formSubmissions = new FormSubmissionsRepository(
      this.db,
      { hasEndpoint: (clientId) => formEndpoint(clientId) !== null, now: () => this.clock.now() },
      this.outbox,
    );
    this.formDelivery = new FormDelivery({
      store: this.formSubmissions,
      endpoint: formEndpoint,
      retry: () => ({ baseMs: 1000, capMs: this.settings.get().sync.retryMaxSeconds * 1000 }),
      post: options.formPost,
      clock: this.clock,
      logger: this.logger,
    });
    this.retention = new Retention(this.db, this.clock, this.logger, () => this.settings.get().callLog.retentionDays);
    this.callLog = new CallLogRepository(this.db, this.outbox);
    this.agent = new AgentService(
      this.clock,
      () => this.settings.get().agent.notReadyReasons,
      () => this.shiftCheck.readyRefusal(),
    );
    this.figures = new OwnFiguresService(new OwnFiguresRepository(this.db), this.clock, () => this.agent.view);
    this.trainingLine = new TrainingLine(this.clock);
    this.media = options.media ?? new MediaBridge(this.logger);
    this.audio = new AudioDevices({
      media: this.media,
      settings: () => this.settings.get().audio,
      clock: this.clock,
      logger: this.logger,
      notice: (said) => this.notices.fire(noticeOf(null, said, 'info')),
    });
    const audioConstraints = () => this.audio.constraints();
    this.media.useAudioConstraints(audioConstraints);
    this.recorder = new FlightRecorder({
      clock: this.clock,
      logger: this.logger,
      store: new CallRecordingRepository(this.db),
      secrets: () => settingsSecrets(this.agentSettings()),
    });
    const sip = this.agentSettings().sip;
    this.sipLine =
      sip.websocketUrl && sip.uri
        ? new SipLine(sip, this.media, this.clock, this.logger, `Anlauf/${options.appVersion}`, audioConstraints, {
            sip: (dir, message) => this.recorder.sip(dir, message),
            media: (sipCallId, event) => this.recorder.noteSip(sipCallId, 'media', event),
          })
        : null;
    const lines: PhoneLine[] = this.sipLine ? [this.sipLine, this.trainingLine] : [this.trainingLine];
    this.presence = this.sipLine
      ? new PresencePublisher({
          channel: this.sipLine,
          clock: this.clock,
          logger: this.logger,
          settings: () => this.settings.get().colleagues,
          agent: () => this.agent.view,
          changed: () => this.queueState(),
          memory: publicationFile(options.dataDir),
        })
      : null;
    this.colleagues = new ColleagueDirectory({
      channel: this.sipLine,
      clock: this.clock,
      logger: this.logger,
      settings: () => this.settings.get().colleagues,
      get: options.directoryGet,
    });
    this.directoryFile = openDirectoryFile({
      folder: this.demo ? dataHome : (this.settings.get().customers.directoryFolder ?? options.directoryFolder ?? options.dataDir),
      appVersion: options.appVersion,
    });
    this.directory = this.openedDirectory(this.directoryFile);
    this.crm = new CrmLookup({
      settings: () => this.settings.get().crm,
      defaultRegion: () => this.settings.get().sip.defaultCountry,
      get: options.httpGet,
      clock: this.clock,
    });
    const logos = new LogoCache(this.logger);
    this.contexts = new CallContextService({
      settings: () => this.settings.get(),
      directory: this.directory,
      crm: this.crm,
      cache: new CrmCache(this.db, this.clock, () => this.settings.get().crm.cacheDays),
      clock: this.clock,
      logger: this.logger,
      logo: (value) => logos.get(value),
      recordCustomer: (callId, customer) => this.customers.recordCustomer(callId, customer),
      fastMs: options.screenPopFastMs,
    });
    this.crmWriter = new CrmWriter({
      db: this.db,
      settings: () => this.settings.get().crm,
      send: options.crmSend,
      clock: this.clock,
      logger: this.logger,
      notice: (said, level) => this.notices.fire(noticeOf(null, said, level)),
      retryBaseMs: options.crmRetryBaseMs,
    });
    this.customerChanges = new CustomerChanges({
      db: this.db,
      directory: this.directory,
      outbox: this.outbox,
      crm: this.crmWriter,
      agent: () => ({ id: (this.options.signIn ?? PERSONAL_DESK).view().agentId, name: this.settings.get().agent.name }),
      clock: this.clock,
      logger: this.logger,
      told: () => this.sync.notify(),
    });
    this.customers = new CustomerDesk({
      settings: () => this.settings.get(),
      directory: this.directory,
      sync: { changes: this.customerChanges, crm: this.crmWriter },
      readOnlyFolder: this.directoryFile.location.access === 'readonly' ? this.directoryFile.location.folder : null,
      callLog: this.callLog,
      crmSearch: new CrmSearch({
        crm: this.crm,
        searchConfigured: () => this.settings.get().crm.searchUrl !== null,
        defaultRegion: () => this.settings.get().sip.defaultCountry,
      }),
      contexts: this.contexts,
      clock: this.clock,
      logger: this.logger,
      written: (callId) => {
        this.callLogChanged.fire(callId);
        this.sync.notify();
      },
    });
    this.phone = new PhoneService(
      lines,
      this.callLog,
      this.clock,
      this.logger,
      classifyOrIvr((call) => this.contexts.classify(call), this.logger),
      () => (this.agent.view.declining ? this.settings.get().agent.declineCode : null),
    );
    this.headsets = options.hid
      ? new HeadsetService({
          port: options.hid,
          clock: this.clock,
          logger: this.logger,
          chosenKey: () => this.settings.get().headset.device,
          holdPolicy: () => this.settings.get().headset.holdPolicy,
          layoutWithoutDescriptor: async (device) => {
            const match = (await this.media.hidDevices()).find((d) => d.vendorId === device.vendorId && d.productId === device.productId);
            return match ? webHidLayout(match.collections as WebHidCollectionInfo[]) : null;
          },
          phone: this.phone,
        })
      : null;
    this.library = new ScriptLibrary(
      this.db,
      () => this.clock.now(),
      undefined,
      () => ({ ...referencesFromSettings(this.settings.get()), forms: this.formLibrary.list().map((f) => f.formId), shippedForms: SAMPLE_FORMS }),
    );
    this.scriptLoads = new ScriptLoads({
      library: this.library,
      forms: { claims: isFormText, loadText: (text, file) => this.formLibrary.loadText(text, file) },
      notice: (said, level) => this.notices.fire(noticeOf(null, said, level)),
    });
    this.scripts = new ScriptSessions(this.library, this.logger, (callId, script, state, answers) => this.callLog.recordScript(callId, script, state, answers));
    this.callbacks = new CallbackRepository(this.db, this.outbox);
    this.callLists = new CallListRepository(this.db, this.outbox);
    this.wrapUp = new WrapUpService({
      db: this.db,
      callLog: this.callLog,
      callbacks: this.callbacks,
      callLists: this.callLists,
      scripts: this.scripts,
      settings: () => this.settings.get(),
      clock: this.clock,
      logger: this.logger,
      notice: (callId, said) => this.notices.fire(noticeOf(callId, said)),
      written: (callId) => {
        this.callLogChanged.fire(callId);
        this.sync.notify();
      },
    });
    this.callScripts = new CallScripts({
      settings: () => this.settings.get(),
      scripts: this.scripts,
      callLog: this.callLog,
      purposeOf: (callId) => this.contexts.purposeOf(callId),
      currentCalls: () => this.phone.currentCalls(),
      wrapUp: this.wrapUp,
      logger: this.logger,
    });
    this.formLibrary = new FormLibrary(
      this.db,
      () => this.clock.now(),
      () => this.settings.get().clients.map((c) => c.id),
    );
    this.forms = new FormSessions({
      db: this.db,
      forms: this.formLibrary,
      submissions: this.formSubmissions,
      now: () => this.clock.now(),
      openCalls: () => [
        ...this.phone
          .currentCalls()
          .filter((c) => c.state !== 'ended' && !c.consultFor)
          .map((c) => c.id),
        ...this.wrapUp.views().map((w) => w.callId),
      ],
      facts: (callId) =>
        formFactsOf(
          {
            currentCalls: () => this.phone.currentCalls(),
            purposeOf: (id) => this.contexts.purposeOf(id),
            wrapUpPurposeOf: (id) => this.wrapUp.purposeOf(id),
            callLog: this.callLog,
            language: (call) => callLanguageFor(this.settings.get().clients, call)?.code ?? null,
            agentId: () => (this.options.signIn ?? PERSONAL_DESK).view().agentId,
            agentName: () => this.settings.get().agent.name,
          },
          callId,
        ),
      region: () => this.settings.get().sip.defaultCountry,
      logger: this.logger,
    });
    this.formMappings = new FormMappingCheck({
      status: () => this.settings.fileStatus,
      fieldsOf: (formId) => this.formLibrary.current(formId)?.fields.map((f) => f.id) ?? null,
      mapped: () => this.settings.get().clients.some((c) => Object.keys(c.forms?.mapping ?? {}).length > 0),
      logger: this.logger,
    });
    this.scripts.formTitle = (formId, language) => {
      const form = this.formLibrary.current(formId);
      return form ? variantFor(form, language).title : null;
    };
    this.dialing = new Dialing({ settings: () => this.agentSettings(), logger: this.logger, phone: this.phone, contexts: this.contexts, wrapUp: this.wrapUp });
    this.outbound = new OutboundWork({
      callbacks: this.callbacks,
      callLists: this.callLists,
      settings: () => this.settings.get(),
      clock: this.clock,
      logger: this.logger,
      dial: (number, preset) => this.dialing.dialFor(number, preset),
      due: (callback) => this.notices.fire(noticeOf(null, callbackDueNotice(callback), 'info')),
    });
    this.links = new DialLinks({
      clock: this.clock,
      logger: this.logger,
      holdUp: () => linkHoldUp({ line: this.phone.lineState, mediaAttached: this.media.isAttached, busy: this.phone.hasCall() || this.wrapUp.waiting }),
      refuse: (target) => linkRefusal(target, this.agentSettings().sip),
      waitMs: options.linkWaitMs,
    });
    this.shiftCheck = new ShiftCheck({
      clock: this.clock,
      logger: this.logger,
      settings: () => this.agentSettings(),
      store: new ShiftCheckRepository(this.db),
      media: bridgeShiftCheckMedia(this.media, this.audio, () => this.settings.get().audio),
      line: () => this.phone.lineState,
      sip: () => this.sipLine,
      headset: this.headsets,
      appStartedAt: this.clock.now(),
    });
    // Forms live beside the scripts: a file with a top-level `form:` goes to the form library.
    const forms: ConstructorParameters<typeof ScriptFolder>[4] = {
      claims: isFormText,
      loadText: (text, file) => this.formLibrary.loadText(text, file),
      report: (file, result) => this.scriptLoads.reportLoad(file, result),
    };
    this.scriptFolder = new ScriptFolder(
      resolveScriptFolder(this.settings.get().scripts.folder, options.configFile),
      this.library,
      this.logger,
      (file, result) => this.scriptLoads.reportLoad(file, result),
      forms,
    );
    // The demo's sample forms are loaded as forms too (read as scripts, each would be refused).
    this.demoFormFolders = (this.demo?.formFolders ?? []).map(
      (folder) => new ScriptFolder(folder, this.library, this.logger, (file, result) => this.scriptLoads.reportLoad(file, result), forms),
    );
    this.topics = new TopicService({
      repo: new TopicRepository(this.db, this.outbox),
      clock: this.clock,
      logger: this.logger,
      settings: () => {
        const settings = this.settings.get();
        return {
          ...settings.topics,
          syncUrl: settings.sync.url,
          token: settings.sync.token,
          timeoutMs: settings.sync.timeoutSeconds * 1000,
          clients: settings.clients.map((client) => ({ id: client.id, name: client.name })),
        };
      },
      get: options.topicsGet ?? ((url, init) => fetch(url, init)),
      notice: (said, level) => this.notices.fire(noticeOf(null, said, level)),
    });
    this.topicFolder = new TopicFolder(resolveScriptFolder(this.settings.get().topics.folder, options.configFile), this.logger, (file, text, error) =>
      this.topics.fileChanged(file, text, error),
    );
    this.scenario = new ScenarioRunner(scenario, {
      clock: this.clock,
      place: (spec) => this.trainingLine.placeCall(spec),
      agentAvailable: () => this.agent.view.state === 'ready' && !this.phone.hasCall(),
      ringMsDefault: () => this.settings.get().training.ringTimeoutSeconds * 1000,
    });
    this.training = new TrainingCalls({
      agent: () => this.agent.view,
      nextCall: () => specFromScenarioCall(this.scenario.nextManualCall(), this.settings.get().training.ringTimeoutSeconds * 1000),
      place: (spec) => this.trainingLine.placeCall(spec),
      expectInbound: (preset) => this.contexts.expectInbound(preset),
      callIdFor: (lineCallId) => this.phone.callIdForLineCall(this.trainingLine, lineCallId),
    });
    this.support = new SupportReports({
      dataDir: options.dataDir,
      app: { version: options.appVersion, host: options.host },
      clock: this.clock,
      logger: this.logger,
      db: this.db,
      callLog: this.callLog,
      recorder: this.recorder,
      settings: this.settings,
      snapshot: () => this.snapshot(),
      lineHistory: () => this.phone.lineHistory(),
      hid: options.hid ?? null,
    });
    this.updates =
      options.updates ??
      new UpdateService({
        updater: options.updater ?? null,
        settings: () => this.settings.get().updates,
        installedVersion: options.appVersion,
        computerName: options.computerName ?? os.hostname(),
        // Every change of calls, wrap-ups and the outbox ends in a snapshot: one signal for all three.
        work: { current: () => this.openWork(), onDidChange: this.snapshots.onDidChange },
        clock: this.clock,
        logger: this.logger,
        notice: (said) => this.notices.fire(noticeOf(null, said, 'info')),
      });
    this.queueLog = new QueueLogRepository(this.db, this.outbox);
    const sipLine = this.sipLine;
    const registrar = sipLine ? new RegistrarQueues(sipLine.queueBindings) : null;
    const featureCodes = sipLine
      ? new FeatureCodeQueues(
          () => this.settings.get().queues,
          quietCallDialer(() => sipLine),
        )
      : null;
    this.queues = new QueueService({
      settings: () => ({ queues: this.settings.get().queues, skills: this.settings.get().agent.skills }),
      agentId: () => (this.options.signIn ?? PERSONAL_DESK).view().agentId,
      port: () => (this.settings.get().queues.adapter === 'registrar' ? registrar : featureCodes),
      log: this.queueLog,
      clock: this.clock,
      logger: this.logger,
      agent: () => ({ chosen: this.agent.view.chosen, reason: this.agent.view.chosen === 'offline' ? 'offline' : (this.agent.view.reason?.code ?? null) }),
    });
    const on = this.subscriptions;
    on.add(
      this.queues.onDidChange(() => {
        this.sync.notify();
        this.queueState();
      }),
    );
    // What the queue server refused or never got is sent again once the line is registered anew.
    let lineRegistered = false;
    on.add(
      this.phone.onDidChange(() => {
        const registered = this.phone.lineState.kind === 'sip' && this.phone.lineState.status === 'registered';
        if (registered && !lineRegistered) this.queues.retryFailed();
        lineRegistered = registered;
      }),
    );
    on.add(this.updates.onDidChange(() => this.queueState()));
    on.add(this.audio.onDidChange(() => this.queueState()));
    on.add(this.customers.onDidChange(() => this.queueState()));
    on.add(
      this.contexts.onDidChange(() => {
        this.callScripts.refreshFacts();
        this.queueState();
      }),
    );
    on.add(
      this.outbound.onDidChange(() => {
        this.sync.notify();
        this.queueState();
      }),
    );
    on.add(this.links.onDidChange(() => this.queueState()));
    on.add(this.colleagues.onDidChange(() => this.queueState()));
    on.add((options.signIn ?? PERSONAL_DESK).onDidChange(() => this.queueState()));
    on.add(this.shiftCheck.onDidChange(() => this.queueState()));
    on.add(this.media.onDidAttach(() => this.links.check()));
    on.add(this.media.onDidReattach((connections) => this.sipLine?.restartMedia(connections)));
    on.add(this.media.onDidAttach(() => void this.audio.attached()));
    on.add(this.media.onDidDetach(() => this.audio.detached()));
    on.add(this.media.onDidDetach(() => this.sipLine?.dropPreparedMedia()));
    on.add(this.media.onDidChangeDevices((devices) => this.audio.devicesChanged(devices)));
    on.add(this.media.onDidEndTrack((track) => this.audio.trackEnded(track)));
    on.add(this.scenario.onDidChange(() => this.queueState()));
    on.add(this.scripts.onDidChange(() => this.queueState()));
    on.add(
      this.scriptLoads.onDidChange(() => {
        this.formMappings.check();
        this.queueState();
      }),
    );
    on.add(this.forms.onDidChange(() => this.queueState()));
    // What each call shows is recorded once its client is known, and again when a topic starts or
    // ends while it is on the desk; written after the ringing call's snapshot and screen-pop (TopicService.callsLater).
    const topicsOfCalls = () =>
      this.topics.callsLater(
        this.phone.currentCalls().map((call) => {
          const purpose = this.contexts.purposeOf(call.id);
          return { id: call.id, client: purpose?.clientId ?? null, campaign: purpose?.campaignId ?? null, ringing: call.state === 'ringing' };
        }),
      );
    on.add(this.contexts.onDidChange(topicsOfCalls));
    on.add(this.phone.onDidChange(topicsOfCalls));
    on.add(
      this.topics.onDidRecord((callIds) => {
        for (const callId of callIds) this.callLogChanged.fire(callId);
        this.sync.notify();
      }),
    );
    on.add(
      this.topics.onDidChange(() => {
        topicsOfCalls();
        this.queueState();
      }),
    );
    on.add(this.forms);

    const lifecycle = new CallLifecycle({
      phone: this.phone,
      wrapUp: this.wrapUp,
      contexts: this.contexts,
      scripts: this.callScripts,
      agent: this.agent,
      shiftCheck: this.shiftCheck,
      audio: this.audio,
      headsets: this.headsets,
      stateChanged: () => this.queueState(),
      scenario: this.scenario,
      links: this.links,
    });
    on.add(this.phone.onDidChange(() => lifecycle.callsChanged()));
    on.add(
      this.phone.onDidChangeCallLog((id) => {
        this.figures.invalidate();
        this.callLogChanged.fire(id);
        this.sync.notify();
      }),
    );
    on.add(
      this.sync.onDidChange(() => {
        this.formDelivery.backendChanged();
        this.queueState();
      }),
    );
    on.add(
      this.formSubmissions.onDidChange(({ callId }) => {
        // A new submission's outbox row, or a status the call's forms show.
        this.sync.notify();
        this.callLogChanged.fire(callId);
        this.queueState();
      }),
    );
    on.add(this.figures.onDidChange(() => this.queueState()));
    if (this.headsets) on.add(this.headsets.onDidChange(() => this.queueState()));
    on.add(recordWorkstation(this.recorder, { phone: this.phone, callLog: this.callLog, media: this.media, headsets: this.headsets }));
    on.add(
      this.agent.onDidChange(({ view, previous }) => {
        try {
          if (view.state !== previous || view.state === 'notReady') this.agentLog.recordChange(view.state, previous, view.since, view.reason);
          this.sync.notify();
        } catch (error) {
          this.logger.log('error', 'the agent state change could not be saved', { error: errorForLog(error) });
        }
        this.queues.agentChanged();
        // After the log has the change, so the figures count it.
        this.figures.invalidate();
        this.presence?.stateChanged();
        this.queueState();
        this.scenario.availabilityChanged();
      }),
    );
    on.add(this.wrapUp.onDidChange(() => lifecycle.wrapUpChanged()));
    let colleagueSettings = JSON.stringify(this.settings.get().colleagues);
    on.add(
      this.settings.onDidChange(() => {
        const colleagues = JSON.stringify(this.settings.get().colleagues);
        if (colleagues !== colleagueSettings) {
          colleagueSettings = colleagues;
          this.colleagues.settingsChanged();
        }
        this.audio.settingsChanged();
        this.headsets?.chooseActive();
        this.updates.settingsChanged();
        this.queues.settingsChanged();
        this.queueState();
      }),
    );
  }

  /** The demo's customers, into the demo's own directory at its first start (or after the trainee emptied it). */
  private async importDemoCustomers(): Promise<void> {
    if (!this.demo || this.directory.count() > 0) return;
    try {
      const result = await importCsv(this.directory, this.demo.customersFile, {
        defaultRegion: this.settings.get().sip.defaultCountry,
        clients: this.demo.clients,
        now: () => this.clock.now(),
      });
      this.logger.log('info', "the demo set's customers were imported", { imported: result.imported, rejected: result.rejectedCount });
    } catch (error) {
      // The training line still rings; its callers are then unknown.
      this.logger.log('error', "the demo set's customers could not be imported", { error: errorForLog(error) });
    }
  }

  async start(): Promise<void> {
    // A changed policy applies at once: what reads its settings at use (most) follows, and a
    // newly locked setting shows locked in the next snapshot (docs/settings.md lists the exceptions).
    const watch = this.settings.watchPolicy({
      changed: (state) => logPolicy(state, this.logger),
      failed: (error) => this.logger.log('error', 'the machine policy could not be read again', { error: errorForLog(error) }),
    });
    if (watch) this.subscriptions.add(watch);
    this.scriptFolder.start();
    for (const folder of this.demoFormFolders) folder.start();
    // The forms kept from before count too, when no file of the folder loads now.
    this.formMappings.check();
    await this.importDemoCustomers();
    this.topics.start(() => this.topicFolder.start());
    this.wrapUp.restore((callId, campaignId, clientId, state) => this.callScripts.restore(callId, campaignId, clientId, state));
    this.forms.restore();
    this.agent.activity(false, this.wrapUp.waiting);
    // A restart or crash (any start after the desk was worked at) comes back not ready, never
    // straight to ready, and the queues come back as they were, paused (docs/agent.md).
    if (this.agentLog.workedBefore()) this.agent.cameBack();
    this.queues.start();
    // A required check not passed yet: no call reaches the agent before it did.
    if (this.shiftCheck.due) this.agent.setState('notReady');
    await this.phone.start();
    this.presence?.start();
    this.colleagues.start();
    this.outbound.start();
    try {
      if (this.directoryFile.location.access !== 'readonly') this.customerChanges.recover();
    } catch (error) {
      this.logger.log('error', 'customer changes a stop interrupted could not be finished; the next start tries again', { error: errorForLog(error) });
    }
    this.sync.start();
    this.formDelivery.start();
    this.crmWriter.start();
    this.retention.start();
    this.headsets?.start();
    if (this.settings.get().training.autoStart) this.scenario.start();
    if (!this.options.updates) this.updates.start();
    this.logger.log('info', 'workstation ready', {
      host: this.options.host,
      dataDir: this.options.dataDir,
      secretStore: this.vault.description?.store ?? this.vault.protection,
    });
  }

  /**
   * Ends calls, stops the services and closes the database. Idempotent: every caller gets the same
   * promise, because a host may be told to stop several times over (a quit, then the OS shutting
   * down or the Windows session ending, each with its own event).
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private stopping: Promise<void> | null = null;

  private async stopOnce(): Promise<void> {
    if (!this.options.updates) this.updates.stop();
    this.links.stop();
    this.shiftCheck.stop();
    this.scenario.stop();
    this.outbound.stop();
    this.wrapUp.stop();
    this.scriptFolder.stop();
    for (const folder of this.demoFormFolders) folder.stop();
    this.topicFolder.stop();
    this.topics.stop();
    // Before the line goes: subscriptions end, and colleagues see this agent offline.
    this.colleagues.stop();
    await this.presence?.stop();
    await this.phone.stop();
    this.recorder.stop();
    this.retention.stop();
    this.figures.dispose();
    await this.headsets?.stop();
    await this.formDelivery.stop();
    await this.sync.stop();
    await this.crmWriter.stop();
    this.subscriptions.dispose();
    this.snapshots.close();
    this.db.close();
    this.directoryFile.db?.close();
  }

  /**
   * The shared directory, with the agent's own customers moved into it; when it cannot be reached,
   * the agent's own database stands in (lookups find what is there, and the CRM; imports land there
   * and move to the shared file at the next start that reaches it), and the log says so.
   */
  private openedDirectory(opened: OpenedDirectory): CustomerDirectory {
    const { location } = opened;
    if (opened.db === null) {
      this.logger.log('error', 'the shared customer directory cannot be reached; the agent database stands in', {
        file: location.file,
        problem: location.problem,
      });
      return new CustomerDirectory(this.db);
    }
    const shared = new CustomerDirectory(opened.db);
    if (location.access === 'readonly')
      this.logger.log('warn', 'the shared customer directory is read-only', { file: location.file, problem: location.problem });
    if (location.network) this.logger.log('info', 'the customer directory is on a network share', { file: location.file });
    if (location.access === 'readwrite') {
      try {
        const move = moveAgentCustomers(this.db, shared, this.logger);
        if (move) this.logger.log('info', "moved the agent's own customers into the shared directory", { file: location.file, ...move });
      } catch (error) {
        this.logger.log('error', "the agent's own customers could not be moved into the shared directory; they stay and the next start tries again", {
          file: location.file,
          error: errorForLog(error),
        });
      }
    }
    return shared;
  }

  snapshot(): Snapshot {
    return this.snapshots.snapshot();
  }

  /** What an update waits for: the agent's calls, wrap-ups and undelivered records. */
  openWork(): OpenWork {
    return {
      calls: this.phone.currentCalls().length,
      wrapUps: this.wrapUp.views().length,
      // Without a backend the records stay here by design: nothing to wait for.
      unsynced: this.settings.get().sync.url === null ? 0 : this.outbox.stats().pending,
    };
  }

  /**
   * The settings with a signed-in agent's SIP identity in place of the file's, whose `sip.uri` on a
   * shared desk is unset (IT gives a template): the agent's own domain, for dialing a name, for
   * telling a link to a colleague from one to a stranger, and for the shift check's echo call; and
   * the agent's password among the secrets the logs blank. One object per settings change, so the
   * secrets computed from it are cached as the file's are.
   */
  agentSettings(): Settings {
    const settings = this.settings.get();
    const identity = this.options.sipIdentity;
    if (!identity) return settings;
    if (this.withIdentity?.from !== settings) this.withIdentity = { from: settings, to: { ...settings, sip: { ...settings.sip, ...identity } } };
    return this.withIdentity.to;
  }

  private withIdentity: { from: Settings; to: Settings } | null = null;

  private buildSnapshot(revision: number): Snapshot {
    return {
      revision,
      app: { version: this.options.appVersion, host: this.options.host },
      line: this.phone.lineState,
      agent: this.agent.view,
      scripts: this.callScripts.views(),
      wrapUps: this.wrapUp.views(),
      callbacks: this.outbound.callbacks(),
      callLists: this.callLists.lists(),
      preview: this.outbound.preview(),
      loadedScripts: this.library.list().map((s) => ({
        scriptId: s.scriptId,
        version: s.version,
        title: s.title,
        campaign: s.campaign,
        client: s.client,
        language: s.language,
        file: s.file,
        loadedAt: s.loadedAt,
      })),
      forms: this.forms.views(),
      calls: this.phone.currentCalls(),
      training: { ...this.scenario.view(), ...(this.demo ? { demo: true } : {}) },
      settings: settingsView(this.settings.get()),
      audio: this.audio.view(),
      sync: this.sync.view(),
      headsets: this.headsets?.view() ?? [],
      contexts: this.contexts.contexts(),
      customerImport: this.customers.importProgress,
      customerDirectory: {
        folder: this.directoryFile.location.folder,
        access: this.directoryFile.location.access,
        notice: directoryNotice(this.directoryFile.location),
      },
      clients: this.settings.get().clients.map((client) => ({ id: client.id, name: client.name, colour: client.colour })),
      storage: { setAside: this.setAside },
      settingsFile: { notices: [...this.settingsNotices, ...this.formMappings.notices] },
      policy: this.settings.policyView(),
      secrets: secretsView(this.vault),
      link: this.links.view(),
      shiftCheck: this.shiftCheck.view(),
      figures: this.figures.view(),
      updates: this.updates.view(),
      signIn: (this.options.signIn ?? PERSONAL_DESK).view(),
      queues: this.queues.views(),
      colleagues: { ...this.colleagues.summary(), published: this.presence?.view() ?? null },
      topics: this.topics.view(),
    };
  }

  /** The hosts' subscriptions return their unsubscribe (the renderer API's shape). */
  onState(listener: (snapshot: Snapshot) => void): () => void {
    return unsubscribe(this.snapshots.onDidChange(listener));
  }

  onCallLog(listener: (callId: string) => void): () => void {
    return unsubscribe(this.callLogChanged.event(listener));
  }

  /** Colleagues whose live state changed: to the pages on their own, never in a snapshot. */
  onColleagues(listener: (changes: ColleagueChanges) => void): () => void {
    return unsubscribe(this.colleagues.onDidChangeEntries(listener));
  }

  onNotice(listener: (notice: WorkstationNotice) => void): () => void {
    const offPhone = this.phone.onNotice(listener);
    const offOwn = this.notices.event(listener);
    return () => {
      offPhone.dispose();
      offOwn.dispose();
    };
  }

  private queueState(): void {
    this.snapshots.queue();
  }
}
