/**
 * The media window's preload: gives the media page `window.anlaufMedia`, through which it serves
 * main's media-bridge requests on its real RTCPeerConnections and reports their events.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { AnlaufMediaHost, MediaEvent, MediaRequest } from '../contract';

const host: AnlaufMediaHost = {
  connect(end) {
    ipcRenderer.removeAllListeners('media:request');
    ipcRenderer.on('media:request', (_event, seq: number, request: MediaRequest) => {
      Promise.resolve()
        .then(() => end.handle(request))
        .then(
          (result) => ipcRenderer.send('media:reply', { seq, ok: true, result }),
          (error: unknown) =>
            ipcRenderer.send('media:reply', {
              seq,
              ok: false,
              error: { name: (error as Error)?.name ?? 'Error', message: String((error as Error)?.message ?? error) },
            }),
        );
    });
    ipcRenderer.send('media:hello', end.capabilities);
    return { emit: (event: MediaEvent) => ipcRenderer.send('media:event', event) };
  },
};

contextBridge.exposeInMainWorld('anlaufMedia', host);
