import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  said,
  type ColleagueChanges,
  type DialLinkView,
  type Message,
  type Settings,
  type SignInSettings,
  type SignInView,
  type Snapshot,
} from '../../contract';
import type { ApiServices } from '../api-services';
import { systemClock, type Clock } from '../clock';
import { AnlaufError } from '../errors';
import { DisposableStore, Emitter } from '../events';
import { ensurePrivateDir } from '../files/private-files';
import { createStderrLogger, errorForLog, type Logger } from '../log';
import { MediaBridge } from '../media/media-bridge';
import { noticeOf } from '../notices';
import { secretsView, type SecretVault } from '../platform/secret-vault';
import { SettingsService } from '../settings/settings-service';
import type { SignOutReason } from '../store/agent-log';
import { UpdateService } from '../updates/update-service';
import { Workstation, type WorkstationNotice, type WorkstationOptions } from '../workstation';
import type { IDeskHost } from './desk-host';
import { DeskLinks } from './desk-links';
import { agentIdRefusal, identityFor, verdictMessage, type ISignIn } from './sign-in';
import { registerOnce, type CredentialCheck } from './sip-credentials';
import { signedOutSnapshot } from './signed-out-snapshot';

/** Every agent's own folder: call log, callbacks, drafts, CRM cache and preferences. */
export const AGENTS_DIR = 'agents';
/** Who was signed in when the desk last stopped without a sign-out (a crash, a restart). */
export const SIGNED_IN_FILE = 'signed-in.json';
/** The signed-in agent's password in the vault, for the restore after a restart. */
export const PASSWORD_SECRET = 'signIn.password';

export interface DeskOptions extends Omit<WorkstationOptions, 'sipIdentity' | 'lastGoodDir' | 'signIn' | 'media'> {
  /** Where the password of "stay signed in" is kept (the OS's store; memory when there is none). */
  vault: SecretVault;
  /** Asks the SIP server about an agent's credentials (default: one REGISTER and its un-REGISTER). */
  checkCredentials?: CredentialCheck;
}

/**
 * The desk: who works at it, and the one Workstation of whoever is signed in. A personal desk
 * (`signIn.mode: off`) opens its Workstation on the data folder at once, as before. On a shared desk
 * an agent signs in with ID and password; their Workstation then runs on `<dataDir>/agents/<id>/`,
 * with their own SIP identity, and is stopped when they sign out, so the next agent starts from an
 * empty desk by construction. The Dispatcher reaches the current Workstation's services through
 * the desk, which refuses them while nobody is signed in; the hosts reach the desk only (IDeskHost).
 */
