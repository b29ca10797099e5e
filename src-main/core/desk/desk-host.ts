import type { ColleagueChanges, DialLinkView, Settings, Snapshot } from '../../contract';
import type { ApiServices } from '../api-services';
import type { Logger } from '../log';
import type { MediaBridge } from '../media/media-bridge';
import type { WorkstationNotice } from '../workstation';

/**
 * What a host (Electron's main, the browser host) asks of the desk, whoever is signed in; the
 * first seven are what its Dispatcher reaches. The hosts hold on to nothing of an agent's
 * Workstation: it changes at every sign-in, and while nobody is signed in there is none.
 */
export interface IDeskHost {
  readonly services: ApiServices;
  readonly dataDir: string;
  readonly logger: Logger;
  onState(listener: (snapshot: Snapshot) => void): () => void;
  onCallLog(listener: (callId: string) => void): () => void;
  onColleagues(listener: (changes: ColleagueChanges) => void): () => void;
  onNotice(listener: (notice: WorkstationNotice) => void): () => void;
  /** The media end (media window, page) attaches here once; every agent's Workstation uses it. */
  readonly media: MediaBridge;
  /** The effective settings now: the signed-in agent's, else IT's (the log's secret masking). */
  settings(): Settings;
  /** A tel:/sip:/callto: link from the OS: to the agent's dial box, held while nobody is signed in. */
  offerLink(link: string): void;
  /** A link went into the current agent's dial box (across sign-ins): the host brings its window forward. */
  onLinkReady(listener: (link: DialLinkView) => void): () => void;
  /** Re-registers the signed-in agent's SIP line now (after sleep or unlock); nothing while nobody is. */
  refreshLine(): void;
  /** Opens a personal desk, or restores the agent signed in when the desk last stopped. */
  start(): Promise<void>;
  /** Stops the desk without signing out; idempotent, as a host may be told to stop several times over. */
  stop(): Promise<void>;
}
