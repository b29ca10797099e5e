import type { AgentState, FigureState, OwnFigures } from '../../../src-main/contract';
import type { AnlaufState } from '../types';

export const selectOwnFigures = (state: AnlaufState) => state.agent.figures;

const FIGURE_STATES: readonly string[] = ['ready', 'notReady', 'onCall', 'wrapUp'] satisfies FigureState[];

/** Time in each state at `now`: main's count at `asOf`, and the state shown since then running on. */
export function liveStateSeconds(figures: OwnFigures, state: AgentState | null, now: number): OwnFigures['stateSeconds'] {
  const seconds = { ...figures.stateSeconds };
  if (state !== null && FIGURE_STATES.includes(state)) seconds[state as FigureState] += Math.max(0, Math.floor((now - figures.asOf) / 1000));
  return seconds;
}
