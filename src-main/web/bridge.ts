/**
 * The browser host's preload: runs in the page before the app and defines `window.anlauf` over
 * one WebSocket, with the same namespaced API the Electron preload exposes.
 */
import {
  buildApi,
  type AnlaufMediaHost,
  type EventName,
  type MediaCapabilities,
  type MediaEvent,
  type MediaRequest,
  type MediaResult,
  type Message,
  type WireMessage,
} from '../contract';

const TOKEN_KEY = 'anlauf.token';

function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the secret out of history, bookmarks and screenshots; a reload finds it in sessionStorage.
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
}

class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly said: Message,
  ) {
    super(message);
    this.name = 'AnlaufError';
  }
}

const token = takeToken();
const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
const queue: string[] = [];
let socket: WebSocket | null = null;
let mediaEnd: { capabilities: MediaCapabilities; handle(request: MediaRequest): Promise<MediaResult> } | null = null;
let seq = 0;
let retryMs = 250;

function deliver(event: EventName, payload: unknown): void {
  for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
}

function connect(): void {
  const ws = new WebSocket(`ws://${window.location.host}/ws?token=${encodeURIComponent(token)}`);
  socket = ws;
  ws.onopen = () => {
    retryMs = 250;
    // A media end in this page serves main again after every (re)connect. First: after a reload
    // mid-call the call's audio waits on it, while the requests queued meanwhile can wait.
    if (mediaEnd) ws.send(JSON.stringify({ type: 'media-hello', capabilities: mediaEnd.capabilities }));
    for (const message of queue.splice(0)) ws.send(message);
    // After a reconnect the page may have missed events: hand it a fresh snapshot.
    void invoke('app:snapshot', {}).then(
      (snapshot) => deliver('event:state', snapshot),
      () => undefined,
    );
  };
  ws.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as WireMessage;
    if (message.type === 'event') {
      deliver(message.event, message.payload);
      return;
    }
    if (message.type === 'media-request') {
      serveMedia(ws, message.seq, message.request);
      return;
    }
    const waiter = pending.get(message.seq);
    if (!waiter) return;
    pending.delete(message.seq);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new BridgeError(message.error.code, message.error.message, message.error.said));
  };
  ws.onclose = () => {
    socket = null;
    for (const [key, waiter] of pending) {
      waiter.reject(new BridgeError('failed', 'The connection to the workstation was lost.', { key: 'host.connectionLost', params: {} }));
      pending.delete(key);
    }
    window.setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 5000);
  };
}

function serveMedia(ws: WebSocket, seq: number, request: MediaRequest): void {
  const reply = (body: object) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'media-reply', reply: { seq, ...body } }));
  };
  if (!mediaEnd) {
    reply({ ok: false, error: { name: 'NotReadyError', message: 'no media end in this page' } });
    return;
  }
  mediaEnd.handle(request).then(
    (result) => reply({ ok: true, result }),
    (error: unknown) => reply({ ok: false, error: { name: (error as Error)?.name ?? 'Error', message: String((error as Error)?.message ?? error) } }),
  );
}

function invoke(command: string, request: unknown): Promise<unknown> {
  const id = ++seq;
  const message = JSON.stringify({ type: 'request', seq: id, command, payload: request });
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    if (socket?.readyState === WebSocket.OPEN) socket.send(message);
    else queue.push(message);
  });
}

const api = buildApi(invoke, (event, listener) => {
  const set = listeners.get(event) ?? new Set();
  listeners.set(event, set);
  const entry = (payload: unknown) => listener(payload);
  set.add(entry);
  return () => {
    set.delete(entry);
  };
});

const media: AnlaufMediaHost = {
  connect(end) {
    mediaEnd = end;
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'media-hello', capabilities: end.capabilities }));
    return {
      emit(event: MediaEvent) {
        if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'media-event', event }));
      },
    };
  },
};
Object.defineProperty(window, 'anlaufMedia', { value: Object.freeze(media), writable: false, configurable: false });

for (const value of Object.values(api)) Object.freeze(value);
Object.defineProperty(window, 'anlauf', { value: Object.freeze(api), writable: false, configurable: false });
connect();
