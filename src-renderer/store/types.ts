import type {
  AgentState,
  AnlaufApi,
  CallLogEntry,
  CallView,
  LineView,
  SettingsView,
  Snapshot,
  TrainingView,
} from '../../src-main/contract';
import type { StateCreator } from 'zustand/vanilla';
import type { LanguageSetting } from '../i18n/language';

export type Notice = { id: number; message: string };

export type AppSlice = {
  app: {
    /** `connecting` until the first snapshot arrives; `failed` if fetching it failed. */
    status: 'connecting' | 'connected' | 'failed';
    /** Revision of the newest snapshot applied; -1 before the first one. */
    revision: number;
    info: Snapshot['app'] | null;
    notice: Notice | null;
  };
  /** Subscribes to main's events and loads the first state; returns the unsubscribe function. */
  start(): () => void;
  loadSnapshot(): Promise<void>;
  receiveSnapshot(snapshot: Snapshot): void;
  reportError(error: unknown): void;
  dismissNotice(): void;
};

export type PhoneSlice = {
  phone: {
    line: LineView | null;
    calls: CallView[];
    /** Calls with a command on its way to main, so their buttons cannot be pressed twice. */
    pendingCallIds: readonly string[];
  };
  answer(callId: string): Promise<void>;
  reject(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
};

export type AgentSlice = {
  agent: { state: AgentState | null; since: number | null; pending: boolean };
  setAgentState(state: AgentState): Promise<void>;
};

export type TrainingSlice = {
  training: { view: TrainingView | null; pending: boolean };
  simulateCall(): Promise<void>;
  startScenario(): Promise<void>;
  stopScenario(): Promise<void>;
};

export type CallLogSlice = {
  callLog: {
    entries: CallLogEntry[];
    total: number;
    loaded: boolean;
    loadingMore: boolean;
  };
  /** Re-reads the newest page, keeping any older pages already loaded. */
  refreshCallLog(): Promise<void>;
  loadMoreCallLog(): Promise<void>;
};

export type SettingsSlice = {
  settings: { effective: SettingsView | null; open: boolean; saving: boolean };
  setLanguage(language: LanguageSetting): Promise<void>;
  openSettings(): void;
  closeSettings(): void;
};

export type AnlaufState = AppSlice & PhoneSlice & AgentSlice & TrainingSlice & CallLogSlice & SettingsSlice;

/** A slice of the one store; it is given the API it talks to main through. */
export type SliceCreator<Slice> = (api: AnlaufApi) => StateCreator<AnlaufState, [], [], Slice>;
