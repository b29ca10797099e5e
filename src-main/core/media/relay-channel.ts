import { mediaReplySchema, type MediaCapabilities, type MediaChannel, type MediaEvent, type MediaRequest, type MediaResult } from '../../contract';

/**
 * How long the media end may take to answer. A media end that never answers (a second tab that
 * attached and froze, a hung media window) must not hang answer or dial: the request fails with
 * an error the agent sees. Opening the microphone may wait for a person to allow it, so it gets
 * longer.
 */
export interface MediaTimeouts {
  requestMs: number;
  microphoneMs: number;
}

export const DEFAULT_MEDIA_TIMEOUTS: MediaTimeouts = { requestMs: 10_000, microphoneMs: 30_000 };

export class MediaTimeoutError extends Error {
  constructor(op: string, ms: number) {
    super(`The audio window (media end) did not answer within ${Math.round(ms / 1000)} s (${op}). Reload the Anlauf window or tab that plays the audio.`);
    this.name = 'MediaTimeoutError';
  }
}

/**
 * A media end behind a message transport (the browser host's WebSocket, Electron IPC): numbers
 * requests, matches replies, passes events on, and fails what is pending when the end goes away.
 */
export class RelayMediaChannel implements MediaChannel {
  private seq = 0;
  private open = true;
  private readonly pending = new Map<number, { resolve(result: MediaResult): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  private readonly eventListeners = new Set<(event: MediaEvent) => void>();
  private readonly closeListeners = new Set<() => void>();

  constructor(
    readonly capabilities: MediaCapabilities,
    private readonly send: (seq: number, request: MediaRequest) => void,
    private readonly timeouts: MediaTimeouts = DEFAULT_MEDIA_TIMEOUTS,
  ) {}

  request(request: MediaRequest): Promise<MediaResult> {
    if (!this.open) return Promise.reject(new Error('the media end went away'));
    const seq = ++this.seq;
    const ms = request.op === 'getUserMedia' || request.op === 'track.switchDevice' ? this.timeouts.microphoneMs : this.timeouts.requestMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new MediaTimeoutError(request.op, ms));
      }, ms);
      this.pending.set(seq, { resolve, reject, timer });
      this.send(seq, request);
    });
  }

  /** A reply from the media end; malformed or unknown ones are dropped. */
  reply(raw: unknown): void {
    const parsed = mediaReplySchema.safeParse(raw);
    if (!parsed.success) return;
    const waiter = this.pending.get(parsed.data.seq);
    if (!waiter) return;
    this.pending.delete(parsed.data.seq);
    clearTimeout(waiter.timer);
    if (parsed.data.ok) waiter.resolve(parsed.data.result);
    else waiter.reject(Object.assign(new Error(parsed.data.error.message), { name: parsed.data.error.name }));
  }

  /** An event from the media end; the bridge parses it before use. */
  event(raw: unknown): void {
    if (!this.open) return;
    for (const listener of this.eventListeners) listener(raw as MediaEvent);
  }

  onEvent(listener: (event: MediaEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('the media end went away'));
    }
    this.pending.clear();
    for (const listener of [...this.closeListeners]) listener();
  }
}
