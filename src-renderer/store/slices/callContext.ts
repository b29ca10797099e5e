import type { Snapshot } from '../../../src-main/contract';
import type { CallContextSlice, SliceCreator } from '../types';

export function callContextFromSnapshot(snapshot: Snapshot): CallContextSlice['callContext'] {
  return { contexts: snapshot.contexts, clients: snapshot.clients };
}

export const createCallContextSlice: SliceCreator<CallContextSlice> = () => () => ({
  callContext: { contexts: {}, clients: [] },
});
