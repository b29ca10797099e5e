import WebSocket from 'ws';

/** Why the last WebSocket to each URL failed (refused, DNS, TLS…), for the line's status. */
export const lastSocketError = new Map<string, string>();

/** ws, remembering the system's error code of a failed connection. */
class RememberingWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    this.on('error', (error: NodeJS.ErrnoException) => lastSocketError.set(url, error.code ?? error.message));
    this.on('open', () => lastSocketError.delete(url));
  }
}

class PlainSessionDescription {
  readonly type: string;
  readonly sdp: string;
  constructor(init: { type: string; sdp: string }) {
    this.type = init.type;
    this.sdp = init.sdp;
  }
}

class NoDirectPeerConnection {
  constructor() {
    throw new Error('Anlauf creates peer connections through its media bridge only.');
  }
}

/**
 * JsSIP expects a browser: `window.RTCPeerConnection`, `WebSocket`, `RTCSessionDescription`.
 * In main these are stand-ins: JsSIP only checks that `window.RTCPeerConnection` exists (our
 * sessions get their connections from the media bridge) and wraps SDP in RTCSessionDescription.
 * The global name RTCPeerConnection is left alone, and values set before are kept, so a real
 * WebRTC in the same process (a test's far end) keeps working.
 */
export function prepareJsSipGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  g.window ??= {};
  const win = g.window as Record<string, unknown>;
  win.RTCPeerConnection ??= NoDirectPeerConnection;
  if (g.WebSocket === undefined || g.WebSocket === WebSocket) g.WebSocket = RememberingWebSocket;
  g.RTCSessionDescription ??= PlainSessionDescription;
}
