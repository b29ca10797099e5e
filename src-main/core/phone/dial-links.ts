import type { DialLinkView, LineView } from '../../contract';
import type { Clock } from '../clock';
import { Listeners } from '../events';
import type { Logger } from '../log';

/** What keeps a link from the dial box: the line (not registered) or the media end (not attached). */
export type LinkHoldUp = NonNullable<DialLinkView['waitingFor']>;

/**
 * Whether the line can place a call now, or what it still waits for. A SIP line needs to be
 * registered and a media end attached (the media window, or the page in the browser host): JsSIP
 * refuses to dial before the one, and the peer connection lives in the other. The training line
 * needs neither.
 */
export function linkHoldUp(facts: { line: Pick<LineView, 'kind' | 'status'>; mediaAttached: boolean }): LinkHoldUp | null {
  if (facts.line.kind === 'training') return facts.line.status === 'ready' ? null : 'line';
  if (facts.line.status !== 'registered') return 'line';
  return facts.mediaAttached ? null : 'media';
}

/**
 * What a link puts into the dial box: a tel: link's number without its parameters
 * (`tel:+49-40-3012;phone-context=…` → `+49-40-3012`), a SIP address as it came. The dial box's
 * own normalisation (the agent's country, the agent's domain) then applies when the agent confirms.
 */
export function dialBoxText(link: string): string {
  const tel = /^tel:([^;]*)/i.exec(link.trim());
  return (tel ? (tel[1] ?? '') : link).trim().slice(0, 200);
}

export const LINK_WAIT_MS = 30_000;

/**
 * tel:, sip: and callto: links the OS hands to Anlauf (a click in the CRM, a mail, a web page).
 * A link never dials by itself — any page could otherwise start a call, put the live one on hold
 * and send the agent's addresses to a stranger's server. It fills the dial box and the agent
 * confirms. A link that starts the app arrives long before the line can dial, so it is held until
 * the line is registered and the media end attached; if that takes longer than `waitMs`, the
 * agent is told and the link is dropped.
 */
export class DialLinks {
  private current: DialLinkView | null = null;
  private timer: unknown = null;
  private count = 0;
  readonly changed = new Listeners<void>();
  /** A link went into the dial box: the host brings its window to the front. */
  readonly ready = new Listeners<DialLinkView>();

  constructor(
    private readonly deps: {
      clock: Clock;
      logger: Logger;
      /** What the line still waits for, or null when it can dial. */
      holdUp: () => LinkHoldUp | null;
      waitMs?: number;
    },
  ) {}

  private get waitMs(): number {
    return this.deps.waitMs ?? LINK_WAIT_MS;
  }

  view(): DialLinkView | null {
    return this.current;
  }

  /** A link from the OS. A newer link replaces one not yet taken: the agent clicked again. */
  offer(link: string): void {
    const target = dialBoxText(link);
    if (!target) return;
    this.clearTimer();
    const now = this.deps.clock.now();
    this.current = { id: `link-${now}-${++this.count}`, target, state: 'waiting', waitingFor: null, waitSeconds: Math.ceil(this.waitMs / 1000), since: now };
    this.deps.logger.log('info', 'a link to dial arrived', { target });
    // advance() announces the change either way (ready, or now waiting for something).
    if (!this.advance()) this.timer = this.deps.clock.setTimeout(() => this.giveUp(), this.waitMs);
  }

  /** The line or the media end changed: a waiting link may go to the dial box now. */
  check(): void {
    if (this.current?.state === 'waiting' && this.advance()) this.clearTimer();
  }

  /** The dial box shows it now (or the agent dismissed the failure): it is done. */
  done(id: string): void {
    if (this.current?.id !== id) return;
    this.clearTimer();
    this.current = null;
    this.changed.emit();
  }

  stop(): void {
    this.clearTimer();
  }

  /** Moves a waiting link on when nothing holds it up; true if it did. */
  private advance(): boolean {
    const link = this.current;
    if (!link || link.state !== 'waiting') return false;
    const holdUp = this.deps.holdUp();
    if (holdUp !== null) {
      if (link.waitingFor !== holdUp) {
        this.current = { ...link, waitingFor: holdUp };
        this.changed.emit();
      }
      return false;
    }
    this.current = { ...link, state: 'ready', waitingFor: null };
    this.changed.emit();
    this.ready.emit(this.current);
    return true;
  }

  private giveUp(): void {
    this.timer = null;
    const link = this.current;
    if (!link || link.state !== 'waiting') return;
    const waitingFor = this.deps.holdUp() ?? link.waitingFor ?? 'line';
    this.current = { ...link, state: 'failed', waitingFor };
    this.deps.logger.log('warn', 'a link was not put in the dial box: the line was not ready in time', { target: link.target, waitingFor });
    this.changed.emit();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
