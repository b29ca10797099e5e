import type { AnlaufApi } from '../../src-main/contract';
import type { StateCreator } from 'zustand/vanilla';
import type { Said } from '../i18n/said';
import type { AgentSlice } from './slices/agent';
import type { AppSlice } from './slices/app';
import type { CallbacksSlice } from './slices/callbacks';
import type { ColleaguesSlice } from './slices/colleagues';
import type { CallContextSlice } from './slices/callContext';
import type { CallDetailsSlice } from './slices/callDetails';
import type { CallListsSlice } from './slices/callLists';
import type { CallLogSlice } from './slices/callLog';
import type { CallLogSearchSlice } from './slices/callLogSearch';
import type { CustomersSlice } from './slices/customers';
import type { FormsSlice } from './slices/forms';
import type { HeadsetSlice } from './slices/headset';
import type { HotkeysSlice } from './slices/hotkeys';
import type { PhoneSlice } from './slices/phone';
import type { ScriptSlice } from './slices/script';
import type { SettingsSlice } from './slices/settings';
import type { ShiftCheckSlice } from './slices/shiftCheck';
import type { SignInSlice } from './slices/signIn';
import type { QueuesSlice } from './slices/queues';
import type { TopicsSlice } from './slices/topics';
import type { SyncSlice } from './slices/sync';
import type { TrainingSlice } from './slices/training';
import type { WrapUpSlice } from './slices/wrapUp';

/**
 * Something for the agent to read: a refused command, or main's word on a call (`callId`).
 * `info` is news rather than a failure (a microphone was unplugged and the default took over).
 */
export type Notice = Said & { id: number; callId: string | null; level: 'error' | 'info' };

/** A command's outcome where its refusal belongs next to a form rather than in the notice. */
export type Outcome<T> = { ok: true; value: T } | ({ ok: false } & Said);

export type AnlaufState = AppSlice &
  PhoneSlice &
  AgentSlice &
  TrainingSlice &
  CallLogSlice &
  CallLogSearchSlice &
  CallDetailsSlice &
  SyncSlice &
  ShiftCheckSlice &
  SettingsSlice &
  HeadsetSlice &
  CallContextSlice &
  CustomersSlice &
  ScriptSlice &
  WrapUpSlice &
  FormsSlice &
  CallbacksSlice &
  CallListsSlice &
  SignInSlice &
  QueuesSlice &
  TopicsSlice &
  ColleaguesSlice &
  HotkeysSlice;

/** A slice of the one store; it is given the API it talks to main through. */
export type SliceCreator<Slice> = (api: AnlaufApi) => StateCreator<AnlaufState, [], [], Slice>;
