import { randomBytes } from 'node:crypto';
import type { AgentState, ColleaguesView } from '../../contract';
import type { Clock } from '../clock';
import { DisposableStore } from '../events';
import { errorForLog, type Logger } from '../log';
import type { SipEventChannel } from '../phone/sip/sip-events';
import { pidfDocument, publishedState, type PublishedState } from './pidf';

export const PIDF = 'application/pidf+xml';

/** How long a stop waits for the server to take the offline state. */
const OFFLINE_WAIT_MS = 2000;
/** A refused or unanswered PUBLISH is tried again after this long (or at the next change or registration). */
const RETRY_MS = 30_000;
/** Answers that say the server takes no presence PUBLISH at all: not asked again until the next registration. */
const NOT_SUPPORTED = new Set([403, 404, 405, 489, 501]);

export interface PresencePublisherOptions {
  channel: SipEventChannel;
  clock: Clock;
  logger: Logger;
  settings: () => { publishPresence: boolean; publishExpiresSeconds: number };
  /** The agent's state now (the phone bar's), with the not-ready reason's label. */
  agent: () => { state: AgentState; reason: { label: string } | null };
  /** Something published changed (for the snapshot). */
  changed: () => void;
  /**
   * Where the publication's entity tag is kept between starts. The offline state published at a
   * shutdown stays at the server until it runs out; the next start replaces it by its tag, where
   * a publication without it would stand beside it (and colleagues would see both).
   */
  memory?: PublicationMemory;
}

export interface PublicationMemory {
  load(): { uri: string; etag: string; expiresAt: number } | null;
  save(publication: { uri: string; etag: string; expiresAt: number } | null): void;
}

/**
 * Publishes the agent's state as SIP presence (RFC 3903 PUBLISH of a PIDF document), so the
 * server, supervisors' tools and colleagues see it as it changes. One PUBLISH at a time: a change
 * while one is under way is sent when it is answered, so the server never ends on an older state.
 * The server's entity tag names the publication; it is refreshed before it runs out, replaced on
 * a change, and published anew when the server no longer knows it (412) or after a registration
 * (the server may have restarted). A stop publishes offline before the line goes.
 */
export class PresencePublisher {
  private etag: string | null = null;
  private sending = false;
  private pending = false;
  private refreshTimer: unknown = null;
  private retryTimer: unknown = null;
  private last: { state: PublishedState; at: number } | null = null;
  private stopped = false;
  /** The server said it takes no presence PUBLISH; a new registration (maybe another server) asks again. */
  private refused = false;
  private readonly subscriptions = new DisposableStore();
  /** This run's tuple id (pidf.ts says why each publication needs its own). */
  private readonly tupleId = `anlauf-${randomBytes(4).toString('hex')}`;

  constructor(private readonly options: PresencePublisherOptions) {}

  start(): void {
    const kept = this.options.memory?.load() ?? null;
    if (kept && kept.uri === this.options.channel.ownUri && kept.expiresAt > this.options.clock.now()) this.etag = kept.etag;
    this.subscriptions.add(
      this.options.channel.onDidRegister(() => {
        this.refused = false;
        // After a registration the server may have forgotten the publication (a restart): the
        // state is sent in full (a 412 for a forgotten tag publishes it anew).
        this.publishNow();
      }),
    );
    if (this.options.channel.registered) this.publishNow();
  }

  /** What is published now (the snapshot's `colleagues.published`). */
  view(): ColleaguesView['published'] {
    return this.last ? { presence: this.last.state.presence, note: this.last.state.note, at: this.last.at } : null;
  }

  /** The agent's state changed: publish it. */
  stateChanged(): void {
    this.publishNow();
  }

  publishNow(): void {
    if (this.stopped || this.refused || !this.options.settings().publishPresence) return;
    if (!this.options.channel.registered) return; // onDidRegister publishes then
    if (this.sending) {
      this.pending = true;
      return;
    }
    const agent = this.options.agent();
    void this.send(publishedState(agent.state, agent.reason?.label ?? null), false);
  }

