import { mediaReplySchema, type MediaCapabilities, type MediaChannel, type MediaEvent, type MediaRequest, type MediaResult } from '../../contract';

/**
 * A media end behind a message transport (the browser host's WebSocket, Electron IPC): numbers
 * requests, matches replies, passes events on, and fails what is pending when the end goes away.
 */
export class RelayMediaChannel implements MediaChannel {
  private seq = 0;
  private open = true;
  private readonly pending = new Map<number, { resolve(result: MediaResult): void; reject(error: Error): void }>();
  private readonly eventListeners = new Set<(event: MediaEvent) => void>();
  private readonly closeListeners = new Set<() => void>();

  constructor(
    readonly capabilities: MediaCapabilities,
    private readonly send: (seq: number, request: MediaRequest) => void,
  ) {}

  request(request: MediaRequest): Promise<MediaResult> {
    if (!this.open) return Promise.reject(new Error('the media end went away'));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
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
    for (const waiter of this.pending.values()) waiter.reject(new Error('the media end went away'));
    this.pending.clear();
    for (const listener of [...this.closeListeners]) listener();
  }
}
