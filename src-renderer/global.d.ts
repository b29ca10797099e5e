import type { AnlaufApi, AnlaufMediaHost } from '../src-main/contract';

declare global {
  interface Window {
    /** Set by the Electron preload or the browser host's bridge script before the renderer runs. */
    anlauf: AnlaufApi;
    /** The media bridge's host end, where this page also holds the calls' real media. */
    anlaufMedia?: AnlaufMediaHost;
  }
}

export {};
