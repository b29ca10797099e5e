import {
  colleagueDirectoryDocumentSchema,
  type ColleagueCallState,
  type ColleagueChanges,
  type ColleagueList,
  type ColleagueEntry,
  type ColleaguePresence,
  type ColleaguesView,
  type ColleagueView,
} from '../../contract';
import { backoffDelay } from '../backoff';
import type { Clock } from '../clock';
import { Emitter, type IDisposable } from '../events';
import { errorForLog, type Logger } from '../log';
import type { SipEventChannel } from '../phone/sip/sip-events';
import { readDialogInfo } from './dialog-info';
import { readPidf } from './pidf';
import { PIDF } from './presence-publisher';

const DIALOG_INFO = 'application/dialog-info+xml';
/**
 * A subscription the server ended is asked for again after this long, unless it said when; each
 * further end in a row doubles it (with jitter) up to half an hour, so a server that refuses
 * presence is not asked 400 times a minute.
 */
const RESUBSCRIBE_MS = 30_000;
const RESUBSCRIBE_CAP_MS = 30 * 60_000;
const FETCH_TIMEOUT_MS = 10_000;

export type DirectoryGet = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface ColleagueSettings {
  directory: ColleagueEntry[];
  directoryUrl: string | null;
  directoryRefreshMinutes: number;
  subscribeMax: number;
  subscribeExpiresSeconds: number;
}

/** What the Dispatcher may ask of the colleague directory: its entries, and which the agent sees now. */
export interface IColleagues {
  show(ids: readonly string[]): void;
  list(): ColleagueList;
}

interface Live {
  presence: ColleaguePresence;
  note: string | null;
  call: ColleagueCallState;
  since: number | null;
}

interface Watch {
  presence: IDisposable | null;
  dialog: IDisposable | null;
  retry: unknown;
}

const UNKNOWN: Live = { presence: 'unknown', note: null, call: 'unknown', since: null };

type Entry = ColleagueEntry & { id: string; target: string };

/**
 * The last revision any directory in this process gave its list. One counter for all, so the
 * next agent's directory on a shared desk never names its list as the previous agent's did and
 * a page cannot take one for the other.
 */
let lastRevision = 0;

/**
 * Colleagues and specialists (IT's settings, then a directory URL), each with their live presence
 * (SUBSCRIBE presence, PIDF) and call state (SUBSCRIBE dialog, RFC 4235: BLF). Only so many are
 * watched at once (`subscribeMax`): those on the agent's screen first, then the directory's order.
 * Every subscription ends with stop() (the agent signs out or the app quits).
 */
export class ColleagueDirectory implements IColleagues {
  private fromUrl: ColleagueEntry[] = [];
  private entries: Entry[] = [];
  private byId = new Map<string, Entry>();
  /** Names the list of entries (not their live state): a page fetches the list again when it changes. */
  private revision = 0;
  private readonly live = new Map<string, Live>();
  private readonly watches = new Map<string, Watch>();
  /** How many times in a row each colleague's subscription ended without a NOTIFY between. */
  private readonly failures = new Map<string, number>();
  private shown: string[] = [];
  private source: ColleaguesView['source'] = null;
  private loadTimer: unknown = null;
  private stopped = false;
  private readonly changed = new Emitter<void>();
  /** The list (a new revision) or the URL's source changed: what the snapshot's summary shows. */
  readonly onDidChange = this.changed.event;
  private readonly entriesChanged = new Emitter<ColleagueChanges>();
  /** Entries whose live state or watch changed, coalesced per tick; never for a new list (see onDidChange). */
  readonly onDidChangeEntries = this.entriesChanged.event;
  /** Ids changed this tick, sent together once the tick is over. */
  private readonly pending = new Set<string>();
  /** How many batches of changes went out (a page finds a gap by it). */
  private seq = 0;
  private registration: IDisposable | null = null;
  /** The entries' views, rebuilt only when something changed (each `colleagues:list` reads it). */
  private cached: ColleagueView[] | null = null;

  constructor(
    private readonly options: {
      channel: SipEventChannel | null;
      clock: Clock;
      logger: Logger;
      settings: () => ColleagueSettings;
      get?: DirectoryGet;
    },
  ) {
    this.rebuild();
  }

  start(): void {
    const channel = this.options.channel;
    if (channel) {
      this.registration = channel.onDidRegister(() => {
        // Registered (again): the server may have restarted and forgotten every subscription.
        this.unwatchAll();
        this.reconcile();
      });
    }
    this.reconcile();
    void this.load();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.options.clock.clearTimeout(this.loadTimer);
    this.registration?.dispose();
    this.unwatchAll();
  }

