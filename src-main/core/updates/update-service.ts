import { said, type Message, type UpdateSettings, type UpdatesView } from '../../contract';
import type { Clock } from '../clock';
import { DisposableStore, Emitter, type Event } from '../events';
import { errorForLog, type Logger } from '../log';
import { matchesPin, rolloutPositionOf, withinRollout } from './rollout';
import { UpdateFailure, type OfferedUpdate, type UpdateFeed, type Updater } from './updater';

/** What is open at the desk now; an update is installed only when all three are zero. */
export interface OpenWork {
  calls: number;
  wrapUps: number;
  /** Records not yet delivered to the backend (0 when no backend is configured). */
  unsynced: number;
}

export interface UpdateServiceOptions {
  /** null: this host installs nothing (the browser host, a development run). */
  updater: Updater | null;
  settings: () => UpdateSettings;
  installedVersion: string;
  /** The computer's name: the desk's place in staged rollouts when IT set none. */
  computerName: string;
  work: { current(): OpenWork; readonly onDidChange: Event<unknown> };
  clock: Clock;
  logger: Logger;
  notice: (said: Message) => void;
  random?: () => number;
  /** How long the agent is told before the app restarts to install (default 60 s). */
  restartNoticeMs?: number;
}

type Phase = 'idle' | 'checking' | 'downloading' | 'ready' | 'restarting' | 'installing';
type Outcome = NonNullable<UpdatesView['lastCheck']>['outcome'];

const FIRST_CHECK_MIN_MS = 60_000;
const FIRST_CHECK_SPREAD_MS = 9 * 60_000;
const HOUR_MS = 3_600_000;
/** A placeholder host (RFC 2606): a build whose publish.url IT did not set. */
const PLACEHOLDER_HOST = /^https?:\/\/[^/]*\.invalid(:\d+)?(\/|$)/i;

/**
 * Updates from IT's update server: when to ask, which version this desk takes (channel, pin,
 * staged rollout), and when to install: only with no call, no wrap-up and no undelivered record
 * open, after telling the agent. Any failure leaves the installed version running; it is logged
 * and shown as the last check's error, and the next check tries again.
 */
export class UpdateService {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private phase: Phase = 'idle';
  /** The version being downloaded, ready, or installed. */
  private version: string | null = null;
  private lastCheck: UpdatesView['lastCheck'] = null;
  private checkTimer: unknown = null;
  private nextCheckAt: number | null = null;
  private installTimer: unknown = null;
  private installAt: number | null = null;
  private checking: Promise<void> | null = null;
  private toldWaiting = false;
  private waitingShown = '';
  private stopped = false;
  private readonly subscriptions = new DisposableStore();
  private readonly random: () => number;
  private readonly restartNoticeMs: number;

  constructor(private readonly options: UpdateServiceOptions) {
    this.random = options.random ?? Math.random;
    this.restartNoticeMs = options.restartNoticeMs ?? 60_000;
  }

  start(): void {
    if (!this.options.updater) return;
    this.subscriptions.add(this.options.work.onDidChange(() => this.workChanged()));
    this.scheduleCheck(FIRST_CHECK_MIN_MS + this.random() * FIRST_CHECK_SPREAD_MS);
  }

  stop(): void {
    this.stopped = true;
    this.options.clock.clearTimeout(this.checkTimer);
    this.options.clock.clearTimeout(this.installTimer);
    this.checkTimer = this.installTimer = null;
    this.subscriptions.dispose();
  }

  /** One check (and download of what this desk takes); a check under way is shared, not doubled. */
  checkNow(): Promise<void> {
    this.checking ??= this.check().finally(() => (this.checking = null));
    return this.checking;
  }

