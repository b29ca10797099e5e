import type { AgentState, Message } from '../../contract';
import type { Clock } from '../clock';
import { AnlaufError } from '../errors';
import { Emitter } from '../events';

export type ChosenState = 'ready' | 'notReady' | 'offline';

/** The reason a restart or crash gives: the agent comes back not ready and chooses Ready themselves. */
export const RESTARTED_REASON: AgentReason = { code: 'restarted', label: 'Restarted' };

export interface AgentReason {
  code: string;
  label: string;
}

export interface AgentView {
  state: AgentState;
  since: number;
  chosen: ChosenState;
  reason: AgentReason | null;
  declining: boolean;
}

/** What the Dispatcher may ask of the agent's state: the agent's own choice. */
export interface IAgentState {
  setState(state: ChosenState, reasonCode?: string | null): void;
}

/**
 * The agent's availability. The agent chooses ready, not ready (with a reason) or offline; while
 * a call lasts the state is `onCall`, and while an ended call waits for its disposition it is
 * `wrapUp`. A choice made during a call or wrap-up takes effect after them (the agent can say
 * "break after this call"). Every change of what the phone bar shows is reported once, with the
 * time it happened.
 */
export class AgentService implements IAgentState {
  private chosen: ChosenState = 'ready';
  private reason: AgentReason | null = null;
  private onCall = false;
  private wrapUp = false;
  private current: AgentView;
  private readonly changed = new Emitter<{ view: AgentView; previous: AgentState }>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly clock: Clock,
    private readonly reasons: () => readonly AgentReason[] = () => [],
    /** Why Ready is refused now (a required pre-shift check not passed), or null. */
    private readonly readyRefusal: () => Message | null = () => null,
  ) {
    this.current = this.compute(clock.now());
  }

  get view(): AgentView {
    return this.current;
  }

  setState(state: ChosenState, reasonCode?: string | null): void {
    let reason: AgentReason | null = null;
    if (state === 'notReady' && reasonCode) {
      const found = this.reasons().find((r) => r.code === reasonCode);
      if (!found)
        throw new AnlaufError(
          'agent.unknownReason',
          {
            reason: reasonCode,
            reasons: this.reasons()
              .map((r) => r.code)
              .join(', '),
          },
          'invalid',
        );
      reason = { ...found };
    } else if (state !== 'notReady' && reasonCode) {
      throw new AnlaufError('agent.reasonOnlyNotReady', {}, 'invalid');
    }
    const refusal = state === 'ready' ? this.readyRefusal() : null;
    // Refusing changes nothing else: a call under way goes on as it was.
    if (refusal) throw AnlaufError.from(refusal, 'conflict');
    this.chosen = state;
    this.reason = reason;
    this.refresh();
  }

  /**
   * A start after the workstation was used before (a restart, a crash, the next shift): not ready,
   * reason `restarted`, never straight to ready. Not one of IT's reasons, so not offered in the menu.
   */
  cameBack(): void {
    this.chosen = 'notReady';
    this.reason = { ...RESTARTED_REASON };
    this.refresh();
  }

  /** What the calls say: a call is live; an ended call waits for its disposition. */
  activity(onCall: boolean, wrapUp: boolean): void {
    this.onCall = onCall;
    this.wrapUp = wrapUp;
    this.refresh();
  }

  private refresh(): void {
    const next = this.compute(this.clock.now());
    const before = this.current;
    const same =
      next.state === before.state && next.chosen === before.chosen && next.reason?.code === before.reason?.code && next.declining === before.declining;
    if (same) return;
    // `since` moves only when what the phone bar shows changes (state or reason).
    const shownSame = next.state === before.state && next.reason?.code === before.reason?.code;
    this.current = shownSame ? { ...next, since: before.since } : next;
    this.changed.fire({ view: this.current, previous: before.state });
  }

  private compute(now: number): AgentView {
    const state: AgentState = this.onCall ? 'onCall' : this.wrapUp ? 'wrapUp' : this.chosen;
    // Inbound calls go elsewhere while the agent cannot take them; a second call during a call
    // still rings (call waiting) unless the agent already chose to stop taking calls.
    const declining = state === 'wrapUp' || state === 'notReady' || state === 'offline' || (state === 'onCall' && this.chosen !== 'ready');
    return { state, since: now, chosen: this.chosen, reason: state === 'notReady' ? this.reason : null, declining };
  }
}
