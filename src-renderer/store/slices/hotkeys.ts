import type { HotkeyAction } from '../../../src-main/shared/hotkeys';
import { selectCallCards, selectHeldCalls, selectLiveCalls, selectRingingCall } from '../selectors/phone';
import type { AnlaufState, SliceCreator } from '../types';
import { pendingKey, type CallActionGroup } from './phone';

/** Why a hotkey did nothing: the agent is told (aria-live), as a greyed-out button would tell them. */
export type HotkeyRefusal = 'nothingRinging' | 'noCall' | 'noCallToHold' | 'noState' | 'busy';

/** What a hotkey does now: the same command the button on screen sends, or why none. */
export type HotkeyPlan =
  | { do: 'answer' | 'hangup' | 'hold' | 'resume' | 'transfer'; callId: string }
  | { do: 'mute'; callId: string; muted: boolean }
  | { do: 'agent'; state: 'ready' | 'notReady' }
  | { refused: HotkeyRefusal };

export type HotkeysSlice = {
  hotkeys: {
    /** The last refusal, numbered so the same one said twice is announced twice. */
    refusal: { reason: HotkeyRefusal; action: HotkeyAction; n: number } | null;
    /** The transfer hotkey asks this call's card to open its transfer form. */
    transferFor: { callId: string; n: number } | null;
  };
  runHotkey: (action: HotkeyAction) => void;
  clearHotkeyRefusal: () => void;
};

/** Which call a hotkey acts on: the active card's call, as the buttons of that card would. */
export function hotkeyPlan(state: AnlaufState, action: HotkeyAction): HotkeyPlan {
  const plan = planFor(state, action);
  // The button is greyed out while its last command is on its way; the hotkey says why it waits.
  if ('callId' in plan && plan.do !== 'transfer' && state.phone.pending.includes(pendingKey(GROUPS[plan.do], plan.callId))) return { refused: 'busy' };
  if ('state' in plan && state.agent.pending) return { refused: 'busy' };
  return plan;
}

const GROUPS: Record<'answer' | 'hangup' | 'hold' | 'resume' | 'mute', CallActionGroup> = {
  answer: 'lifecycle',
  hangup: 'lifecycle',
  hold: 'hold',
  resume: 'hold',
  mute: 'mute',
};

function planFor(state: AnlaufState, action: HotkeyAction): HotkeyPlan {
  const active = selectCallCards(state).find((card) => card.kind === 'active')?.call;
  const talking = active && active.hold === 'none' ? active : undefined;
  switch (action) {
    case 'answer': {
      const ringing = selectRingingCall(state);
      return ringing ? { do: 'answer', callId: ringing.id } : { refused: 'nothingRinging' };
    }
    case 'hangup': {
      const target = active ?? selectLiveCalls(state).find((call) => call.state === 'dialing') ?? selectHeldCalls(state)[0];
      return target ? { do: 'hangup', callId: target.id } : { refused: 'noCall' };
    }
    case 'hold':
      if (talking) return { do: 'hold', callId: talking.id };
      if (active?.hold === 'held') return { do: 'resume', callId: active.id };
      return { refused: 'noCallToHold' };
    case 'mute':
      return talking ? { do: 'mute', callId: talking.id, muted: !talking.muted } : { refused: 'noCall' };
    case 'transfer':
      return active && active.consultFor === null ? { do: 'transfer', callId: active.id } : { refused: 'noCall' };
    case 'ready':
      if (state.agent.chosen === null) return { refused: 'noState' };
      return { do: 'agent', state: state.agent.chosen === 'ready' ? 'notReady' : 'ready' };
  }
}

export const createHotkeysSlice: SliceCreator<HotkeysSlice> = () => (set, get) => {
  let n = 0;
  return {
    hotkeys: { refusal: null, transferFor: null },
    clearHotkeyRefusal: () => set((s) => ({ hotkeys: { ...s.hotkeys, refusal: null } })),
    runHotkey(action) {
      const state = get();
      const plan = hotkeyPlan(state, action);
      n += 1;
      if ('refused' in plan) {
        set((s) => ({ hotkeys: { ...s.hotkeys, refusal: { reason: plan.refused, action, n } } }));
        return;
      }
      set((s) => ({ hotkeys: { ...s.hotkeys, refusal: null } }));
      switch (plan.do) {
        case 'answer':
          return void state.answer(plan.callId);
        case 'hangup':
          return void state.hangup(plan.callId);
        case 'hold':
          return void state.hold(plan.callId);
        case 'resume':
          return void state.resume(plan.callId);
        case 'mute':
          return void state.mute(plan.callId, plan.muted);
        case 'transfer':
          return set((s) => ({ hotkeys: { ...s.hotkeys, transferFor: { callId: plan.callId, n } } }));
        case 'agent':
          return void state.setAgentState(plan.state);
      }
    },
  };
};
