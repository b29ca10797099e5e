import type { CallContext, Snapshot } from '../../../src-main/contract';
import type { SliceCreator } from '../types';

/** For whom each call is and who is calling, as main last reported it (`snapshot.contexts`, `clients`). */
export type CallContextSlice = {
  callContext: {
    /** Per call id; a call may briefly have none. */
    contexts: Readonly<Record<string, CallContext>>;
    /** The configured clients; empty on a single-company workstation. */
    clients: Snapshot['clients'];
  };
};

export function callContextFromSnapshot(snapshot: Snapshot): CallContextSlice['callContext'] {
  return { contexts: snapshot.contexts, clients: snapshot.clients };
}

export const createCallContextSlice: SliceCreator<CallContextSlice> = () => () => ({
  callContext: { contexts: {}, clients: [] },
});
