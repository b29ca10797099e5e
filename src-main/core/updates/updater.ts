/**
 * What the update service needs of an updater: the Electron host gives it electron-updater's
 * platform updater (src-main/electron/app-updater-port.ts); the browser host none, because there
 * the installed app is updated, not the page. Keeping electron-updater behind this port lets the
 * policy (when, which version, whether now) run in the core without Electron.
 */

/** Where to look: a folder with the channel files, and the channel (`latest`, `beta`, …). */
export interface UpdateFeed {
  url: string;
  channel: string;
}

/** A version as the channel file describes it. */
export interface OfferedUpdate {
  version: string;
  /** `stagingPercentage` of the channel file, as written; null when it has none. */
  stagingPercentage: number | string | null;
}

export interface CheckResult {
  /** The version the channel file names (whatever this desk made of it). */
  latest: OfferedUpdate;
  /** A newer version this desk admitted: download() fetches it. */
  available: boolean;
}

/** Why a check or download failed; the installed version keeps running in every case. */
export type UpdateFailureKind = 'unreachable' | 'noChannelFile' | 'badFeed' | 'corrupt' | 'failed';

export class UpdateFailure extends Error {
  constructor(
    readonly kind: UpdateFailureKind,
    /** For `noChannelFile` and `corrupt`: the file; otherwise what went wrong, in a line. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${kind}: ${detail}`, options);
    this.name = 'UpdateFailure';
  }
}

export interface Updater {
  /** The feed the installer was built with (electron-builder's `publish.url`), if any. */
  readonly builtInUrl: string | null;
  /**
   * Reads the channel file. For a version other than the installed one, `admit` decides whether
   * this desk takes it (staged rollout, pin); a version that is not newer is never available.
   * Throws an UpdateFailure.
   */
  check(feed: UpdateFeed, admit: (offer: OfferedUpdate) => boolean): Promise<CheckResult>;
  /** Downloads the version the last check made available and verifies its sha512. Throws an UpdateFailure. */
  download(): Promise<void>;
  /** Whether quitting the app installs the downloaded update (only while nothing is open). */
  setInstallOnQuit(install: boolean): void;
  /** Quits the app, installs the downloaded update and starts the new version. */
  install(): void;
}
