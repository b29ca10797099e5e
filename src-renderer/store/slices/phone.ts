import type { AnlaufApi, Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { PhoneSlice, SliceCreator } from '../types';

export function phoneFromSnapshot(snapshot: Snapshot): Pick<PhoneSlice['phone'], 'line' | 'calls'> {
  return { line: snapshot.line, calls: snapshot.calls };
}

type CallVerb = 'answer' | 'reject' | 'hangup';

export const createPhoneSlice: SliceCreator<PhoneSlice> = (api: AnlaufApi) => (set, get) => {
  const callCommand = async (verb: CallVerb, callId: string) => {
    if (get().phone.pendingCallIds.includes(callId)) return;
    set((state) => ({ phone: { ...state.phone, pendingCallIds: [...state.phone.pendingCallIds, callId] } }));
    try {
      await runCommand(get, () => api.phone[verb]({ callId }));
    } finally {
      set((state) => ({
        phone: { ...state.phone, pendingCallIds: state.phone.pendingCallIds.filter((id) => id !== callId) },
      }));
    }
  };
  return {
    phone: { line: null, calls: [], pendingCallIds: [] },
    answer: (callId) => callCommand('answer', callId),
    reject: (callId) => callCommand('reject', callId),
    hangup: (callId) => callCommand('hangup', callId),
  };
};