export class Desk implements ISignIn, IDeskHost {
  readonly clock: Clock;
  readonly logger: Logger;
  /** IT's settings as the desk reads them before anyone signs in (machine-wide: no agent's preferences). */
  private readonly machineSettings: SettingsService;
  private current: Workstation | null = null;
  private readonly own = new DisposableStore();
  private workstationSubscriptions = new DisposableStore();
  private view: SignInView;
  private readonly viewChanged = new Emitter<void>();
  private readonly state = new Emitter<Snapshot>();
  private readonly callLog = new Emitter<string>();
  private readonly colleagues = new Emitter<ColleagueChanges>();
  private readonly notices = new Emitter<WorkstationNotice>();
  private revision = 0;
  private revisionBase = 0;
  /** The media end (media window, page) attaches once, to the desk: every agent's Workstation uses it. */
  readonly media: MediaBridge;
  /** tel:/sip: links from the OS: to whoever is signed in, held while nobody is. */
  private readonly links: DeskLinks;
  /**
   * Updates are the machine's, not an agent's: one service for the desk, which every agent's
   * Workstation shows and whose open work is theirs. While nobody is signed in nothing is open, so
   * a shared desk updates between shifts; an agent's undelivered records wait in their folder for
   * their next sign-in, as they would anyway.
   */
  private readonly updates: UpdateService;
  /** A sign-in or sign-out under way: the next waits for it. */
  private busy: Promise<unknown> = Promise.resolve();
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: DeskOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? createStderrLogger();
    ensurePrivateDir(options.dataDir, this.logger);
    this.media = new MediaBridge(this.logger);
    this.links = new DeskLinks({ clock: this.clock, logger: this.logger });
    this.updates = new UpdateService({
      updater: options.updater ?? null,
      settings: () => this.settings().updates,
      installedVersion: options.appVersion,
      computerName: options.computerName ?? os.hostname(),
      work: { current: () => this.current?.openWork() ?? { calls: 0, wrapUps: 0, unsynced: 0 }, onDidChange: this.state.event },
      clock: this.clock,
      logger: this.logger,
      notice: (said) => this.notices.fire(noticeOf(null, said, 'info')),
    });
    // Reads IT's settings and policy for the sign-in form; the last good copy is the Workstation's to keep.
    this.machineSettings = new SettingsService({
      configFile: options.configFile,
      dataDir: options.dataDir,
      clock: this.clock,
      policy: options.policy,
      vault: options.vault,
      keepLastGood: false,
    });
    const signIn = this.signInSettings;
    this.view = {
      mode: signIn.mode,
      status: signIn.mode === 'off' ? 'signedIn' : 'signedOut',
      agentId: null,
      since: null,
      staySignedInOffered: signIn.mode === 'agent' && signIn.staySignedIn,
      error: null,
      notice: null,
      heldLink: null,
    };
    this.own.add(this.viewChanged);
    this.own.add(this.links.onDidChangeHeld(() => this.setView({ heldLink: this.links.heldTarget() })));
    // Signed out, nobody's Workstation shows the update's state: the form's snapshot does.
    this.own.add(
      this.updates.onDidChange(() => {
        if (!this.current) this.state.fire(this.snapshot());
      }),
    );
  }

  private get signInSettings(): SignInSettings {
    return this.machineSettings.get().signIn;
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  /** The signed-in agent's Workstation (a personal desk's at once); null while nobody is signed in. */
  get workstation(): Workstation | null {
    return this.current;
  }

  /** The effective settings now: the signed-in agent's (their SIP identity and password in), else IT's. */
  settings(): Settings {
    return this.current?.agentSettings() ?? this.machineSettings.get();
  }

  signInView(): SignInView {
    return this.view;
  }

  /** The folder of an agent's data (the ID checked before). */
  agentDir(agentId: string): string {
    return path.join(this.options.dataDir, AGENTS_DIR, agentId);
  }

  /** Opens a personal desk, or restores the agent who was signed in when the desk stopped (if policy lets). */
  async start(): Promise<void> {
    this.updates.start();
    if (this.view.mode === 'off') {
      await this.open(null);
      return;
    }
    const saved = this.readSignedIn();
    if (!saved) return;
    const password = this.options.vault.get(PASSWORD_SECRET);
    if (!this.signInSettings.staySignedIn || password === null || agentIdRefusal(saved.agentId)) {
      // Policy changed, or the vault lost the password (memory only): ask again.
      this.logger.log('info', 'the agent signed in before the restart must sign in again', {
        agentId: saved.agentId,
        why: !this.signInSettings.staySignedIn ? 'policy: signIn.staySignedIn is false' : 'no password kept',
      });
      this.forget();
      return;
    }
    try {
      await this.signInAs(saved.agentId, password, true, 'restored');
    } catch (error) {
      this.logger.log('warn', 'the agent signed in before the restart could not be signed in again', { agentId: saved.agentId, error: errorForLog(error) });
      this.forget();
      this.setView({ error: said('signIn.restoreFailed', { agentId: saved.agentId }) });
    }
  }

  signIn(agentId: string, password: string, staySignedIn: boolean): Promise<void> {
    return this.serial(async () => {
      if (this.view.mode === 'off') throw new AnlaufError('signIn.notOffered', {}, 'invalid');
      if (this.current) throw new AnlaufError('signIn.alreadySignedIn', { agentId: this.view.agentId ?? '' }, 'conflict');
      const refusal = agentIdRefusal(agentId);
      if (refusal) throw this.refuse(refusal, 'invalid');
      if (password === '') throw this.refuse(said('signIn.passwordMissing', {}), 'invalid');
      await this.signInAs(agentId, password, staySignedIn && this.signInSettings.staySignedIn, null);
    });
  }

  signOut(): Promise<void> {
    return this.serial(async () => {
      if (this.view.mode === 'off') throw new AnlaufError('signIn.notOffered', {}, 'invalid');
      const ws = this.current;
      if (!ws) throw new AnlaufError('signIn.required', {}, 'conflict');
      if (ws.phone.hasCall() || ws.wrapUp.waiting) throw new AnlaufError('signIn.callInProgress', {}, 'conflict');
      await this.close('agent', null);
    });
  }

  /**
   * Stops the desk without signing out (the app quits, the OS shuts down): the next start restores
   * the agent. Idempotent: every caller gets the same promise.
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private async stopOnce(): Promise<void> {
    await this.busy.catch(() => undefined);
    this.updates.stop();
    await this.current?.stop();
    this.workstationSubscriptions.dispose();
    this.links.dispose();
    this.own.dispose();
  }

  /** A link from the OS (a click in the CRM): into the signed-in agent's dial box, or held for the next sign-in. */
  offerLink(link: string): void {
    this.links.offer(link);
  }

  onLinkReady(listener: (link: DialLinkView) => void): () => void {
    const subscription = this.links.onReady(listener);
    return () => subscription.dispose();
  }

  /** After sleep or unlock: the signed-in agent's line re-registers now. Signed out, there is no line. */
  refreshLine(): void {
    this.current?.sipLine?.refresh();
  }

  private async signInAs(agentId: string, password: string, stay: boolean, reason: 'restored' | null): Promise<void> {
    this.setView({ status: 'signingIn', agentId, error: null, notice: null });
    const identity = identityFor(this.signInSettings, agentId, password);
    const verdict = await (this.options.checkCredentials ?? registerOnce)(this.machineSettings.get().sip, identity);
    if (!verdict.ok) {
      this.logger.log('warn', 'sign-in refused by the SIP server', { agentId, reply: verdict.detail });
      throw this.refuse(verdictMessage(verdict), 'invalid');
    }
    const ws = await this.open(agentId, identity);
    ws.agentLog.recordSession(agentId, 'signIn', this.clock.now(), reason);
    ws.sync.notify();
    let notice: Message | null = null;
    if (stay) {
      this.options.vault.set(PASSWORD_SECRET, password);
      fs.writeFileSync(this.signedInFile, JSON.stringify({ agentId, since: this.clock.now() }), { mode: 0o600 });
      if (this.options.vault.protection === 'memory') {
        notice = said('signIn.restoreNeedsPassword', {});
        this.logger.log('warn', 'no OS store for secrets: a restart will ask the agent to sign in again', { agentId });
      }
    } else {
      this.forget();
    }
    this.setView({ status: 'signedIn', agentId, since: this.clock.now(), error: null, notice });
    this.logger.log('info', 'agent signed in', { agentId, restored: reason === 'restored', staySignedIn: stay });
  }

  private async open(agentId: string | null, identity?: ReturnType<typeof identityFor>): Promise<Workstation> {
    const dataDir = agentId === null ? this.options.dataDir : this.agentDir(agentId);
    if (agentId !== null) {
      ensurePrivateDir(path.join(this.options.dataDir, AGENTS_DIR), this.logger);
    }
    const { checkCredentials: _check, ...workstationOptions } = this.options;
    const ws = new Workstation({
      ...workstationOptions,
      dataDir,
      media: this.media,
      updates: this.updates,
      sipIdentity: identity,
      lastGoodDir: agentId === null ? undefined : this.options.dataDir,
      signIn: { view: () => this.view, onDidChange: this.viewChanged.event, control: this },
    });
    const on = (this.workstationSubscriptions = new DisposableStore());
    // Each Workstation counts its revisions from 0; the page drops any revision not above the last
    // it showed, so the desk numbers them on from its own.
    this.revisionBase = this.revision;
    on.add({ dispose: ws.onState((snapshot) => this.state.fire(this.renumbered(snapshot))) });
    on.add({ dispose: ws.onCallLog((id) => this.callLog.fire(id)) });
    on.add({ dispose: ws.onColleagues((changes) => this.colleagues.fire(changes)) });
    on.add({ dispose: ws.onNotice((notice) => this.notices.fire(notice)) });
    if (agentId !== null && ws.sipLine) {
      on.add(ws.sipLine.onDidRefuseCredentials((refusal) => this.credentialsRefused(ws, refusal)));
    }
    this.current = ws;
    try {
      await ws.start();
    } catch (error) {
      this.current = null;
      on.dispose();
      await ws.stop();
      throw error;
    }
    // Only a started Workstation takes links: one that failed to start would lose a held link.
    on.add(this.links.attach(ws.links));
    return ws;
  }

  /**
   * The server refused the agent's identity at a re-REGISTER (IT changed or expired the password,
   * locked the account). The agent is told at once; a call or wrap-up in progress is finished
   * first, then the agent is signed out and asked to sign in again.
   */
  private credentialsRefused(ws: Workstation, refusal: { status: number; reason: string }): void {
    if (this.current !== ws) return;
    this.logger.log('warn', "the SIP server refused the signed-in agent's credentials", {
      agentId: this.view.agentId,
      status: refusal.status,
      reason: refusal.reason,
    });
    this.setView({ notice: said('signIn.credentialsRefused', {}) });
    const signOutWhenFree = () => {
      if (this.current !== ws || ws.phone.hasCall() || ws.wrapUp.waiting) return false;
      void this.serial(() => (this.current === ws ? this.close('credentialsRefused', said('signIn.signedOutRefused', {})) : Promise.resolve()));
      return true;
    };
    if (signOutWhenFree()) return;
    const waiting = ws.onState(() => {
      if (signOutWhenFree()) waiting();
    });
    this.workstationSubscriptions.add({ dispose: waiting });
  }

  /** Signs the agent out: records it, unregisters (the Workstation's stop), forgets the restore. */
  private async close(reason: SignOutReason, error: Message | null): Promise<void> {
    const ws = this.current;
    const agentId = this.view.agentId;
    if (!ws || agentId === null) return;
    try {
      ws.agentLog.recordSession(agentId, 'signOut', this.clock.now(), reason);
    } catch (e) {
      this.logger.log('error', 'the sign-out could not be recorded', { agentId, error: errorForLog(e) });
    }
    this.forget();
    this.current = null;
    this.workstationSubscriptions.dispose();
    await ws.stop();
    this.setView({ status: 'signedOut', agentId: null, since: null, error, notice: null });
    this.logger.log('info', 'agent signed out', { agentId, reason });
  }

  /** A refusal shown on the form, and thrown as the command's answer. */
  private refuse(message: Message, code: 'invalid' | 'conflict'): AnlaufError {
    this.setView({ status: 'signedOut', agentId: null, since: null, error: message, notice: null });
    return AnlaufError.from(message, code);
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.busy.catch(() => undefined).then(run);
    this.busy = next;
    return next;
  }

  private setView(change: Partial<SignInView>): void {
    this.view = { ...this.view, ...change };
    this.viewChanged.fire();
    // Signed out, nobody's Workstation sends snapshots: the desk sends the form's.
    if (!this.current) this.state.fire(this.snapshot());
  }

  private get signedInFile(): string {
    return path.join(this.options.dataDir, SIGNED_IN_FILE);
  }

  private readSignedIn(): { agentId: string } | null {
    try {
      const saved = JSON.parse(fs.readFileSync(this.signedInFile, 'utf8')) as unknown;
      const agentId = (saved as { agentId?: unknown } | null)?.agentId;
      return typeof agentId === 'string' ? { agentId } : null;
    } catch {
      return null;
    }
  }

  private forget(): void {
    this.options.vault.delete(PASSWORD_SECRET);
    fs.rmSync(this.signedInFile, { force: true });
  }

  private renumbered(snapshot: Snapshot): Snapshot {
    const revision = this.revisionBase + snapshot.revision;
    this.revision = Math.max(this.revision, revision);
    return { ...snapshot, revision };
  }

  // What the Dispatcher and the hosts use: the current Workstation's, or the sign-in form's.

  snapshot(): Snapshot {
    if (this.current) return this.renumbered(this.current.snapshot());
    return signedOutSnapshot(++this.revision, {
      app: { version: this.options.appVersion, host: this.options.host },
      settings: this.machineSettings.get(),
      signIn: this.view,
      now: this.clock.now(),
      policy: this.machineSettings.policyView(),
      secrets: secretsView(this.options.vault),
      updates: this.updates.view(),
    });
  }

  /** The services of the signed-in agent's Workstation; while nobody is, every one refuses ("sign in first"). */
  get services(): ApiServices {
    return (this.api ??= this.delegatingServices());
  }

  private api: ApiServices | null = null;

  private delegatingServices(): ApiServices {
    const services = {} as ApiServices;
    for (const name of SERVICE_NAMES) {
      Object.defineProperty(services, name, {
        enumerable: true,
        get: () => {
          if (name === 'signIn') return this;
          if (name === 'clock') return this.clock;
          if (name === 'settings' && !this.current) return this.machineSettings;
          if (name === 'state' && !this.current) return { snapshot: () => this.snapshot() };
          if (!this.current) throw new AnlaufError('signIn.required', {}, 'conflict');
          return this.current.services[name];
        },
      });
    }
    return services;
  }

  onState(listener: (snapshot: Snapshot) => void): () => void {
    const subscription = this.state.event(listener);
    return () => subscription.dispose();
  }

  onCallLog(listener: (callId: string) => void): () => void {
    const subscription = this.callLog.event(listener);
    return () => subscription.dispose();
  }

  onColleagues(listener: (changes: ColleagueChanges) => void): () => void {
    const subscription = this.colleagues.event(listener);
    return () => subscription.dispose();
  }

  onNotice(listener: (notice: WorkstationNotice) => void): () => void {
    const subscription = this.notices.event(listener);
    return () => subscription.dispose();
  }
}

/** Every service the Dispatcher may reach; the compiler holds it to ApiServices. */
const SERVICE_NAMES = Object.keys({
  clock: 0,
  phone: 0,
  dialing: 0,
  agent: 0,
  scripts: 0,
  library: 0,
  scriptLoads: 0,
  wrapUp: 0,
  outbound: 0,
  scenario: 0,
  callLog: 0,
  links: 0,
  line: 0,
  sync: 0,
  outbox: 0,
  settings: 0,
  audio: 0,
  headsets: 0,
  shiftCheck: 0,
  diagnostics: 0,
  state: 0,
  customers: 0,
  training: 0,
  signIn: 0,
  queues: 0,
  colleagues: 0,
  forms: 0,
  topics: 0,
} satisfies Record<keyof ApiServices, 0>) as (keyof ApiServices)[];
