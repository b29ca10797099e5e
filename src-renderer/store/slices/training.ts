import type { Snapshot, TrainingView } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { SliceCreator } from '../types';

export type TrainingSlice = {
  training: { view: TrainingView | null; pending: boolean };
  simulateCall: () => Promise<void>;
  startScenario: () => Promise<void>;
  stopScenario: () => Promise<void>;
};

export function trainingFromSnapshot(snapshot: Snapshot): Pick<TrainingSlice['training'], 'view'> {
  return { view: snapshot.training };
}

export const createTrainingSlice: SliceCreator<TrainingSlice> = (api) => (set, get) => {
  const withPending = async (command: () => Promise<unknown>) => {
    set((s) => ({ training: { ...s.training, pending: true } }));
    try {
      await runCommand(get, command);
    } finally {
      set((s) => ({ training: { ...s.training, pending: false } }));
    }
  };
  return {
    training: { view: null, pending: false },
    simulateCall: () => withPending(() => api.training.placeCall({})),
    startScenario: () => withPending(() => api.training.startScenario({})),
    stopScenario: () => withPending(() => api.training.stopScenario({})),
  };
};
