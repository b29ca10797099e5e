import type { Database, Statement } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { AgentState } from '../../contract';
import { OutboxRepository } from './outbox';

export interface AgentStateChange {
  id: string;
  state: AgentState;
  previous: AgentState | null;
  at: number;
  /** Why the agent is not ready (a code from settings, and its label then). */
  reason: string | null;
  reasonLabel: string | null;
}

/** Why a shift ended: the agent signed out, or the server refused their password mid-shift. */
export type SignOutReason = 'agent' | 'credentialsRefused';

export interface AgentSessionEvent {
  id: string;
  agentId: string;
  event: 'signIn' | 'signOut';
  at: number;
  /** For a sign-out: why; for a sign-in: `restored` when a restart signed the agent in again. */
  reason: SignOutReason | 'restored' | null;
}

/** Every change of the agent's state, and every sign-in and sign-out, written locally first with its outbox record. */
export class AgentLogRepository {
  private readonly insert: Statement;
  private readonly record: (change: AgentStateChange) => void;

  constructor(
    private readonly db: Database,
    private readonly outbox = new OutboxRepository(db),
  ) {
    this.insert = db.prepare(
      'INSERT INTO agent_states (id, state, previous, at, reason, reason_label) VALUES (@id, @state, @previous, @at, @reason, @reasonLabel)',
    );
    this.record = db.transaction((change: AgentStateChange) => {
      this.insert.run(change);
      this.outbox.enqueue('agent.state', change.id, change, change.at);
    });
  }

  recordChange(state: AgentState, previous: AgentState | null, at: number, reason: { code: string; label: string } | null = null): AgentStateChange {
    const change: AgentStateChange = { id: uuidv7(), state, previous, at, reason: reason?.code ?? null, reasonLabel: reason?.label ?? null };
    this.record(change);
    return change;
  }

  /** A sign-in or sign-out on a shared desk (signIn.mode agent). */
  recordSession(agentId: string, event: AgentSessionEvent['event'], at: number, reason: AgentSessionEvent['reason'] = null): AgentSessionEvent {
    const record: AgentSessionEvent = { id: uuidv7(), agentId, event, at, reason };
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO agent_sessions (id, agent_id, event, at, reason) VALUES (@id, @agentId, @event, @at, @reason)').run(record);
      this.outbox.enqueue('agent.session', record.id, record, record.at);
    })();
    return record;
  }

  /**
   * Whether this agent's desk was worked at before this run: a state change, a sign-in, a queue
   * change or a call on record. A start that finds one is a restart (the agent comes back not ready).
   */
  workedBefore(): boolean {
    return (
      this.db
        .prepare(
          `SELECT EXISTS (SELECT 1 FROM agent_states) OR EXISTS (SELECT 1 FROM agent_sessions)
             OR EXISTS (SELECT 1 FROM queue_events) OR EXISTS (SELECT 1 FROM calls) AS worked`,
        )
        .pluck()
        .get() === 1
    );
  }

  sessions(limit = 50): AgentSessionEvent[] {
    return this.db
      .prepare('SELECT id, agent_id AS agentId, event, at, reason FROM agent_sessions ORDER BY at DESC, id DESC LIMIT ?')
      .all(limit) as AgentSessionEvent[];
  }

  recent(limit = 50): AgentStateChange[] {
    return (
      this.db.prepare('SELECT * FROM agent_states ORDER BY at DESC, id DESC LIMIT ?').all(limit) as (Omit<AgentStateChange, 'reasonLabel'> & {
        reason_label: string | null;
      })[]
    ).map(({ reason_label, ...row }) => ({ ...row, reasonLabel: reason_label }));
  }
}
