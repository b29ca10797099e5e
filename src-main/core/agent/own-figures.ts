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

type Shown = { state: AgentState; since: number };

/**
 * Time in each state from the agent log: each change lasts until the next one. The log has holes
 * where the app was not running: a change whose `previous` is not the state before it, or a
 * change from before this start of the app, ends at a time the log does not know, so that
 * stretch is not counted. The app logs changes only, so the state it started in (`started`)
 * counts from the start up to its first change, and the state shown now up to `now`.
 */
export function stateMs(marks: readonly StateMark[], dayStart: number, now: number, started: Shown, current: Shown): Record<FigureState, number> {
  const totals: Record<FigureState, number> = { ready: 0, notReady: 0, onCall: 0, wrapUp: 0 };
  const add = (state: AgentState, from: number, to: number) => {
    const span = Math.min(to, now) - Math.max(from, dayStart);
    if (isFigureState(state) && span > 0) totals[state] += span;
  };
  const thisRun = marks.filter((mark) => mark.at >= started.since);
  const firstOfRun = thisRun[0];
  add(started.state, started.since, firstOfRun && firstOfRun.previous === started.state ? firstOfRun.at : firstOfRun ? started.since : now);
  marks.forEach((mark, index) => {
    const next = marks[index + 1];
    if (mark.at < started.since) {
      // Before this start: counted only up to a next change that was made before it too.
      if (next && next.at < started.since && next.previous === mark.state) add(mark.state, mark.at, next.at);
      return;
    }
    if (next) {
      if (next.previous === mark.state) add(mark.state, mark.at, next.at);
    } else if (mark.state === current.state && mark.at === current.since) {
      add(mark.state, mark.at, now);
    }
  });
  return totals;
}

/**
 * The agent's own figures for today, counted again when the call log or the agent's state
 * changed (the Workstation says so) or a new day began, and kept in between: snapshots are many.
 */
export class OwnFiguresService {
  private cached: OwnFigures | null = null;
  /** What the agent showed when the app started: the log has no row for it. */
  private readonly started: Shown;
  /** Recounts at the next midnight, so a desk left open overnight shows the new day at once. */
  private midnight: unknown = null;
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly source: FigureSource,
    private readonly clock: Clock,
    private readonly agent: () => Shown,
  ) {
    this.started = { ...agent() };
  }

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
    const ms = stateMs(this.source.stateMarks(dayStart), dayStart, now, this.started, this.agent());
    const seconds = (value: number) => Math.round(value / 1000);
    this.cached = {
      asOf: now,
      dayStart,
      calls: calls.answered,
      averageTalkSeconds: calls.ended > 0 ? seconds(calls.talkMs / calls.ended) : null,
      averageWrapUpSeconds: calls.wrapUps > 0 ? seconds(calls.wrapUpMs / calls.wrapUps) : null,
      stateSeconds: { ready: seconds(ms.ready), notReady: seconds(ms.notReady), onCall: seconds(ms.onCall), wrapUp: seconds(ms.wrapUp) },
    };
    // A day has 23 to 25 hours where clocks change; the next midnight is the start of the day 25 h on.
    this.midnight ??= this.clock.setTimeout(
      () => {
        this.midnight = null;
        this.invalidate();
      },
      dayStartOf(dayStart + 25 * 3_600_000) - now,
    );
    return this.cached;
  }

  /** Stops the midnight recount (the workstation is stopping). */
  dispose(): void {
    if (this.midnight !== null) this.clock.clearTimeout(this.midnight);
    this.midnight = null;
  }
}