  /** IT's settings changed: an update they no longer allow (off, another pin) is not installed. */
  settingsChanged(): void {
    const settings = this.options.settings();
    const version = this.version;
    if ((this.phase === 'ready' || this.phase === 'restarting') && version !== null) {
      const pin = settings.pinVersion;
      if (!settings.enabled || (pin !== null && !matchesPin(version, pin))) {
        this.options.logger.log('info', 'downloaded update dropped: the update settings no longer allow it', { version, enabled: settings.enabled, pin });
        this.cancelRestart();
        this.options.updater?.setInstallOnQuit(false);
        this.version = null;
        this.phase = 'idle';
      }
    }
    this.changed.fire();
  }

  view(): UpdatesView {
    const settings = this.options.settings();
    const waiting = this.phase === 'ready' ? this.waitingFor() : [];
    return {
      state: this.state(),
      installed: this.options.installedVersion,
      channel: settings.channel,
      pinned: settings.pinVersion,
      version: this.version,
      waitingFor: waiting,
      installAt: this.installAt,
      nextCheckAt: this.state() === 'idle' ? this.nextCheckAt : null,
      lastCheck: this.lastCheck,
    };
  }

  private state(): UpdatesView['state'] {
    const settings = this.options.settings();
    if (!this.options.updater) return 'unavailable';
    if (!settings.enabled) return 'off';
    if (!this.feed()) return 'notConfigured';
    return this.phase;
  }

  private feed(): UpdateFeed | null {
    const settings = this.options.settings();
    const url = settings.url ?? this.options.updater?.builtInUrl ?? null;
    if (url === null || PLACEHOLDER_HOST.test(url)) return null;
    return { url, channel: settings.channel };
  }

  private async check(): Promise<void> {
    const { updater, clock, logger } = this.options;
    const settings = this.options.settings();
    const feed = this.feed();
    // Off means off: not even a request that says which version this desk runs.
    if (!updater || !settings.enabled || !feed || this.phase !== 'idle' || this.stopped) return;
    const position = settings.rolloutPosition ?? rolloutPositionOf(this.options.computerName);
    const refused: { outcome: Outcome | null } = { outcome: null };
    const admit = (offer: OfferedUpdate): boolean => {
      if (settings.pinVersion !== null && !matchesPin(offer.version, settings.pinVersion)) refused.outcome = 'heldByPin';
      else if (!withinRollout(offer.stagingPercentage, position)) refused.outcome = 'notForThisDesk';
      else return true;
      return false;
    };
    this.setPhase('checking');
    try {
      const result = await updater.check(feed, admit);
      if (this.stopped) return;
      const latest = result.latest.version;
      const fields = { feed: feed.url, channel: feed.channel, installed: this.options.installedVersion, latest, pin: settings.pinVersion };
      if (!result.available) {
        const outcome = refused.outcome ?? 'upToDate';
        this.lastCheck = { at: clock.now(), outcome, latest, error: null };
        logger.log('info', 'update check: nothing to install', { ...fields, outcome, staging: result.latest.stagingPercentage, position });
        this.setPhase('idle');
        return;
      }
      this.lastCheck = { at: clock.now(), outcome: 'found', latest, error: null };
      this.version = latest;
      logger.log('info', 'update found: downloading', fields);
      this.setPhase('downloading');
      await updater.download();
      if (this.stopped) return;
      logger.log('info', 'update downloaded and verified', fields);
      this.toldWaiting = false;
      this.setPhase('ready');
      this.considerInstall();
    } catch (error) {
      const failure = error instanceof UpdateFailure ? error : new UpdateFailure('failed', firstLine(error), { cause: error });
      logger.log('error', 'update failed; the installed version keeps running', {
        feed: feed.url,
        channel: feed.channel,
        installed: this.options.installedVersion,
        version: this.version,
        kind: failure.kind,
        error: errorForLog(failure.cause ?? failure),
      });
      this.lastCheck = { at: clock.now(), outcome: 'failed', latest: this.lastCheck?.latest ?? null, error: messageOf(failure) };
      this.version = null;
      this.setPhase('idle');
    }
  }

  private workChanged(): void {
    if (this.phase !== 'ready' && this.phase !== 'restarting') return;
    this.considerInstall();
    const shown = this.waitingFor().join(',');
    if (shown !== this.waitingShown) {
      this.waitingShown = shown;
      this.changed.fire();
    }
  }