  show(ids: readonly string[]): void {
    this.shown = [...ids];
    this.reconcile();
  }

  /** IT's settings changed: the entries from them, and the URL's, anew. */
  settingsChanged(): void {
    this.rebuild();
    this.reconcile();
    void this.load();
  }

  /** Every entry with its live state, in the directory's order. */
  view(): ColleagueView[] {
    return (this.cached ??= this.entries.map((entry) => this.entryView(entry)));
  }

  list(): ColleagueList {
    return { revision: this.revision, seq: this.seq, entries: this.view() };
  }

  /** What every snapshot carries of the directory (the agent's own publication is the publisher's). */
  summary(): Omit<ColleaguesView, 'published'> {
    return { revision: this.revision, count: this.entries.length, source: this.source };
  }

  private entryView(entry: Entry): ColleagueView {
    const live = this.live.get(entry.id) ?? UNKNOWN;
    return {
      id: entry.id,
      name: entry.name,
      uri: entry.target,
      client: entry.client,
      skills: entry.skills,
      languages: entry.languages,
      presence: live.presence,
      note: live.note,
      call: live.call,
      watched: this.watches.has(entry.id),
      since: live.since,
    };
  }

  /** An entry's live state or watch changed: it goes out with the others of this tick. */
  private entryChanged(id: string): void {
    this.cached = null;
    if (this.pending.size === 0) queueMicrotask(() => this.sendChanges());
    this.pending.add(id);
  }

  private sendChanges(): void {
    const entries = [...this.pending].flatMap((id) => {
      const entry = this.byId.get(id);
      return entry ? [this.entryView(entry)] : [];
    });
    this.pending.clear();
    if (entries.length && !this.stopped) this.entriesChanged.fire({ revision: this.revision, seq: ++this.seq, entries });
  }

  /** How many colleagues are watched now (tests, the benchmark). */
  get watchedCount(): number {
    return this.watches.size;
  }

  private rebuild(): void {
    const seen = new Set<string>();
    const own = this.options.channel?.ownUri ?? null;
    const domain = own?.split('@')[1]?.split(/[;?>]/)[0] ?? null;
    const entries: Entry[] = [];
    for (const entry of [...this.options.settings().directory, ...this.fromUrl]) {
      const target = entry.uri.startsWith('sip') ? entry.uri : domain ? `sip:${entry.uri}@${domain}` : entry.uri;
      const id = `${entry.client ?? '*'}|${target.toLowerCase()}`;
      if (seen.has(id)) continue;
      seen.add(id);
      entries.push({ ...entry, id, target });
    }
    // The URL read again every few minutes mostly says the same: the pages keep their copy then.
    if (this.revision !== 0 && JSON.stringify(entries) === JSON.stringify(this.entries)) {
      this.changed.fire();
      return;
    }
    this.entries = entries;
    this.byId = new Map(entries.map((e) => [e.id, e]));
    for (const id of this.live.keys()) if (!this.byId.has(id)) this.live.delete(id);
    this.revision = ++lastRevision;
    // Changes of the old list's entries are in the new list a page fetches.
    this.pending.clear();
    this.cached = null;
    this.changed.fire();
  }

  /** Watches the entries shown first, then the directory's order, up to the cap; ends the rest. */
  private reconcile(): void {
    if (this.stopped) return;
    const channel = this.options.channel;
    const max = this.options.settings().subscribeMax;
    const wanted = new Set<string>();
    if (channel?.registered) {
      for (const id of this.shown) if (wanted.size < max && this.byId.has(id)) wanted.add(id);
      for (const entry of this.entries) if (wanted.size < max) wanted.add(entry.id);
    }
    // Each entry watched or no longer watched goes out as changed; scrolling among colleagues
    // already watched changes nothing to announce.
    for (const id of [...this.watches.keys()]) if (!wanted.has(id)) this.unwatch(id);
    for (const id of wanted) if (!this.watches.has(id)) this.watch(id);
  }

