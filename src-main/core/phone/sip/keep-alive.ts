import type { Clock } from '../../clock';

/** The part of a `ws` WebSocket the keep-alive uses (JsSIP runs on `ws` in main and the browser host). */
export interface PingableSocket {
  readonly readyState: number;
  ping(): void;
  terminate(): void;
  on(event: 'pong', listener: () => void): unknown;
  off(event: 'pong', listener: () => void): unknown;
}

const OPEN = 1;
/** How long a probe after sleep or a network change waits for its pong. */
const PROBE_TIMEOUT_MS = 2000;
/** A verdict this late (or half an interval, if more) is not given. */
const LATE_MS = 1000;

/**
 * WebSocket ping frames on the line's connection. A NAT or proxy that drops an idle connection
 * without a FIN leaves JsSIP waiting for the next REGISTER (minutes) to notice; a ping that gets
 * no pong within one interval means the path is dead, and the socket is torn down so JsSIP
 * reconnects and re-registers at once.
 *
 * Why ping frames rather than RFC 5626's CRLF keep-alive or an OPTIONS: every WebSocket server
 * must answer a ping with a pong (RFC 6455 §5.5.2), and Kamailio's websocket module does so
 * below its routing script; RFC 5626's CRLF pings are defined for SIP over TCP and TLS flows,
 * and whether an OPTIONS is answered (or challenged, or dropped) depends on each proxy's script.
 */
export class SocketKeepAlive {
  private timer: unknown = null;
  private socket: PingableSocket | null = null;
  private answered = true;
  /** When the pending verdict is due. */
  private due = 0;
  private readonly onPong = () => {
    this.answered = true;
  };

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    /** The path is dead: the socket was terminated, JsSIP's recovery takes over. */
    private readonly onDead: () => void,
  ) {}

  /** Watches a newly opened socket (the previous one is forgotten). */
  watch(socket: PingableSocket): void {
    this.stop();
    if (this.intervalMs <= 0) return;
    this.socket = socket;
    this.answered = true;
    socket.on('pong', this.onPong);
    this.schedule();
  }

  /**
   * Asks now (after sleep or a network change) instead of at the next interval, and gives the
   * verdict after `timeoutMs` at most: a server that answers at all does so in well under that.
   */
  probe(timeoutMs = PROBE_TIMEOUT_MS): void {
    if (!this.socket) return;
    this.clock.clearTimeout(this.timer);
    this.answered = true;
    this.tick(Math.min(timeoutMs, this.intervalMs));
  }

  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.socket?.off('pong', this.onPong);
    this.socket = null;
  }

  private schedule(ms = this.intervalMs): void {
    this.due = this.clock.now() + ms;
    this.timer = this.clock.setTimeout(() => this.tick(), ms);
  }

  /** Judges the last ping, sends the next; its verdict comes after `nextMs`. */
  private tick(nextMs = this.intervalMs): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return this.stop();
    // A timer that fires long after it was due (the machine slept, or the event loop was blocked)
    // runs before the pong that may be waiting behind it is read: ask again rather than judge.
    const late = this.clock.now() - this.due > Math.max(LATE_MS, this.intervalMs / 2);
    if (!this.answered && !late) {
      this.stop();
      socket.terminate();
      this.onDead();
      return;
    }
    this.answered = false;
    try {
      socket.ping();
    } catch {
      // A socket that cannot even take a ping is as dead as one that does not answer.
    }
    this.schedule(nextMs);
  }
}
