import type { DialLinkView } from '../../contract';
import type { Clock } from '../clock';
import { Emitter, toDisposable, type Event, type IDisposable } from '../events';
import type { Logger } from '../log';
import { dialBoxText, type DialLinks } from '../phone/dial-links';

/**
 * How long a link that came while nobody was signed in is kept for the agent who signs in: long
 * enough to type an ID and a password (again, after a typo), short enough that an agent who signs
 * in later, maybe someone else, does not find a stranger's number in the dial box.
 */
export const SIGNED_OUT_LINK_HOLD_MS = 5 * 60_000;

/**
 * tel:, sip: and callto: links at desk level, whoever is signed in. The OS hands a link to the app,
 * not to an agent: while someone is signed in it goes to their Workstation's DialLinks, which waits
 * for the line and the media end and fills the dial box. A link that comes while nobody is signed
 * in (the shared desk's sign-in form, or a personal desk still starting) is held, the newest only,
 * and handed to the next Workstation that opens, as a link that starts the app waits for the line.
 * It never dials by itself either way. `onReady` stays subscribed across sign-ins: it follows
 * whichever Workstation is open.
 */
export class DeskLinks {
  private target: Pick<DialLinks, 'offer' | 'onReady'> | null = null;
  private held: { link: string; timer: unknown } | null = null;
  private readonly ready = new Emitter<DialLinkView>();
  /** A link went into the current agent's dial box: the host brings its window to the front. */
  readonly onReady: Event<DialLinkView> = this.ready.event;
  private readonly heldChanged = new Emitter<void>();
  /** A link is held now, or no longer (taken at a sign-in, replaced, or dropped as too old). */
  readonly onDidChangeHeld: Event<void> = this.heldChanged.event;

  constructor(
    private readonly deps: {
      clock: Clock;
      logger: Logger;
      holdMs?: number;
    },
  ) {}

  /** What the held link would put into the dial box (the sign-in form says so), or null. */
  heldTarget(): string | null {
    return this.held ? dialBoxText(this.held.link) : null;
  }

  /** A link from the OS: to the open Workstation, or held until one opens. A newer link replaces a held one. */
  offer(link: string): void {
    if (this.target) {
      this.target.offer(link);
      return;
    }
    if (!dialBoxText(link)) return;
    this.release();
    const timer = this.deps.clock.setTimeout(() => {
      this.held = null;
      this.deps.logger.log('info', 'a link held while nobody was signed in was dropped: nobody signed in in time');
      this.heldChanged.fire();
    }, this.deps.holdMs ?? SIGNED_OUT_LINK_HOLD_MS);
    this.held = { link, timer };
    this.deps.logger.log('info', 'a link to dial arrived while nobody is signed in: held for the next sign-in');
    this.heldChanged.fire();
  }

  /**
   * A Workstation is open (an agent signed in, or the personal desk started): its links take the
   * held one and every later one, until the returned disposable is disposed (the Workstation stops).
   */
  attach(links: Pick<DialLinks, 'offer' | 'onReady'>): IDisposable {
    this.target = links;
    const forwarded = links.onReady((link) => this.ready.fire(link));
    const held = this.held;
    if (held) {
      this.release();
      links.offer(held.link);
      this.heldChanged.fire();
    }
    return toDisposable(() => {
      forwarded.dispose();
      if (this.target === links) this.target = null;
    });
  }

  dispose(): void {
    this.release();
    this.ready.dispose();
    this.heldChanged.dispose();
  }

  private release(): void {
    if (this.held) this.deps.clock.clearTimeout(this.held.timer);
    this.held = null;
  }
}
