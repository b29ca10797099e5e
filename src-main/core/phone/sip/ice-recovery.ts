import type { Clock } from '../../clock';
import { backoffDelay } from '../../backoff';

/** The part of a peer connection the recovery watches (the bridged mirror in main). */
export interface WatchedPeer {
  readonly iceConnectionState: string;
  /** ICE and DTLS together (RTCPeerConnectionState). */
  readonly connectionState: string;
  addEventListener(type: 'iceconnectionstatechange' | 'connectionstatechange', listener: () => void): void;
  removeEventListener(type: 'iceconnectionstatechange' | 'connectionstatechange', listener: () => void): void;
}

export interface IceRecoveryPorts {
  clock: Clock;
  random: () => number;
  /** ICE `disconnected` this long before a restart: short blips heal by themselves. */
  graceMs: number;
  /** How long recovery may keep failing before the call is given up. */
  recoveryMs: number;
  /** Whether a re-INVITE can go out now (signalling connected, no other offer pending). */
  canRestart(): boolean;
  /** Sends the re-INVITE with an ICE restart; resolves true once the far end accepted it. */
  restart(): Promise<boolean>;
  /** Recovery began (`true`) or media is back (`false`). */
  recovering(active: boolean): void;
  /** Recovery did not succeed within `recoveryMs`: end the call. */
  giveUp(): void;
}

/** How long a restart the far end accepted may take to connect before the next one is tried. */
const CONNECT_AFTER_RESTART_MS = 4000;
/** While signalling is down, how often to look whether a re-INVITE can go out. */
const SIGNALLING_POLL_MS = 250;

/**
 * Keeps one call's media alive over network trouble. libwebrtc reports a path that stopped
 * answering as `disconnected` (and heals by itself when it comes back quickly) and gives it up as
 * `failed`; it never looks for a new path on its own. So after a grace period in `disconnected`,
 * at `failed`, or at once when the computer's addresses changed, the line re-offers with an ICE
 * restart, again with backoff until ICE connects, and gives the call up after `recoveryMs`.
 */
export class IceRecovery {
  private graceTimer: unknown = null;
  private retryTimer: unknown = null;
  private deadline: unknown = null;
  private active = false;
  private inFlight = false;
  /** The far end accepted the last restart and its checks are running (until CONNECT_AFTER_RESTART_MS). */
  private checking = false;
  private attempt = 0;
  private disposed = false;
  private readonly onState = () => this.stateChanged();

  constructor(
    private readonly pc: WatchedPeer,
    private readonly ports: IceRecoveryPorts,
  ) {
    pc.addEventListener('iceconnectionstatechange', this.onState);
    pc.addEventListener('connectionstatechange', this.onState);
  }

  get isRecovering(): boolean {
    return this.active;
  }

  /** The computer's addresses changed: the path media took may be gone; restart now. */
  networkChanged(): void {
    if (this.disposed) return;
    this.begin();
    this.clearRetry();
    this.tryRestart();
  }

  /**
   * Signalling came back (the WebSocket reconnected, the line registered): a restart that waited
   * for it, or for its backoff after a refusal, goes now. One the far end already accepted is left
   * to its checks: its re-INVITE went over the new connection, and a second one right behind it
   * would only throw those checks away (seen in the wake benchmark: the re-INVITE's 200 OK came
   * before the REGISTER's, and 'registered' sent another restart 50–70 ms after the first).
   */
  tryAgainNow(): void {
    if (!this.active || this.inFlight || this.checking || this.disposed) return;
    this.clearRetry();
    this.tryRestart();
  }

  /** An address came (a cable plugged in, a VPN up): an accepted restart's offer did not have it either; restart now. */
  addressGained(): void {
    if (!this.active || this.inFlight || this.disposed) return;
    this.clearRetry();
    this.tryRestart();
  }

  dispose(): void {
    this.disposed = true;
    this.pc.removeEventListener('iceconnectionstatechange', this.onState);
    this.pc.removeEventListener('connectionstatechange', this.onState);
    const { clock } = this.ports;
    clock.clearTimeout(this.graceTimer);
    clock.clearTimeout(this.retryTimer);
    clock.clearTimeout(this.deadline);
  }

  /**
   * Media flows: ICE says connected, or the connection (ICE and DTLS) does. libwebrtc's legacy ICE
   * state (wrtc's) can stay `disconnected` after a restart while the connection state says
   * `connected` and audio flows both ways (seen once in 20 link-down runs of the network bench):
   * judged by ICE alone, that call stayed "recovering", was re-offered every few seconds, and
   * was given up when `recoveryMs` ran out.
   */
  private get mediaUp(): boolean {
    const ice = this.pc.iceConnectionState;
    return ice === 'connected' || ice === 'completed' || this.pc.connectionState === 'connected';
  }

  private stateChanged(): void {
    if (this.disposed) return;
    const state = this.pc.iceConnectionState;
    const { clock } = this.ports;
    if (this.mediaUp) {
      clock.clearTimeout(this.graceTimer);
      this.graceTimer = null;
      if (this.active) this.recovered();
    } else if (state === 'disconnected') {
      if (this.active || this.graceTimer) return;
      this.graceTimer = clock.setTimeout(() => {
        this.graceTimer = null;
        if (this.pc.iceConnectionState !== 'disconnected' || this.mediaUp) return;
        this.begin();
        this.tryRestart();
      }, this.ports.graceMs);
    } else if (state === 'failed') {
      clock.clearTimeout(this.graceTimer);
      this.graceTimer = null;
      if (this.active && this.inFlight) return;
      this.begin();
      this.clearRetry();
      this.tryRestart();
    }
  }

  private begin(): void {
    if (this.active) return;
    this.active = true;
    this.attempt = 0;
    this.deadline = this.ports.clock.setTimeout(() => {
      if (this.disposed) return;
      this.dispose();
      this.ports.giveUp();
    }, this.ports.recoveryMs);
    this.ports.recovering(true);
  }

  private recovered(): void {
    const { clock } = this.ports;
    this.active = false;
    clock.clearTimeout(this.deadline);
    this.clearRetry();
    this.ports.recovering(false);
  }

  private tryRestart(): void {
    if (this.disposed || !this.active || this.inFlight) return;
    if (!this.ports.canRestart()) {
      this.schedule(SIGNALLING_POLL_MS);
      return;
    }
    this.inFlight = true;
    this.checking = false;
    const attempt = this.attempt++;
    this.ports.restart().then(
      (accepted) => this.afterRestart(accepted, attempt),
      () => this.afterRestart(false, attempt),
    );
  }

  private afterRestart(accepted: boolean, attempt: number): void {
    this.inFlight = false;
    if (this.disposed || !this.active) return;
    if (accepted && this.mediaUp) return this.recovered();
    // Accepted: ICE checks on the new path are running; give them a moment before the next try.
    this.schedule(accepted ? CONNECT_AFTER_RESTART_MS : backoffDelay(attempt, this.ports.random, 1000, 8000));
    this.checking = accepted;
  }

  private schedule(ms: number): void {
    this.clearRetry();
    this.retryTimer = this.ports.clock.setTimeout(() => {
      this.retryTimer = null;
      this.tryRestart();
    }, ms);
  }

  private clearRetry(): void {
    this.ports.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.checking = false;
  }
}
