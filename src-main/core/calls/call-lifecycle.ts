import type { CallView } from '../../contract';
import type { CallPurpose } from './call-context-service';

/** What the coordinator needs of each service; each is a slice of the real one, so a test can watch the order. */
export interface CallLifecycleSteps {
  phone: { currentCalls(): CallView[]; hasCall(): boolean };
  wrapUp: { callsChanged(calls: readonly CallView[], purposeOf: (callId: string) => CallPurpose | null): void; readonly waiting: boolean };
  contexts: { callsChanged(calls: readonly CallView[]): void; purposeOf(callId: string): CallPurpose | null };
  /** Starts each new call's script and records whom the call is for. */
  scripts: { callsChanged(calls: readonly CallView[]): void };
  agent: { activity(onCall: boolean, wrapUp: boolean): void };
  shiftCheck: { busyChanged(busy: boolean): void };
  audio: { callsChanged(calls: readonly CallView[]): void };
  headsets: { callsChanged(calls: CallView[]): void } | null;
  /** The renderers' snapshot is due (coalesced by the caller). */
  stateChanged(): void;
  scenario: { availabilityChanged(): void };
  links: { check(): void };
}

/**
 * The one place that orders the services when the agent's calls change or a wrap-up ends. The
 * order matters, so it is code here (and tested in call-lifecycle.test.ts), not a comment in the
 * composition root.
 */
export class CallLifecycle {
  constructor(private readonly steps: CallLifecycleSteps) {}

  /** A call began, changed state or ended. */
  callsChanged(): void {
    const { phone, wrapUp, contexts } = this.steps;
    const calls = phone.currentCalls();
    // The wrap-up learns of ended calls before their context is dropped, and of new calls' purpose after.
    wrapUp.callsChanged(calls, (id) => contexts.purposeOf(id));
    contexts.callsChanged(calls);
    wrapUp.callsChanged(calls, (id) => contexts.purposeOf(id));
    this.steps.scripts.callsChanged(calls);
    this.steps.agent.activity(this.talking(), wrapUp.waiting);
    this.steps.shiftCheck.busyChanged(phone.hasCall() || wrapUp.waiting);
    this.steps.audio.callsChanged(phone.currentCalls());
    this.steps.headsets?.callsChanged(phone.currentCalls());
    this.steps.stateChanged();
    this.steps.scenario.availabilityChanged();
    // Last: a link waiting for the call must see the wrap-up the call's end just opened.
    this.steps.links.check();
  }

  /** A wrap-up opened or was given its disposition: the agent's state follows, then a waiting link. */
  wrapUpChanged(): void {
    this.steps.agent.activity(this.talking(), this.steps.wrapUp.waiting);
    this.steps.stateChanged();
    this.steps.links.check();
  }

  /** A call is in progress (dialling, talking or held); a call that only rings leaves the agent's state alone. */
  private talking(): boolean {
    return this.steps.phone.currentCalls().some((call) => call.state !== 'ringing');
  }
}
