import type { Database, Statement } from 'better-sqlite3';
import type { AgentState } from '../../contract';

/** One row of the agent log, as the figures read it. */
export interface StateMark {
  state: AgentState;
  previous: AgentState | null;
  at: number;
}

export interface CallTotals {
  /** Calls answered since the start (training line left out). */
  answered: number;
  /** Of those, the ones that ended, and their talk time summed. */
  ended: number;
  talkMs: number;
  /** Wrap-ups finished since the start, and their time from the call's end summed. */
  wrapUps: number;
  wrapUpMs: number;
}

/**
 * What the agent's own figures are counted from: the call log and the agent log of this desk.
 * The indexes on `calls.ring_at` and `agent_states.at` serve both queries, so no new table or
 * index is needed; a day's rows are a few hundred at most.
 */
export class OwnFiguresRepository {
  private readonly calls: Statement<[number, number]>;
  private readonly wrapUps: Statement<[number]>;
  private readonly before: Statement<[number]>;
  private readonly marks: Statement<[number]>;

  constructor(db: Database) {
    this.calls = db.prepare(
      `SELECT COUNT(*) AS answered, COUNT(end_at) AS ended, COALESCE(SUM(end_at - answer_at), 0) AS talkMs
         FROM calls WHERE ring_at >= ? AND answer_at IS NOT NULL AND answer_at >= ? AND line != 'training'`,
    );
    this.wrapUps = db.prepare(
      `SELECT COUNT(*) AS wrapUps, COALESCE(SUM(MAX(wrap_up_at - end_at, 0)), 0) AS wrapUpMs
         FROM calls WHERE wrap_up = 'done' AND wrap_up_at >= ? AND end_at IS NOT NULL AND line != 'training'`,
    );
    // The state the day began in (the last change before it), then every change of the day.
    this.before = db.prepare('SELECT state, previous, at FROM agent_states WHERE at < ? ORDER BY at DESC, id DESC LIMIT 1');
    this.marks = db.prepare('SELECT state, previous, at FROM agent_states WHERE at >= ? ORDER BY at, id');
  }

  callTotals(since: number): CallTotals {
    // A call that rang before midnight and was answered after it counts for the new day.
    const calls = this.calls.get(since - 86_400_000, since) as Pick<CallTotals, 'answered' | 'ended' | 'talkMs'>;
    const wrapUps = this.wrapUps.get(since) as Pick<CallTotals, 'wrapUps' | 'wrapUpMs'>;
    return { ...calls, ...wrapUps };
  }

  stateMarks(since: number): StateMark[] {
    const before = this.before.get(since) as StateMark | undefined;
    const day = this.marks.all(since) as StateMark[];
    return before ? [before, ...day] : day;
  }
}
