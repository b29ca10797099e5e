import { said, type Message, type QueueView } from '../../contract';
import type { QueueSettings, QueuesSettings } from '../../contract/settings';
import type { Clock } from '../clock';
import { AnlaufError } from '../errors';
import { Emitter } from '../events';
import { errorForLog, type Logger } from '../log';
import type { QueueEventKind, QueueLogRepository } from '../store/queue-log';
import type { QueueMemberState, QueuePort } from './queue-port';
import { agentSkills, pausedBy, servableQueues } from './queue-rules';

/** What the Dispatcher may ask of the queues: the agent logs in and out. */
export interface IQueues {
  login(queueId: string): Promise<void>;
  logout(queueId: string): Promise<void>;
}

type Chosen = 'ready' | 'notReady' | 'offline';

interface Entry {
  /** What the agent chose (logged in) and what their state makes of it (paused). */
  member: QueueMemberState;
  /** What the server has, as far as the last answer said. */
  server: QueueMemberState;
  sync: QueueView['sync'];
  problem: Message | null;
}

export interface QueueServiceDeps {
  settings: () => { queues: QueuesSettings; skills: readonly string[] };
  /** The signed-in agent's ID on a shared desk; null on a personal desk. */
  agentId: () => string | null;
  /** The adapter for `queues.adapter`, or null when it cannot work here (no SIP line). */
  port: () => QueuePort | null;
  log: QueueLogRepository;
  clock: Clock;
  logger: Logger;
  /** The agent's own choice now, and its not-ready reason code. */
  agent: () => { chosen: Chosen; reason: string | null };
}

const OUT: QueueMemberState = { loggedIn: false, paused: false };

/**
 * The agent's queues: which they serve (logged in, by skill), and whether they are paused there
 * because they are not ready. Every change is written to the agent's database with its outbox
 * record before the server hears of it, so a restart or crash brings the queues back as they
 * were; the server is then brought to that state through the queue port, one change at a time.
 */
