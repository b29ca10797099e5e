import type { QueueSettings } from '../../contract/settings';
import { routed, type QueueMemberState, type QueuePort } from './queue-port';

/** What the SIP line does for this adapter (phone/sip/contact-bindings.ts): its contact under another address of record. */
export interface ContactBinder {
  bind(aor: string): Promise<void>;
  unbind(aor: string): Promise<void>;
}

/**
 * Registrar forking (Kamailio, OpenSIPS): while the agent is logged into a queue and not paused,
 * the line's contact is registered under the queue's address, so a call to it forks to every such
 * agent. A pause or logout removes the binding (Expires 0 for this contact only).
 */
export class RegistrarQueues implements QueuePort {
  readonly keepsStateAcrossRestart = false;

  constructor(private readonly binder: ContactBinder) {}

  apply(queue: QueueSettings, from: QueueMemberState, to: QueueMemberState): Promise<void> {
    if (routed(to)) return this.binder.bind(queue.address);
    return routed(from) ? this.binder.unbind(queue.address) : Promise.resolve();
  }
}
