import type { AgentState, FigureState, OwnFigures } from '../../contract';
import type { Clock } from '../clock';
import { Emitter } from '../events';
import type { CallTotals, StateMark } from '../store/own-figures';

/** Where the figures are counted from (the call log and agent log: `store/own-figures.ts`). */
export interface FigureSource {
  callTotals(since: number): CallTotals;
  stateMarks(since: number): StateMark[];
}

const FIGURE_STATES: readonly FigureState[] = ['ready', 'notReady', 'onCall', 'wrapUp'];

/** Local midnight of the day `at` falls on (the computer's time zone: the agent's working day). */
export function dayStartOf(at: number): number {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

function isFigureState(state: AgentState): state is FigureState {
  return (FIGURE_STATES as readonly string[]).includes(state);
}

/**
 * Time in each state from the agent log: each change lasts until the next one. A next change
 * whose `previous` is not this state means the app was not running in between (the log has a
 * hole), so that stretch is not counted; neither is a state from before the app started that
 * never ended in the log. The state shown now counts from its `since` up to `now`.
 */
export function stateMs(
  marks: readonly StateMark[],
  dayStart: number,
  now: number,
  current: { state: AgentState; since: number },
): Record<FigureState, number> {
  const totals: Record<FigureState, number> = { ready: 0, notReady: 0, onCall: 0, wrapUp: 0 };
  const add = (state: AgentState, from: number, to: number) => {
    const span = Math.min(to, now) - Math.max(from, dayStart);
    if (isFigureState(state) && span > 0) totals[state] += span;
  };
  marks.forEach((mark, index) => {
    const next = marks[index + 1];
    if (next) {
      if (next.previous === mark.state) add(mark.state, mark.at, next.at);
    } else if (mark.state !== current.state || mark.at !== current.since) {
      // The last change is not what is shown now: the app started since, in a state it did not log.
      add(current.state, current.since, now);
    } else {
      add(mark.state, mark.at, now);
    }
  });
  if (marks.length === 0) add(current.state, current.since, now);
  return totals;
}

/**
 * The agent's own figures for today, counted again when the call log or the agent's state
 * changed (the Workstation says so) or a new day began, and kept in between: snapshots are many.
 */
export class OwnFiguresService {
  private cached: OwnFigures | null = null;
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly source: FigureSource,
    private readonly clock: Clock,
    private readonly agent: () => { state: AgentState; since: number },
  ) {}

  /** A call or the agent's state changed: the next view counts afresh. */
  invalidate(): void {
    this.cached = null;
    this.changed.fire();
  }

  view(): OwnFigures {
    const now = this.clock.now();
    const dayStart = dayStartOf(now);
    if (this.cached && this.cached.dayStart === dayStart) return this.cached;
    const calls = this.source.callTotals(dayStart);
    const ms = stateMs(this.source.stateMarks(dayStart), dayStart, now, this.agent());
    const seconds = (value: number) => Math.round(value / 1000);
    this.cached = {
      asOf: now,
      dayStart,
      calls: calls.answered,
      averageTalkSeconds: calls.ended > 0 ? seconds(calls.talkMs / calls.ended) : null,
      averageWrapUpSeconds: calls.wrapUps > 0 ? seconds(calls.wrapUpMs / calls.wrapUps) : null,
      stateSeconds: { ready: seconds(ms.ready), notReady: seconds(ms.notReady), onCall: seconds(ms.onCall), wrapUp: seconds(ms.wrapUp) },
    };
    return this.cached;
  }
}
