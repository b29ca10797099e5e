import path from 'node:path';
import { said, type Message, type TopicProblem, type TopicView, type TopicsView } from '../../contract';
import { topicInWindow, topicsForCall } from '../../shared/topics';
import type { Clock } from '../clock';
import { AnlaufError } from '../errors';
import { Emitter } from '../events';
import { errorForLog, type Logger } from '../log';
import type { TopicRepository } from '../store/call-topics';
import { checkTopicFile, type TopicEntry, type TopicFileResult } from './topic-file';

/** What the Dispatcher may ask of current topics. */
export interface ITopics {
  /** The agent opened a topic on a call (the banner's key or click): recorded with the call. */
  open(callId: string, topicId: string): void;
}

export interface TopicSettings {
  fromBackend: boolean;
  refreshMinutes: number;
  openKeys: string;
  /** The backend (`sync.url`, `sync.token`); no url: no backend. */
  syncUrl: string | null;
  token: string | null;
  timeoutMs: number;
  /** The clients the settings know (checked in files; the clients this desk serves). */
  clients: { id: string; name: string }[];
}

export type TopicsGet = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface TopicServiceDeps {
  repo: TopicRepository;
  clock: Clock;
  logger: Logger;
  settings: () => TopicSettings;
  get: TopicsGet;
  /** Tells the agent: a file not taken, a new important topic. */
  notice: (said: Message, level?: 'info') => void;
}

/** A call as the topics see it: for whom, and whether it is still on the desk. */
export interface TopicCall {
  id: string;
  client: string | null;
  campaign: string | null;
  /** Still ringing: its shown topics are written once no call rings (see `callsLater`). */
  ringing?: boolean;
}

const BACKEND = 'backend';
/** A boundary further away than this is looked at again then (timers of weeks drift and overflow). */
const MAX_WAIT_MS = 6 * 60 * 60 * 1000;
const FILE_PREFIX = 'file:';
/** The longest shown topics wait to be written while a call rings. */
const WRITE_DELAY_MS = 30_000;

/**
 * Current topics per client from the topics folder and the backend: each file and the backend's
 * answer checked as scripts are (a broken one keeps its last good version, also across restarts),
 * a version per topic, a timer to the next start or end so topics appear and disappear on time,
 * what each call showed and opened, and a high-priority topic announced once per desk.
 */
export class TopicService implements ITopics {
  private readonly changed = new Emitter<void>();
  /** The topics or their problems changed, or a window opened or closed. */
  readonly onDidChange = this.changed.event;
  private readonly recorded = new Emitter<string[]>();
  /** The calls whose record of shown or opened topics changed (for the call log's event and the sync). */
  readonly onDidRecord = this.recorded.event;
  /** Topics noted as shown and not written yet, per call, with when (see `callsLater`). */
  private readonly pending = new Map<string, { topics: TopicView[]; at: number }[]>();
  private writeTimer: unknown = null;

  private readonly files = new Map<string, TopicEntry[]>();
  private backend: TopicEntry[] = [];
  private readonly problems = new Map<string, TopicProblem[]>();
  private clashes: TopicProblem[] = [];
  private merged: TopicView[] = [];
  private boundaryTimer: unknown = null;
  private refreshTimer: unknown = null;
  private refreshing: Promise<void> | null = null;
  private etag: string | null = null;
  /** The last refresh's failure (a status, `unreachable`), so the log says each once. */
  private lastFailure: string | null = null;
  /** Per current call: its client, the topic ids recorded as shown, those opened. */
  private readonly calls = new Map<string, { client: string | null; shown: Set<string>; opened: string[] }>();
  private started = false;
  private stopped = false;

  constructor(private readonly deps: TopicServiceDeps) {}

