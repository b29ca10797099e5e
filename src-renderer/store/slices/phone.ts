import type { AnlaufApi, CallView, DialLinkView, LineView, Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import { createDtmfQueue } from '../dtmfQueue';
import type { SliceCreator } from '../types';

/**
 * What a pending command blocks on its call: a second answer/hang-up, a second hold or swap, a
 * second mute, or a second transfer. Groups keep a slow hold from blocking the hang-up button.
 */
export type CallActionGroup = 'lifecycle' | 'hold' | 'mute' | 'transfer';

export type PhoneSlice = {
  phone: {
    line: LineView | null;
    calls: CallView[];
    /** `group:callId` of commands on their way to main, so their buttons cannot be pressed twice. */
    pending: readonly string[];
    /** A dial command is on its way to main. */
    dialing: boolean;
    /** A tel:/sip: link from the OS: waiting for the line, ready for the dial box, or failed. */
    link: DialLinkView | null;
  };
  answer: (callId: string) => Promise<void>;
  reject: (callId: string) => Promise<void>;
  hangup: (callId: string) => Promise<void>;
  hold: (callId: string) => Promise<void>;
  resume: (callId: string) => Promise<void>;
  /** Talk on this call; main holds the other one. */
  swap: (callId: string) => Promise<void>;
  mute: (callId: string, muted: boolean) => Promise<void>;
  /** Queues key presses for a call; presses made while one is on its way go out together, in order. */
  sendDtmf: (callId: string, tones: string) => Promise<void>;
  /** Each returns whether main accepted the command (a refusal becomes a notice). */
  dial: (target: string) => Promise<boolean>;
  transfer: (callId: string, target: string) => Promise<boolean>;
  consult: (callId: string, target: string) => Promise<boolean>;
  completeTransfer: (consultCallId: string) => Promise<boolean>;
  /** The dial box shows the link now, or the agent dismissed its failure: main may forget it. */
  linkDone: (id: string) => Promise<void>;
};

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
