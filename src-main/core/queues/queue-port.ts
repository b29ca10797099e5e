import type { QueueSettings } from '../../contract/settings';

/** What the queue's server has of the agent: logged in or not, and paused there or not. */
export interface QueueMemberState {
  loggedIn: boolean;
  paused: boolean;
}

/**
 * The queue side as a port: the call center's own system keeps the queues (a registrar that
 * forks, a PBX with queues), and an adapter brings it from what it has of the agent to what the
 * agent chose. Anlauf runs no queue server of its own.
 */
export interface QueuePort {
  /**
   * Whether the server keeps the agent's membership across a restart of the workstation (a PBX
   * does; a registrar's binding dies with the contact that registered it).
   */
  readonly keepsStateAcrossRestart: boolean;
  /** Brings the server from `from` to `to` for this queue; rejects with the server's refusal (AnlaufError). */
  apply(queue: QueueSettings, from: QueueMemberState, to: QueueMemberState): Promise<void>;
}

/** A queue's calls reach the agent: logged in and not paused. */
export function routed(state: QueueMemberState): boolean {
  return state.loggedIn && !state.paused;
}
