import type { Message, Snapshot } from '../../../src-main/contract';
import { errorMessage, errorSaid } from '../../lib/format';
import { runCommand } from '../command';
import type { AnlaufState, Notice, SliceCreator } from '../types';
import { agentFromSnapshot } from './agent';
import { callbacksFromSnapshot } from './callbacks';
import { colleaguesFromSnapshot } from './colleagues';
import { callContextFromSnapshot } from './callContext';
import { callListsFromSnapshot } from './callLists';
import { formsFromSnapshot } from './forms';
import { headsetFromSnapshot } from './headset';
import { phoneFromSnapshot } from './phone';
import { scriptFromSnapshot } from './script';
import { settingsFromSnapshot } from './settings';
import { syncFromSnapshot } from './sync';
import { shiftCheckFromSnapshot } from './shiftCheck';
import { needsSignIn, signInFromSnapshot } from './signIn';
import { queuesFromSnapshot } from './queues';
import { topicsFromSnapshot } from './topics';
import { trainingFromSnapshot } from './training';
import { wrapUpFromSnapshot } from './wrapUp';

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
  start: () => () => void;
  loadSnapshot: () => Promise<void>;
  receiveSnapshot: (snapshot: Snapshot) => void;
  reportError: (error: unknown) => void;
  /** Main's notices (e.g. a hold the far end refused) are shown like a refused command. */
  receiveNotice: (notice: { callId: string | null; message: string; said?: Message | null; level?: 'error' | 'info' }) => void;
  dismissNotice: () => void;
};

/** The renderer's own copies of an agent's data, fetched by command rather than mirrored from snapshots. */
function agentFetched({ callLog, callLogSearch, callDetails }: AnlaufState): Pick<AnlaufState, 'callLog' | 'callLogSearch' | 'callDetails'> {
  return { callLog, callLogSearch, callDetails };
}

export const createAppSlice: SliceCreator<AppSlice> = (api) => (set, get, store) => {
  let noticeId = 0;
  return {
    app: { status: 'connecting', revision: -1, info: null, notice: null },

    start() {
      const unsubscribers: (() => void)[] = [];
      try {
        unsubscribers.push(api.on.state((snapshot) => get().receiveSnapshot(snapshot)));
        unsubscribers.push(
          api.on.callLog(({ id }) => {
            void get().refreshCallLog();
            void get().refreshShownCall(id);
          }),
        );
        unsubscribers.push(api.on.colleagues((changes) => get().receiveColleagueChanges(changes)));
        unsubscribers.push(api.on.notice((notice) => get().receiveNotice(notice)));
        // A global hotkey (Electron) acts as the same key pressed in the window.
        unsubscribers.push(api.on.hotkey(({ action }) => get().runHotkey(action)));
        // The network came back: the phone line should not wait out its reconnect backoff.
        const online = () => void runCommand(get, () => api.line.refresh({}));
        window.addEventListener('online', online);
        unsubscribers.push(() => window.removeEventListener('online', online));
      } catch (error) {
        get().reportError(error);
      }
      void get().loadSnapshot();
      void get().refreshCallLog();
      return () => {
        for (const unsubscribe of unsubscribers) unsubscribe();
      };
    },

    async loadSnapshot() {
      set((state) => ({ app: { ...state.app, status: state.app.revision < 0 ? 'connecting' : state.app.status } }));
      const snapshot = await runCommand(get, () => api.app.snapshot({}));
      if (snapshot) get().receiveSnapshot(snapshot);
      else if (get().app.revision < 0) set((state) => ({ app: { ...state.app, status: 'failed' } }));
    },

    receiveSnapshot(snapshot) {
      // Events and the initial fetch race each other; only a newer revision may replace what we show.
      if (snapshot.revision <= get().app.revision) return;
      const before = get().signIn.view;
      const signedIn = before !== null && needsSignIn(before) && !needsSignIn(snapshot.signIn);
      set((state) => ({
        app: {
          ...state.app,
          status: 'connected',
          revision: snapshot.revision,
          info: snapshot.app,
          // Nothing said before the sign-in (or to the agent before) stays on the new agent's screen.
          notice: needsSignIn(snapshot.signIn) || signedIn ? null : state.app.notice,
        },
        phone: { ...state.phone, ...phoneFromSnapshot(snapshot) },
        agent: { ...state.agent, ...agentFromSnapshot(snapshot) },
        training: { ...state.training, ...trainingFromSnapshot(snapshot) },
        settings: { ...state.settings, ...settingsFromSnapshot(snapshot) },
        sync: { ...state.sync, ...syncFromSnapshot(snapshot) },
        shiftCheck: shiftCheckFromSnapshot(snapshot, state.shiftCheck),
        headset: { ...state.headset, ...headsetFromSnapshot(snapshot) },
        callContext: callContextFromSnapshot(snapshot),
        script: { ...state.script, ...scriptFromSnapshot(snapshot) },
        wrapUp: { ...state.wrapUp, ...wrapUpFromSnapshot(snapshot) },
        forms: { ...state.forms, ...formsFromSnapshot(snapshot, state.forms) },
        callbacks: { ...state.callbacks, ...callbacksFromSnapshot(snapshot) },
        callLists: { ...state.callLists, ...callListsFromSnapshot(snapshot) },
        colleagues: { ...state.colleagues, ...colleaguesFromSnapshot(snapshot) },
        customers: { ...state.customers, importing: snapshot.customerImport, directory: snapshot.customerDirectory },
        signIn: { ...state.signIn, ...signInFromSnapshot(snapshot) },
        queues: { ...state.queues, ...queuesFromSnapshot(snapshot) },
        topics: { ...state.topics, ...topicsFromSnapshot(snapshot) },
        // What the page fetched for the agent before (call log, a search, a call's details) goes with
        // them: the next agent's first page would merge into it, and it would show until that came.
        ...(needsSignIn(snapshot.signIn) ? agentFetched(store.getInitialState()) : {}),
      }));
      // The call log was refused while nobody was signed in ("sign in first"): the agent's own now.
      if (signedIn) void get().refreshCallLog();
      // The directory's entries travel apart from snapshots: fetched when the summary names a new list.
      void get().refreshColleagues();
    },

    reportError(error) {
      get().receiveNotice({ callId: null, message: errorMessage(error), said: errorSaid(error) });
    },

    receiveNotice({ callId, message, said, level }) {
      noticeId += 1;
      const notice = { id: noticeId, message, said: said ?? null, callId, level: level ?? ('error' as const) };
      set((state) => ({ app: { ...state.app, notice } }));
    },

    dismissNotice() {
      set((state) => ({ app: { ...state.app, notice: null } }));
    },
  };
};