  /** Publishes offline and waits (a little) for the server to take it; the line stops after. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.subscriptions.dispose();
    this.options.clock.clearTimeout(this.refreshTimer);
    this.options.clock.clearTimeout(this.retryTimer);
    if (this.refused || !this.options.settings().publishPresence || !this.options.channel.registered) return;
    const offline = publishedState('offline', null);
    const done = this.publish(offline, false).then(
      (status) => this.options.logger.log('info', 'published offline presence at shutdown', { status }),
      (error: unknown) => this.options.logger.log('warn', 'the offline presence could not be published at shutdown', { error: errorForLog(error) }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, OFFLINE_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private async send(state: PublishedState, refresh: boolean): Promise<void> {
    this.sending = true;
    try {
      await this.publish(state, refresh);
    } catch (error) {
      this.options.logger.log('warn', 'the presence PUBLISH failed', { error: errorForLog(error) });
      this.retryLater();
    } finally {
      this.sending = false;
    }
    if (this.pending && !this.stopped) {
      this.pending = false;
      this.publishNow();
    }
  }

  /** One PUBLISH, and once more without the tag when the server no longer knows it. Returns the status. */
  private async publish(state: PublishedState, refresh: boolean): Promise<number> {
    const { channel, clock, logger } = this.options;
    const expires = this.options.settings().publishExpiresSeconds;
    const body = refresh && this.etag ? null : pidfDocument(channel.ownUri, state, this.tupleId);
    let answer = await channel.publish({ event: 'presence', contentType: PIDF, body, expires, etag: this.etag });
    if (answer.status === 412) {
      // The server lost the publication (expired, restarted): publish the state afresh.
      this.etag = null;
      answer = await channel.publish({ event: 'presence', contentType: PIDF, body: pidfDocument(channel.ownUri, state, this.tupleId), expires, etag: null });
    }
    clock.clearTimeout(this.refreshTimer);
    if (answer.status >= 200 && answer.status < 300) {
      this.etag = answer.etag;
      const granted = answer.expires ?? expires;
      this.remember(granted);
      if (!refresh || !this.last || this.last.state.presence !== state.presence || this.last.state.note !== state.note) {
        this.last = { state, at: clock.now() };
        logger.log('info', 'published presence', { presence: state.presence, note: state.note, expires: granted });
        this.options.changed();
      }
      // Refreshed well before it runs out (RFC 3903 §4.1), never more often than every 5 s.
      if (!this.stopped && state.presence !== 'offline')
        this.refreshTimer = clock.setTimeout(() => this.refresh(state), Math.max(5, Math.floor(granted * 0.8)) * 1000);
    } else {
      this.etag = null;
      this.remember(0);
      if (NOT_SUPPORTED.has(answer.status)) {
        this.refused = true;
        logger.log('warn', 'the SIP server takes no presence PUBLISH; not publishing until the line registers again', {
          status: answer.status,
          reason: answer.reason,
        });
      } else {
        logger.log('warn', 'the SIP server did not take the presence PUBLISH', { status: answer.status, reason: answer.reason });
        this.retryLater();
      }
    }
    return answer.status;
  }

  private remember(seconds: number): void {
    try {
      const uri = this.options.channel.ownUri;
      this.options.memory?.save(this.etag && seconds > 0 ? { uri, etag: this.etag, expiresAt: this.options.clock.now() + seconds * 1000 } : null);
    } catch (error) {
      this.options.logger.log('warn', "the presence publication's tag could not be kept", { error: errorForLog(error) });
    }
  }

  private refresh(state: PublishedState): void {
    if (this.stopped || this.sending || !this.options.channel.registered) return;
    this.sending = true;
    void this.publish(state, true)
      .catch((error: unknown) => {
        this.options.logger.log('warn', 'the presence refresh failed', { error: errorForLog(error) });
        this.retryLater();
      })
      .finally(() => {
        this.sending = false;
        if (this.pending && !this.stopped) {
          this.pending = false;
          this.publishNow();
        }
      });
  }

  private retryLater(): void {
    if (this.stopped) return;
    this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.options.clock.setTimeout(() => this.publishNow(), RETRY_MS);
  }
}