  /** Installs a ready update once nothing is open, after telling the agent; a new call postpones it. */
  private considerInstall(): void {
    const { updater, notice, logger, clock } = this.options;
    const version = this.version;
    if (!updater || version === null || (this.phase !== 'ready' && this.phase !== 'restarting')) return;
    const waiting = this.waitingFor();
    if (waiting.length > 0) {
      updater.setInstallOnQuit(false);
      if (this.phase === 'restarting') {
        logger.log('info', 'update install postponed: work was opened', { version, waitingFor: waiting });
        this.cancelRestart();
        this.setPhase('ready');
      }
      if (!this.toldWaiting) {
        this.toldWaiting = true;
        notice(said('updates.readyAfterWork', { version }));
      }
      return;
    }
    if (this.phase === 'restarting') return;
    updater.setInstallOnQuit(true);
    this.installAt = clock.now() + this.restartNoticeMs;
    this.installTimer = clock.setTimeout(() => this.install(), this.restartNoticeMs);
    logger.log('info', 'update ready: restarting to install it', { version, at: new Date(this.installAt).toISOString() });
    notice(said('updates.restarting', { version, seconds: Math.round(this.restartNoticeMs / 1000) }));
    this.setPhase('restarting');
  }

  private install(): void {
    this.installTimer = null;
    this.installAt = null;
    const { updater, logger } = this.options;
    if (!updater || this.version === null) return;
    if (this.waitingFor().length > 0) {
      this.setPhase('ready');
      this.considerInstall();
      return;
    }
    logger.log('info', 'installing update', { version: this.version, installed: this.options.installedVersion });
    this.setPhase('installing');
    try {
      updater.install();
    } catch (error) {
      const failure = error instanceof UpdateFailure ? error : new UpdateFailure('failed', firstLine(error), { cause: error });
      logger.log('error', 'update could not be installed; the installed version keeps running', { version: this.version, error: errorForLog(error) });
      this.lastCheck = { at: this.options.clock.now(), outcome: 'failed', latest: this.version, error: messageOf(failure) };
      updater.setInstallOnQuit(false);
      this.version = null;
      this.setPhase('idle');
    }
  }

  private cancelRestart(): void {
    this.options.clock.clearTimeout(this.installTimer);
    this.installTimer = null;
    this.installAt = null;
  }

  private waitingFor(): UpdatesView['waitingFor'] {
    const work = this.options.work.current();
    const waiting: UpdatesView['waitingFor'] = [];
    if (work.calls > 0) waiting.push('call');
    if (work.wrapUps > 0) waiting.push('wrapUp');
    if (work.unsynced > 0) waiting.push('outbox');
    return waiting;
  }

  private scheduleCheck(ms: number): void {
    if (this.stopped) return;
    const { clock } = this.options;
    clock.clearTimeout(this.checkTimer);
    this.nextCheckAt = clock.now() + ms;
    this.checkTimer = clock.setTimeout(() => {
      this.checkTimer = null;
      void this.checkNow().finally(() => {
        // A room of desks started together drifts apart instead of asking in step for ever.
        const hours = this.options.settings().checkHours;
        this.scheduleCheck(hours * HOUR_MS * (0.9 + 0.2 * this.random()));
      });
    }, ms);
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    this.changed.fire();
  }
}

function messageOf(failure: UpdateFailure): Message {
  switch (failure.kind) {
    case 'unreachable':
      return said('updates.unreachable', { detail: failure.detail });
    case 'noChannelFile':
      return said('updates.noChannelFile', { file: failure.detail });
    case 'badFeed':
      return said('updates.badFeed', { detail: failure.detail });
    case 'corrupt':
      return said('updates.corrupt', { file: failure.detail });
    case 'failed':
      return said('updates.failed', { detail: failure.detail });
  }
}

/** An error's first line, short enough for a status line (the log keeps the whole stack). */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n', 1)[0]?.trim() ?? '';
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
