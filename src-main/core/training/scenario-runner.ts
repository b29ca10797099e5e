import type { TrainingView } from '../../contract';
import type { Clock } from '../clock';
import { Emitter } from '../events';
import type { Scenario, ScenarioCall } from './scenario';
import type { TrainingCallSpec } from './training-line';

export interface ScenarioRunnerDeps {
  clock: Clock;
  /** Places a call on the training line. */
  place(spec: TrainingCallSpec): void;
  /** Like an ACD: a call is only routed to an agent who is ready and free. */
  agentAvailable(): boolean;
  ringMsDefault(): number;
}

export function specFromScenarioCall(call: ScenarioCall, ringMsDefault: number): TrainingCallSpec {
  return {
    remoteNumber: call.caller,
    remoteName: call.callerName ?? null,
    dialedNumber: call.dialed ?? null,
    ivr: call.ivr,
    talkMs: call.talkSeconds === undefined ? null : Math.round(call.talkSeconds * 1000),
    ringMs: call.ringSeconds === undefined ? ringMsDefault : Math.round(call.ringSeconds * 1000),
  };
}

/** What the Dispatcher may ask of the training scenario: start it and stop it. */
export interface IScenarioControl {
  start(): void;
  stop(): void;
}

/**
 * Plays a scenario on the training line: each call rings `delaySeconds` after the scenario
 * started or after the previous call ended, and only when the agent is ready and free.
 */
export class ScenarioRunner implements IScenarioControl {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private running = false;
  private index = 0;
  private placed = 0;
  private timer: unknown = null;
  private due = false;
  /** Round-robin position for single "simulate a call" presses. */
  private manualIndex = 0;

  constructor(
    private scenario: Scenario,
    private readonly deps: ScenarioRunnerDeps,
  ) {}

  view(): TrainingView {
    return {
      scenarioName: this.scenario.name,
      scenarioCalls: this.scenario.calls.length,
      running: this.running,
      placed: this.placed,
    };
  }

  /** The next call for a manual "simulate call" press: the scenario's calls in turn. */
  nextManualCall(): ScenarioCall {
    const call = this.scenario.calls[this.manualIndex % this.scenario.calls.length];
    this.manualIndex++;
    if (!call) throw new Error('a scenario has at least one call');
    return call;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.index = 0;
    this.placed = 0;
    this.schedule();
    this.changed.fire();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    this.due = false;
    this.changed.fire();
  }

  /** Tell the runner that the agent's availability may have changed (a call ended, state changed). */
  availabilityChanged(): void {
    if (!this.running) return;
    if (this.due) {
      this.tryPlace();
    } else if (this.timer === null && this.deps.agentAvailable()) {
      this.schedule();
    }
  }

  private schedule(): void {
    const call = this.scenario.calls[this.index];
    if (!call) {
      if (this.scenario.loop) {
        this.index = 0;
        this.schedule();
      } else {
        this.stop();
      }
      return;
    }
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      this.due = true;
      this.tryPlace();
    }, call.delaySeconds * 1000);
  }

  private tryPlace(): void {
    if (!this.deps.agentAvailable()) return;
    const call = this.scenario.calls[this.index];
    if (!call) return;
    this.due = false;
    this.index++;
    this.placed++;
    this.deps.place(specFromScenarioCall(call, this.deps.ringMsDefault()));
    this.changed.fire();
    // The next call is scheduled once this one has ended (availabilityChanged).
  }
}
