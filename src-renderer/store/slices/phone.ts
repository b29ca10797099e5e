import type { AnlaufApi, Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import { createDtmfQueue } from '../dtmfQueue';
import type { CallActionGroup, PhoneSlice, SliceCreator } from '../types';

export function phoneFromSnapshot(snapshot: Snapshot): Pick<PhoneSlice['phone'], 'line' | 'calls' | 'link'> {
  return { line: snapshot.line, calls: snapshot.calls, link: snapshot.link };
}

export const pendingKey = (group: CallActionGroup, callId: string) => `${group}:${callId}`;

export const createPhoneSlice: SliceCreator<PhoneSlice> = (api: AnlaufApi) => (set, get) => {
  /** Runs one command for a call unless one of its group is still on its way; true if main accepted it. */
  const callCommand = async (group: CallActionGroup, callId: string, command: () => Promise<unknown>): Promise<boolean> => {
    const key = pendingKey(group, callId);
    if (get().phone.pending.includes(key)) return false;
    set((state) => ({ phone: { ...state.phone, pending: [...state.phone.pending, key] } }));
    try {
      return (await runCommand(get, command)) !== undefined;
    } finally {
      set((state) => ({ phone: { ...state.phone, pending: state.phone.pending.filter((k) => k !== key) } }));
    }
  };

  const sendDtmf = createDtmfQueue(async (callId, tones) => (await runCommand(get, () => api.phone.dtmf({ callId, tones }))) !== undefined);

  return {
    phone: { line: null, calls: [], pending: [], dialing: false, link: null },
    answer: async (callId) => void (await callCommand('lifecycle', callId, () => api.phone.answer({ callId }))),
    reject: async (callId) => void (await callCommand('lifecycle', callId, () => api.phone.reject({ callId }))),
    hangup: async (callId) => void (await callCommand('lifecycle', callId, () => api.phone.hangup({ callId }))),
    hold: async (callId) => void (await callCommand('hold', callId, () => api.phone.hold({ callId }))),
    resume: async (callId) => void (await callCommand('hold', callId, () => api.phone.resume({ callId }))),
    swap: async (callId) => void (await callCommand('hold', callId, () => api.phone.swap({ callId }))),
    mute: async (callId, muted) => void (await callCommand('mute', callId, () => api.phone.mute({ callId, muted }))),
    sendDtmf,
    transfer: (callId, target) => callCommand('transfer', callId, () => api.phone.transfer({ callId, target })),
    consult: (callId, target) => callCommand('transfer', callId, () => api.phone.consult({ callId, target })),
    completeTransfer: (consultCallId) => callCommand('transfer', consultCallId, () => api.phone.completeTransfer({ consultCallId })),
    linkDone: async (id) => void (await runCommand(get, () => api.link.done({ id }))),
    async dial(target) {
      if (get().phone.dialing) return false;
      set((state) => ({ phone: { ...state.phone, dialing: true } }));
      try {
        return (await runCommand(get, () => api.phone.dial({ target }))) !== undefined;
      } finally {
        set((state) => ({ phone: { ...state.phone, dialing: false } }));
      }
    },
  };
};