  /**
   * The last good sources of the previous run first, so a start without the backend or with a
   * broken file shows what it showed; then `readFolder` reads the folder (reporting each file to
   * `fileChanged`) and says which files it found, or null when it could not be read (a share that
   * is down keeps the files of the last run).
   */
  start(readFolder: () => readonly string[] | null): void {
    for (const { source, body } of this.deps.repo.sources(FILE_PREFIX)) {
      const file = source.slice(FILE_PREFIX.length);
      const result = this.check(body, file);
      if (result.ok) this.files.set(file, result.topics);
    }
    const cached = this.deps.repo.source(BACKEND);
    if (cached) {
      const result = this.check(cached.body, BACKEND);
      if (result.ok) {
        this.backend = result.topics;
        this.etag = cached.etag;
      }
    }
    const found = readFolder();
    if (found) for (const file of [...this.files.keys()]) if (!found.includes(file)) this.fileChanged(file, null);
    this.started = true;
    this.rebuild();
    void this.refresh();
  }

  stop(): void {
    this.writeShown();
    this.stopped = true;
    this.deps.clock.clearTimeout(this.boundaryTimer);
    this.deps.clock.clearTimeout(this.refreshTimer);
  }

  /** A file of the folder was read (text null: removed). Problems keep its last good version. */
  fileChanged(file: string, text: string | null, error?: string): void {
    const name = path.basename(file);
    if (text === null && !error) {
      this.files.delete(file);
      this.problems.delete(file);
      this.deps.repo.dropSource(FILE_PREFIX + file);
      if (this.started) this.rebuild();
      return;
    }
    const result: TopicFileResult =
      text === null ? { ok: false, problems: [{ file, line: 1, col: 1, message: `the file cannot be read (${error ?? 'unknown'})` }] } : this.check(text, file);
    if (result.ok) {
      this.problems.delete(file);
      this.files.set(file, result.topics);
      this.deps.repo.keepSource(FILE_PREFIX + file, text ?? '', null, this.deps.clock.now());
      this.deps.logger.log('info', `topics ${name}: ${result.topics.length} topic(s)`);
    } else {
      this.problems.set(file, result.problems);
      this.report(name, result.problems);
    }
    if (this.started) this.rebuild();
  }

  /** Asks the backend (when there is one) and plans the next time. */
  refresh(): Promise<void> {
    this.refreshing ??= this.fetchBackend().finally(() => {
      this.refreshing = null;
      if (!this.stopped) {
        this.deps.clock.clearTimeout(this.refreshTimer);
        this.refreshTimer = this.deps.clock.setTimeout(() => void this.refresh(), this.deps.settings().refreshMinutes * 60_000);
      }
    });
    return this.refreshing;
  }

