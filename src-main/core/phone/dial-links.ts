import type { DialLinkView, LineView } from '../../contract';
import type { Clock } from '../clock';
import { Emitter } from '../events';
import type { Logger } from '../log';
import type { LinkRefusal } from './dial-policy';

/**
 * What keeps a link from the dial box: the agent's call or wrap-up, the line (not registered) or
 * the media end (not attached).
 */
export type LinkHoldUp = NonNullable<DialLinkView['waitingFor']>;

/**
 * Whether a link may go into the dial box now, or what it still waits for. While a call is live
 * (ringing, talking, held) or a wrap-up is open, a link waits: filling the box then would overwrite
 * what the agent is typing and invite an Enter that puts the customer on hold. A SIP line needs to
 * be registered and a media end attached (the media window, or the page in the browser host):
 * JsSIP refuses to dial before the one, and the peer connection lives in the other. The training
 * line needs neither.
 */
export function linkHoldUp(facts: { line: Pick<LineView, 'kind' | 'status'>; mediaAttached: boolean; busy: boolean }): LinkHoldUp | null {
  if (facts.busy) return 'call';
  if (facts.line.kind === 'training') return facts.line.status === 'ready' ? null : 'line';
  if (facts.line.status !== 'registered') return 'line';
  return facts.mediaAttached ? null : 'media';
}

/**
 * What a link puts into the dial box: a tel: link's number without its parameters
 * (`tel:+49-40-3012;phone-context=…` → `+49-40-3012`), a callto: link's number or address, a SIP
 * address as it came. The dial box's
 * own normalisation (the agent's country, the agent's domain) then applies when the agent confirms.
 */
export function dialBoxText(link: string): string {
  const tel = /^tel:([^;]*)/i.exec(link.trim());
  // callto: (Skype's scheme) carries a number or an address as it is: `callto://+4940…`.
  const callto = /^callto:(?:\/\/)?(.*)$/i.exec(link.trim());
  return (tel ? (tel[1] ?? '') : callto ? (callto[1] ?? '') : link).trim().slice(0, 200);
}

export const LINK_WAIT_MS = 30_000;

/** What the Dispatcher may ask of the held links: the agent is done with one. */
export interface IDialLinks {
  done(id: string): void;
}

/**
 * tel:, sip: and callto: links the OS hands to Anlauf (a click in the CRM, a mail, a web page).
 * A link never dials by itself — any page could otherwise start a call, put the live one on hold
 * and send the agent's addresses to a stranger's server. It fills the dial box and the agent
 * confirms. A link to another SIP domain or to a blocked number is refused at once, with the reason
 * shown until the agent dismisses it. A link that comes while the agent is on a call or in wrap-up
 * waits, as long as that takes, and the agent may discard it. A link that starts the app arrives
 * long before the line can dial, so it is held until the line is registered and the media end
 * attached; if that takes longer than `waitMs`, the agent is told and the link is dropped.
 */
export class DialLinks implements IDialLinks {
  private current: DialLinkView | null = null;
  private timer: unknown = null;
  private count = 0;
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  /** A link went into the dial box: the host brings its window to the front. */
  private readonly ready = new Emitter<DialLinkView>();
  readonly onReady = this.ready.event;

  constructor(
    private readonly deps: {
      clock: Clock;
      logger: Logger;
      /** What the link still waits for, or null when it may go into the dial box. */
      holdUp: () => LinkHoldUp | null;
      /** Why a link must not go into the dial box at all, or null. */
      refuse?: (target: string) => LinkRefusal | null;
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
    const fresh: DialLinkView = {
      id: `link-${now}-${++this.count}`,
      target,
      state: 'waiting',
      waitingFor: null,
      waitSeconds: Math.ceil(this.waitMs / 1000),
      since: now,
      refusal: null,
    };
    const refusal = this.deps.refuse?.(target) ?? null;
    if (refusal) {
      this.current = { ...fresh, state: 'refused', refusal };
      this.deps.logger.log('warn', 'a link was refused', { target, reason: refusal.reason, detail: refusal.detail });
      this.changed.fire();
      return;
    }
    this.current = fresh;
    this.deps.logger.log('info', 'a link to dial arrived', { target });
    // advance() announces the change either way (ready, or now waiting for something).
    this.advance();
  }

  /** The line, the media end or the agent's calls changed: a waiting link may go to the dial box now. */
  check(): void {
    if (this.current?.state === 'waiting') this.advance();
  }

  /** The dial box shows it now (or the agent dismissed the failure): it is done. */
  done(id: string): void {
    if (this.current?.id !== id) return;
    this.clearTimer();
    this.current = null;
    this.changed.fire();
  }

  stop(): void {
    this.clearTimer();
  }

  /**
   * Moves a waiting link on when nothing holds it up. The wait is timed only for the line and the
   * media end: a call takes as long as it takes, and the line gets a fresh wait after it.
   */
  private advance(): void {
    const link = this.current;
    if (!link || link.state !== 'waiting') return;
    const holdUp = this.deps.holdUp();
    if (holdUp === 'call') this.clearTimer();
    else if (holdUp !== null && this.timer === null) this.timer = this.deps.clock.setTimeout(() => this.giveUp(), this.waitMs);
    if (holdUp !== null) {
      if (link.waitingFor !== holdUp) {
        this.current = { ...link, waitingFor: holdUp };
        this.changed.fire();
      }
      return;
    }
    this.clearTimer();
    this.current = { ...link, state: 'ready', waitingFor: null };
    this.changed.fire();
    this.ready.fire(this.current);
  }

  private giveUp(): void {
    this.timer = null;
    const link = this.current;
    if (!link || link.state !== 'waiting') return;
    const holdUp = this.deps.holdUp();
    // Things changed since the last check (a call began, the line came up): go on from there.
    if (holdUp === 'call' || holdUp === null) return this.advance();
    const waitingFor = holdUp;
    this.current = { ...link, state: 'failed', waitingFor };
    this.deps.logger.log('warn', 'a link was not put in the dial box: the line was not ready in time', { target: link.target, waitingFor });
    this.changed.fire();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