  private watch(id: string): void {
    const channel = this.options.channel;
    const entry = this.byId.get(id);
    if (!channel || !entry) return;
    const expires = this.options.settings().subscribeExpiresSeconds;
    const w: Watch = { presence: null, dialog: null, retry: null };
    this.watches.set(id, w);
    this.entryChanged(id);
    const ended = (what: string) => (reason: string, retryAfter: number | null) => {
      if (this.watches.get(id) !== w) return;
      this.options.logger.log('info', 'a colleague subscription ended', { colleague: entry.target, event: what, reason });
      this.update(id, what === 'presence' ? { presence: 'unknown', note: null } : { call: 'unknown' });
      this.options.clock.clearTimeout(w.retry);
      const attempt = this.failures.get(id) ?? 0;
      this.failures.set(id, attempt + 1);
      w.retry = this.options.clock.setTimeout(
        () => {
          if (this.watches.get(id) !== w) return;
          this.unwatch(id);
          this.reconcile();
        },
        retryAfter !== null ? retryAfter * 1000 : backoffDelay(attempt, Math.random, RESUBSCRIBE_MS, RESUBSCRIBE_CAP_MS),
      );
    };
    try {
      w.presence = channel.subscribe(entry.target, 'presence', PIDF, expires, {
        notify: (body) => {
          try {
            const read = readPidf(body);
            this.update(id, { presence: read.presence, note: read.note });
          } catch (error) {
            this.options.logger.log('warn', 'a presence NOTIFY could not be read', { colleague: entry.target, error: errorForLog(error) });
          }
        },
        // Nobody published for this colleague: offline until they do.
        active: () => {
          if ((this.live.get(id) ?? UNKNOWN).presence === 'unknown') this.update(id, { presence: 'offline', note: null });
        },
        ended: ended('presence'),
      });
      w.dialog = channel.subscribe(entry.target, 'dialog', DIALOG_INFO, expires, {
        notify: (body) => {
          try {
            this.update(id, { call: readDialogInfo(body) });
          } catch (error) {
            this.options.logger.log('warn', 'a dialog NOTIFY could not be read', { colleague: entry.target, error: errorForLog(error) });
          }
        },
        // No call listed: the phone is idle.
        active: () => {
          if ((this.live.get(id) ?? UNKNOWN).call === 'unknown') this.update(id, { call: 'idle' });
        },
        ended: ended('dialog'),
      });
    } catch (error) {
      this.options.logger.log('warn', 'a colleague could not be subscribed to', { colleague: entry.target, error: errorForLog(error) });
    }
  }

  private unwatch(id: string): void {
    const w = this.watches.get(id);
    if (!w) return;
    this.watches.delete(id);
    this.options.clock.clearTimeout(w.retry);
    w.presence?.dispose();
    w.dialog?.dispose();
    this.live.delete(id);
    this.entryChanged(id);
  }

  private unwatchAll(): void {
    for (const id of [...this.watches.keys()]) this.unwatch(id);
  }

  private update(id: string, change: Partial<Live>): void {
    if (change.presence !== 'unknown' && change.call !== 'unknown') this.failures.delete(id);
    const before = this.live.get(id) ?? UNKNOWN;
    const next = { ...before, ...change };
    if (next.presence === before.presence && next.note === before.note && next.call === before.call) return;
    this.live.set(id, { ...next, since: this.options.clock.now() });
    this.entryChanged(id);
  }

  /** Reads the directory URL (and again every `directoryRefreshMinutes`); a failure keeps the last good list. */
  private async load(): Promise<void> {
    const { clock, logger } = this.options;
    clock.clearTimeout(this.loadTimer);
    const settings = this.options.settings();
    const url = settings.directoryUrl;
    if (!url) {
      if (this.fromUrl.length || this.source) {
        this.fromUrl = [];
        this.source = null;
        this.rebuild();
        this.reconcile();
      }
      return;
    }
    const get: DirectoryGet = this.options.get ?? ((u, init) => fetch(u, init));
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
    try {
      const response = await get(url, { signal: controller.signal, headers: { accept: 'application/json' } });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      const parsed = colleagueDirectoryDocumentSchema.safeParse(JSON.parse(await response.text()));
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      if (this.stopped) return;
      this.fromUrl = parsed.data.colleagues;
      this.source = { url, loadedAt: clock.now(), error: null };
      logger.log('info', 'colleague directory loaded', { url, entries: this.fromUrl.length });
      this.rebuild();
      this.reconcile();
    } catch (error) {
      if (this.stopped) return;
      const message = error instanceof Error ? error.message : 'unreadable';
      logger.log('warn', 'the colleague directory URL could not be read; the last good list stays', { url, error: errorForLog(error) });
      this.source = { url, loadedAt: this.source?.url === url ? this.source.loadedAt : null, error: message };
      this.changed.fire();
    } finally {
      clearTimeout(timeout);
    }
    if (!this.stopped) this.loadTimer = clock.setTimeout(() => void this.load(), settings.directoryRefreshMinutes * 60_000);
  }
}