  private async fetchBackend(): Promise<void> {
    const settings = this.deps.settings();
    if (!settings.fromBackend || !settings.syncUrl) return;
    const url = `${settings.syncUrl.replace(/\/+$/, '')}/v1/topics`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (settings.token) headers.authorization = `Bearer ${settings.token}`;
    if (this.etag) headers['if-none-match'] = this.etag;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), settings.timeoutMs);
    try {
      const response = await this.deps.get(url, { method: 'GET', headers, signal: abort.signal });
      if (response.status === 304) return;
      const body = await response.text();
      if (response.status !== 200) {
        // Once per kind of failure, not every refresh: a backend without topics answers 404 all day.
        if (this.lastFailure !== String(response.status))
          this.deps.logger.log('warn', 'the backend did not give current topics; the last good answer stays', { url, status: response.status });
        this.lastFailure = String(response.status);
        return;
      }
      this.lastFailure = null;
      const result = this.check(body, BACKEND);
      if (!result.ok) {
        // The same broken answer every refresh is told once, not every few minutes.
        const known = JSON.stringify(this.problems.get(BACKEND)) === JSON.stringify(result.problems);
        this.problems.set(BACKEND, result.problems);
        if (!known) {
          this.report(url, result.problems);
          this.rebuild();
        }
        return;
      }
      this.problems.delete(BACKEND);
      this.backend = result.topics;
      this.etag = response.headers.get('etag');
      this.deps.repo.keepSource(BACKEND, body, this.etag, this.deps.clock.now());
      this.rebuild();
    } catch (error) {
      if (!this.stopped && this.lastFailure !== 'unreachable')
        this.deps.logger.log('warn', 'the backend cannot be reached for current topics; the last good answer stays', { url, error: errorForLog(error) });
      this.lastFailure = 'unreachable';
    } finally {
      clearTimeout(timer);
    }
  }

  private check(text: string, file: string): TopicFileResult {
    try {
      return checkTopicFile(text, file, { clients: this.deps.settings().clients.map((c) => c.id) });
    } catch (error) {
      this.deps.logger.log('error', 'a topics file could not be checked', { file, error: errorForLog(error) });
      return { ok: false, problems: [{ file, line: 1, col: 1, message: 'Anlauf could not check this file; please send it to IT' }] };
    }
  }

  private report(name: string, problems: readonly TopicProblem[]): void {
    const lines = problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`);
    this.deps.logger.log('warn', 'a topics file has problems; its last good version stays', { problems: lines });
    const shown = lines.slice(0, 5).join('; ');
    const more = lines.length - 5;
    this.deps.notice(
      more > 0 ? said('topics.notLoadedMore', { file: name, problems: shown, more }) : said('topics.notLoaded', { file: name, problems: shown }),
    );
  }

  /** Folder before backend; within the folder, files in name order. A clash is a problem of the later one. */
  private rebuild(): void {
    const now = this.deps.clock.now();
    const byKey = new Map<string, { topic: TopicEntry; source: TopicView['source']; where: string }>();
    const clashes: TopicProblem[] = [];
    const take = (topic: TopicEntry, source: TopicView['source'], where: string) => {
      const key = `${topic.client}\u0000${topic.id}`;
      const first = byKey.get(key);
      if (first) {
        clashes.push({
          file: where,
          line: topic.line,
          col: topic.col,
          message: `topic ${topic.id} of client ${topic.client} is also in ${first.where}; that one is shown`,
        });
        return;
      }
      byKey.set(key, { topic, source, where });
    };
    for (const file of [...this.files.keys()].sort()) for (const topic of this.files.get(file) ?? []) take(topic, 'folder', path.basename(file));
    for (const topic of this.backend) take(topic, 'backend', 'the backend (GET /v1/topics)');
    if (clashes.length && JSON.stringify(clashes) !== JSON.stringify(this.clashes))
      this.deps.logger.log('warn', 'topics with the same client and id in two places', {
        problems: clashes.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`),
      });
    this.clashes = clashes;
    this.merged = [...byKey.values()].map(({ topic, source }) => ({
      id: topic.id,
      client: topic.client,
      version: this.deps.repo.versionOf(topic, now),
      title: topic.title,
      priority: topic.priority,
      from: topic.from,
      until: topic.until,
      campaigns: topic.campaigns,
      text: topic.text,
      source,
    }));
    this.windowsChanged();
  }

  /** Announces what became active, plans the next boundary, tells listeners. */
  private windowsChanged(): void {
    const now = this.deps.clock.now();
    this.announce(now);
    this.deps.clock.clearTimeout(this.boundaryTimer);
    let next = Number.POSITIVE_INFINITY;
    for (const t of this.merged) {
      if (t.from !== null && t.from > now) next = Math.min(next, t.from);
      if (t.until !== null && t.until > now) next = Math.min(next, t.until);
    }
    if (Number.isFinite(next) && !this.stopped) this.boundaryTimer = this.deps.clock.setTimeout(() => this.windowsChanged(), Math.min(next - now, MAX_WAIT_MS));
    this.changed.fire();
  }

  /**
   * A high-priority topic in its window for a client this desk serves is announced once: the row
   * outlives restarts, and a new version of it is the same topic (a corrected typo must not ring
   * every desk again; the banner shows the new text anyway).
   */
  private announce(now: number): void {
    const clients = this.deps.settings().clients;
    for (const topic of this.merged) {
      if (topic.priority !== 'high' || !topicInWindow(topic, now)) continue;
      const client = clients.find((c) => c.id === topic.client);
      if (clients.length && !client) continue;
      try {
        if (this.deps.repo.announceOnce(topic.client, topic.id, now))
          this.deps.notice(said('topics.newHighPriority', { title: topic.title, client: client?.name ?? topic.client }), 'info');
      } catch (error) {
        this.deps.logger.log('error', 'a topic could not be announced', { topic: topic.id, error: errorForLog(error) });
      }
    }
  }

  /** The topics in their window now. */
  active(): TopicView[] {
    const now = this.deps.clock.now();
    return this.merged.filter((t) => topicInWindow(t, now));
  }

  /** The topics a call shows now, in the banner's order. */
  forCall(call: { client: string | null; campaign: string | null }): TopicView[] {
    return topicsForCall(this.active(), call);
  }

  /** The calls on the desk changed, or their client, or the topics: records at once what each shows; returns the calls whose record changed. */
  callsChanged(calls: readonly TopicCall[]): string[] {
    this.noteCalls(calls);
    return this.writeShown();
  }

  /**
   * The calls changed: what each shows now is noted at once (with this moment as when it was
   * shown) and written once no call rings any more (answered, rejected, missed), or after
   * WRITE_DELAY_MS of ringing. The write is durable (an fsync): while a call rings it would sit on
   * the path of its snapshot, screen-pop and banner. `open` and `stop` write first.
   */
  callsLater(calls: readonly TopicCall[]): void {
    this.noteCalls(calls);
    if (!this.pending.size || this.stopped) return;
    const ringing = calls.some((call) => call.ringing);
    this.deps.clock.clearTimeout(this.writeTimer);
    this.writeTimer = this.deps.clock.setTimeout(
      () => {
        this.writeTimer = null;
        const recorded = this.writeShown();
        if (recorded.length) this.recorded.fire(recorded);
      },
      ringing ? WRITE_DELAY_MS : 0,
    );
  }

  private noteCalls(calls: readonly TopicCall[]): void {
    const now = this.deps.clock.now();
    const current = new Set(calls.map((c) => c.id));
    for (const id of [...this.calls.keys()]) if (!current.has(id) && !this.pending.has(id)) this.calls.delete(id);
    for (const call of calls) {
      let state = this.calls.get(call.id);
      if (!state || state.client !== call.client) {
        state = { client: call.client, shown: new Set(), opened: state?.opened ?? [] };
        this.calls.set(call.id, state);
      }
      const fresh = this.forCall(call).filter((t) => !state.shown.has(`${t.client}\u0000${t.id}`));
      if (!fresh.length) continue;
      for (const t of fresh) state.shown.add(`${t.client}\u0000${t.id}`);
      const waiting = this.pending.get(call.id) ?? [];
      waiting.push({ topics: fresh, at: now });
      this.pending.set(call.id, waiting);
    }
  }

  private writeShown(): string[] {
    this.deps.clock.clearTimeout(this.writeTimer);
    this.writeTimer = null;
    const recorded: string[] = [];
    for (const [callId, batches] of this.pending) {
      try {
        for (const batch of batches) this.deps.repo.recordShown(callId, batch.topics, batch.at);
        recorded.push(callId);
      } catch (error) {
        this.deps.logger.log('error', "a call's topics could not be recorded", { callId, error: errorForLog(error) });
      }
    }
    this.pending.clear();
    return recorded;
  }

  open(callId: string, topicId: string): void {
    const written = this.writeShown();
    if (written.length) this.recorded.fire(written);
    const state = this.calls.get(callId);
    const client = state?.client ?? null;
    const topic = this.merged.find((t) => t.client === client && t.id === topicId);
    if (!state || !client || !topic || !state.shown.has(`${client}\u0000${topicId}`)) throw new AnlaufError('topics.notOnCall', { topic: topicId }, 'invalid');
    if (this.deps.repo.recordOpened(callId, client, topicId, this.deps.clock.now())) this.recorded.fire([callId]);
    state.opened = [...state.opened.filter((id) => id !== topicId), topicId];
    this.changed.fire();
  }

  view(): TopicsView {
    const opened: Record<string, string[]> = {};
    for (const [id, state] of this.calls) if (state.opened.length) opened[id] = state.opened;
    return {
      active: this.active(),
      opened,
      problems: [...[...this.problems.values()].flat(), ...this.clashes],
      openKeys: this.deps.settings().openKeys,
    };
  }
}