export class QueueService implements IQueues {
  private readonly entries = new Map<string, Entry>();
  private queue: Promise<void> = Promise.resolve();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: QueueServiceDeps) {}

  /**
   * Takes up the queues as the last run left them. Paused ones stay paused; ones that were not get
   * paused now when the agent comes back not ready (logged with the reason, `restarted`).
   */
  start(): void {
    const port = this.deps.port();
    const { chosen, reason } = this.deps.agent();
    for (const membership of this.deps.log.memberships()) {
      const before: QueueMemberState = { loggedIn: true, paused: membership.paused };
      const entry: Entry = { member: before, server: port?.keepsStateAcrossRestart ? before : OUT, sync: 'pending', problem: null };
      this.entries.set(membership.queueId, entry);
      const paused = pausedBy(chosen);
      if (paused !== membership.paused)
        this.change(membership.queueId, entry, { loggedIn: true, paused }, paused ? 'pause' : 'unpause', paused ? reason : null);
    }
    this.dropUnservable();
    for (const id of this.entries.keys()) void this.reconcile(id).catch(() => undefined);
    this.changed.fire();
  }

  views(): QueueView[] {
    return this.servable().map((queue) => {
      const entry = this.entries.get(queue.id);
      return {
        id: queue.id,
        name: queue.name,
        client: queue.client,
        campaign: queue.campaign,
        skill: queue.skill,
        loggedIn: entry?.member.loggedIn ?? false,
        paused: entry?.member.paused ?? false,
        sync: entry?.sync ?? 'done',
        problem: entry?.problem ?? null,
      };
    });
  }

  async login(queueId: string): Promise<void> {
    const queue = this.servableQueue(queueId);
    if (!this.deps.port()) throw new AnlaufError('queues.noSipLine', {}, 'conflict');
    const entry = this.entry(queue.id);
    if (entry.member.loggedIn) return this.settled();
    const { chosen, reason } = this.deps.agent();
    this.change(queue.id, entry, { loggedIn: true, paused: false }, 'login', null);
    // Logged in while not ready: in the queue, and paused at once, with the reason.
    if (pausedBy(chosen)) this.change(queue.id, entry, { loggedIn: true, paused: true }, 'pause', reason);
    this.changed.fire();
    return this.reconcile(queue.id);
  }

  async logout(queueId: string): Promise<void> {
    const entry = this.entries.get(queueId);
    if (!entry?.member.loggedIn) {
      if (!this.deps.settings().queues.list.some((q) => q.id === queueId)) throw new AnlaufError('queues.unknown', { queue: queueId }, 'not-found');
      return;
    }
    this.change(queueId, entry, OUT, 'logout', null);
    this.changed.fire();
    return this.reconcile(queueId);
  }

  /** The agent's own choice changed: not ready or offline pauses every queue, ready ends the pause. */
  agentChanged(): void {
    const { chosen, reason } = this.deps.agent();
    const paused = pausedBy(chosen);
    let any = false;
    for (const [id, entry] of this.entries) {
      if (!entry.member.loggedIn || entry.member.paused === paused) continue;
      this.change(id, entry, { loggedIn: true, paused }, paused ? 'pause' : 'unpause', paused ? reason : null);
      void this.reconcile(id).catch(() => undefined);
      any = true;
    }
    if (any) this.changed.fire();
  }

  /** IT's settings changed (a queue gone, a skill taken away): such queues are logged out. */
  settingsChanged(): void {
    if (this.dropUnservable()) this.changed.fire();
  }

  /** The line is registered again: what the server refused or never got is sent once more. */
  retryFailed(): void {
    for (const [id, entry] of this.entries) if (entry.sync === 'failed') void this.reconcile(id).catch(() => undefined);
  }

  /** Resolves when every change asked for so far was answered (tests, the benchmark). */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private servable(): QueueSettings[] {
    const { queues, skills } = this.deps.settings();
    return servableQueues(queues, agentSkills(queues, skills, this.deps.agentId()));
  }

  private servableQueue(queueId: string): QueueSettings {
    const { queues } = this.deps.settings();
    const queue = queues.list.find((q) => q.id === queueId);
    if (!queue) throw new AnlaufError('queues.unknown', { queue: queueId }, 'not-found');
    if (!this.servable().some((q) => q.id === queueId)) throw new AnlaufError('queues.notYourSkill', { queue: queue.name, skill: queue.skill }, 'conflict');
    return queue;
  }

  private entry(queueId: string): Entry {
    let entry = this.entries.get(queueId);
    if (!entry) {
      entry = { member: OUT, server: OUT, sync: 'done', problem: null };
      this.entries.set(queueId, entry);
    }
    return entry;
  }

  /** Logs out of every queue the agent may no longer serve; says whether there was one. */
  private dropUnservable(): boolean {
    const servable = new Set(this.servable().map((q) => q.id));
    let any = false;
    for (const [id, entry] of this.entries) {
      if (servable.has(id) || !entry.member.loggedIn) continue;
      this.change(id, entry, OUT, 'logout', 'notServable');
      void this.reconcile(id).catch(() => undefined);
      any = true;
    }
    return any;
  }

  private change(queueId: string, entry: Entry, to: QueueMemberState, event: QueueEventKind, reason: string | null): void {
    entry.member = to;
    entry.sync = 'pending';
    entry.problem = null;
    try {
      this.deps.log.record({ queueId, ...to }, event, this.deps.clock.now(), reason);
    } catch (error) {
      this.deps.logger.log('error', 'a queue change could not be saved', { queueId, event, error: errorForLog(error) });
    }
    this.deps.logger.log('info', `queue ${event}`, { queueId, reason });
  }

  /** Brings the server to the agent's choice for this queue; changes go out one at a time, in order. */
  private reconcile(queueId: string): Promise<void> {
    const run = this.queue.then(() => this.applyNow(queueId));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(queueId: string): Promise<void> {
    const entry = this.entries.get(queueId);
    if (!entry) return;
    const queue = this.deps.settings().queues.list.find((q) => q.id === queueId);
    const port = this.deps.port();
    const target = entry.member;
    if (!queue || !port) {
      // Nothing to tell (the queue is gone from the settings, or no line): what is recorded stays.
      entry.server = target;
      entry.sync = 'done';
      this.changed.fire();
      return;
    }
    try {
      await port.apply(queue, entry.server, target);
      entry.server = target;
      if (entry.member === target) {
        entry.sync = 'done';
        entry.problem = null;
      }
      if (!target.loggedIn && !entry.member.loggedIn) this.entries.delete(queueId);
    } catch (error) {
      if (entry.member === target) {
        entry.sync = 'failed';
        entry.problem = error instanceof AnlaufError ? error.said : said('queues.serverRefused', { address: queue.address, detail: (error as Error).message });
      }
      this.deps.logger.log('warn', 'the queue server did not take a change', { queueId, error: errorForLog(error) });
      throw error;
    } finally {
      this.changed.fire();
    }
  }
}
