import type { AgentState } from '../../contract';
import type { Clock } from '../clock';
import { Listeners } from '../events';

/** The agent's availability. Later issues add wrap-up, breaks and reasons. */
export class AgentService {
  private current: { state: AgentState; since: number };
  readonly changed = new Listeners<void>();

  constructor(private readonly clock: Clock) {
    this.current = { state: 'ready', since: clock.now() };
  }

  get view(): { state: AgentState; since: number } {
    return this.current;
  }

  setState(state: AgentState): void {
    if (state === this.current.state) return;
    this.current = { state, since: this.clock.now() };
    this.changed.emit();
  }
}
