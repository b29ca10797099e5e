import type { ShiftCheckAnswer, ShiftCheckView, Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { AnlaufState, SliceCreator } from '../types';

/** The pre-shift check ("Check my workstation"): main's view of it, and its dialog. */
export type ShiftCheckSlice = {
  shiftCheck: {
    view: ShiftCheckView | null;
    open: boolean;
    /** The agent put the dialog away: it does not open by itself again this session. */
    dismissed: boolean;
  };
  openShiftCheck: () => void;
  startShiftCheck: () => Promise<void>;
  answerShiftCheck: (answer: ShiftCheckAnswer) => Promise<void>;
  closeShiftCheck: () => Promise<void>;
};

/**
 * The check's dialog opens by itself when IT requires the check and it is due (the start of a
 * shift), and whenever a run is under way (started in another window); the agent can put it away.
 */
export function shiftCheckFromSnapshot(snapshot: Snapshot, current: AnlaufState['shiftCheck']): AnlaufState['shiftCheck'] {
  const view = snapshot.shiftCheck;
  const running = view.run?.state === 'running';
  const autoOpen = (view.due && !current.dismissed) || (running && current.view?.run?.state !== 'running');
  return { ...current, view, open: current.open || autoOpen };
}

export const createShiftCheckSlice: SliceCreator<ShiftCheckSlice> = (api) => (set, get) => ({
  shiftCheck: { view: null, open: false, dismissed: false },
  openShiftCheck() {
    set((s) => ({ shiftCheck: { ...s.shiftCheck, open: true } }));
  },
  async startShiftCheck() {
    await runCommand(get, () => api.shiftCheck.start({}));
  },
  async answerShiftCheck(answer) {
    await runCommand(get, () => api.shiftCheck.answer(answer));
  },
  async closeShiftCheck() {
    const run = get().shiftCheck.view?.run;
    set((s) => ({ shiftCheck: { ...s.shiftCheck, open: false, dismissed: true } }));
    // A run under way stops; a finished one is put away in main too.
    if (run) await runCommand(get, () => api.shiftCheck.close({}));
  },
});
