import type { AnlaufApi } from '../src-main/contract';

declare global {
  interface Window {
    /** Set by the Electron preload or the browser host's bridge script before the renderer runs. */
    anlauf: AnlaufApi;
  }
}

export {};
