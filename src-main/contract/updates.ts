import { z } from 'zod';
import { messageSchema } from './messages';

const epochMs = z.number().int().nonnegative();

/**
 * What the workstation knows of its updates, for the status line in the settings dialog and for
 * support. `unavailable`: this host installs nothing (the browser host: updates are the installed
 * app's; a development run). `ready`: downloaded and verified, waiting for `waitingFor` to clear;
 * `restarting`: nothing open any more, the app restarts at `installAt` unless a call comes first.
 */
export const updatesViewSchema = z.object({
  state: z.enum(['unavailable', 'off', 'notConfigured', 'idle', 'checking', 'downloading', 'ready', 'restarting', 'installing']),
  installed: z.string(),
  channel: z.string(),
  pinned: z.string().nullable(),
  /** The version being downloaded, ready or installed now. */
  version: z.string().nullable(),
  /** What keeps a ready update from being installed now. */
  waitingFor: z.array(z.enum(['call', 'wrapUp', 'outbox'])),
  installAt: epochMs.nullable(),
  nextCheckAt: epochMs.nullable(),
  /**
   * The last check: `upToDate` (nothing newer), `found` (downloaded, or being downloaded),
   * `notForThisDesk` (a staged rollout that has not reached this desk), `heldByPin` (newer than
   * the pinned version), `failed` (`error` says why; the installed version keeps running).
   */
  lastCheck: z
    .object({
      at: epochMs,
      outcome: z.enum(['upToDate', 'found', 'notForThisDesk', 'heldByPin', 'failed']),
      latest: z.string().nullable(),
      error: messageSchema.nullable(),
    })
    .nullable(),
});
export type UpdatesView = z.output<typeof updatesViewSchema>;
