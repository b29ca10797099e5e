import type { Clock } from '../../clock';

/** How long one OPTIONS may take before it counts as unanswered (or the interval, if shorter). */
const ANSWER_TIMEOUT_MS = 5000;
/** A verdict this late (the machine slept, the event loop was blocked) is not given. */
const LATE_MS = 1000;

/** Sends one OPTIONS; `answered` is called once for any response from the server, whatever its status. */
export type SendOptions = (answered: () => void) => void;

export interface OptionsPingEvents {
  /** The server answered before and has now stopped: the connection is to be replaced. */
  dead(): void;
  /** The first OPTIONS on this connection went unanswered: the server does not take part. */
  unanswered(): void;
}

/**
 * An OPTIONS to the registrar now and then, as the SIP-level half of the keep-alive. The
 * WebSocket ping (keep-alive.ts) proves the path to whatever ends the WebSocket; where that is a
 * load balancer or an SBC in front of the SIP server, it keeps answering pings while the SIP
 * server behind it is gone, and the line would look registered until its next REGISTER fails.
 * Any response proves the SIP layer, a 404 or 407 as much as a 200.
 *
 * Servers differ: some answer OPTIONS, some challenge it, some drop it. So the ping only judges a
 * connection on which the server has answered once; where the first OPTIONS goes unanswered,
 * it stops for that connection and the WebSocket ping alone keeps watch.
 */
export class SipOptionsPing {
  private timer: unknown = null;
  private send: SendOptions | null = null;
  /** The server answered an OPTIONS on this connection. */
  private answers = false;
  /** Numbers the OPTIONS sent, so a late answer to an old one is told apart. */
  private sent = 0;
  private answeredUpTo = 0;
  private due = 0;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly events: OptionsPingEvents,
  ) {}

  /** Starts on a newly registered connection (what was learnt of the previous one is forgotten). */
  start(send: SendOptions): void {
    this.stop();
    if (this.intervalMs <= 0) return;
    this.send = send;
    this.answers = false;
    this.ask();
  }

  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.send = null;
  }

  private ask(): void {
    const send = this.send;
    if (!send) return;
    const number = ++this.sent;
    try {
      send(() => {
        if (this.send !== send) return; // an answer from before a stop or a restart
        this.answers = true;
        this.answeredUpTo = Math.max(this.answeredUpTo, number);
      });
    } catch {
      // JsSIP refuses to send while its transport is down: the transport's own events take over.
    }
    const timeout = Math.min(ANSWER_TIMEOUT_MS, this.intervalMs);
    this.due = this.clock.now() + timeout;
    this.timer = this.clock.setTimeout(() => this.judge(number, timeout), timeout);
  }

  private judge(number: number, waited: number): void {
    if (!this.send) return;
    const late = this.clock.now() - this.due > LATE_MS;
    if (this.answeredUpTo >= number || late) {
      // Answered (or the verdict is too late to trust): the next one at the interval.
      this.timer = this.clock.setTimeout(() => this.ask(), Math.max(0, this.intervalMs - waited));
      return;
    }
    const wasAnswering = this.answers;
    this.stop();
    if (wasAnswering) this.events.dead();
    else this.events.unanswered();
  }
}
