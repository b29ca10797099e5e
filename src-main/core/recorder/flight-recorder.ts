import type { Clock } from '../clock';
import { errorForLog, type Logger } from '../log';
import { Ring, type RingLimits } from './ring';
import { redactSip } from './sip-redact';

/**
 * What a recorder holds: SIP on the wire, the line's state, the media bridge, audio devices,
 * headset buttons, and the per-second call quality samples ('stats', fed by whoever measures them).
 */
export type RecordKind = 'sip' | 'call' | 'line' | 'media' | 'device' | 'headset' | 'stats';

export interface RecordEntry {
  /** Epoch ms. */
  at: number;
  kind: RecordKind;
  /** SIP only: received ('in') or sent ('out'). */
  dir?: 'in' | 'out';
  data: unknown;
}

export interface Recording {
  entries: RecordEntry[];
  /** Entries dropped to keep within the bound. */
  dropped: number;
  /** The entries' size as one JSON array (UTF-8). */
  bytes: number;
}

/** A recording as saved: its entries already as one JSON array. */
export interface SavedRecording {
  entriesJson: string;
  dropped: number;
  bytes: number;
}

/** Where a call's recording is kept with the call (the call_recordings table). */
export interface RecordingStore {
  save(callId: string, recording: SavedRecording, at: number): void;
  load(callId: string): Recording | null;
}

/** 256 KiB and 4000 entries a call: a long call keeps its last minutes and its count of the rest. */
export const CALL_LIMITS: RingLimits = { maxBytes: 256 * 1024, maxEntries: 4000 };
/** REGISTER, OPTIONS and the line's own events, outside any call. */
export const LINE_LIMITS: RingLimits = { maxBytes: 64 * 1024, maxEntries: 500 };

export interface FlightRecorderOptions {
  clock: Clock;
  logger: Logger;
  store: RecordingStore;
  /** The configured secret values (settings marked SECRET): never stored. */
  secrets: () => readonly string[];
  callLimits?: RingLimits;
  lineLimits?: RingLimits;
  /** A call in progress is saved this often, so a crash keeps most of it (default 30 s). */
  saveEveryMs?: number;
  /** After a call ends, what still comes with its Call-ID (the 200 OK to its BYE) is kept this long (default 5 s). */
  lingerMs?: number;
}

/**
 * Entries are kept as their JSON text: the size the bound counts is then what they cost in memory
 * (SIP is ASCII, one byte a character in V8), and saving is a join, not a serialisation of the lot.
 */
interface Live {
  ring: Ring<string>;
  sipCallId: string | null;
  changed: boolean;
  ended: boolean;
}

/**
 * Every call's flight recorder: a bounded ring per call, saved with the call while it goes on and
 * when it ends. SIP messages are told apart by Call-ID; a message comes before its call is known
 * (the INVITE is what makes the call), so messages wait in the line's ring and move to the call's
 * ring when the call begins.
 */
export class FlightRecorder {
  private readonly live = new Map<string, Live>();
  private readonly bySipCallId = new Map<string, string>();
  private readonly line: Ring<string>;
  private readonly callLimits: RingLimits;
  private saveTimer: unknown = null;

  constructor(private readonly options: FlightRecorderOptions) {
    this.callLimits = options.callLimits ?? CALL_LIMITS;
    this.line = new Ring(options.lineLimits ?? LINE_LIMITS);
  }

  get limits(): RingLimits {
    return this.callLimits;
  }

  /** A SIP message as it crossed the wire; credentials and secrets are taken out before it is kept. */
  sip(dir: 'in' | 'out', message: string): void {
    const entry = JSON.stringify({ at: this.options.clock.now(), kind: 'sip', dir, data: redactSip(message, this.options.secrets()) } satisfies RecordEntry);
    const callId = this.bySipCallId.get(sipCallIdOf(message) ?? '');
    const live = callId ? this.live.get(callId) : undefined;
    if (live) this.push(live, entry);
    else this.line.push(entry, Buffer.byteLength(entry));
  }

  /** An event of one call (`callId`), or of the line and so of every call going on (null). */
  note(callId: string | null, kind: RecordKind, data: unknown): void {
    const entry = JSON.stringify({ at: this.options.clock.now(), kind, data } satisfies RecordEntry);
    if (callId === null) {
      this.line.push(entry, Buffer.byteLength(entry));
      for (const live of this.live.values()) if (!live.ended) this.push(live, entry);
      return;
    }
    const live = this.live.get(callId);
    if (live) this.push(live, entry);
  }

  /** An event of the call with this SIP Call-ID (its peer connection's states), or of the line while the call is not known yet. */
  noteSip(sipCallId: string, kind: RecordKind, data: unknown): void {
    const callId = this.bySipCallId.get(sipCallId);
    if (callId) this.note(callId, kind, data);
    else {
      const entry = JSON.stringify({ at: this.options.clock.now(), kind, data: { sipCallId, ...(data as object) } } satisfies RecordEntry);
      this.line.push(entry, Buffer.byteLength(entry));
    }
  }

  /** The call exists now: its ring starts with what the line saw of its Call-ID so far. */
  begin(callId: string, sipCallId: string | null): void {
    if (this.live.has(callId)) return;
    const live: Live = { ring: new Ring(this.callLimits), sipCallId, changed: true, ended: false };
    this.live.set(callId, live);
    if (sipCallId) {
      this.bySipCallId.set(sipCallId, callId);
      const ours = (text: string) => {
        const entry = JSON.parse(text) as RecordEntry;
        return entry.kind === 'sip' ? sipCallIdOf(entry.data as string) === sipCallId : (entry.data as { sipCallId?: string } | null)?.sipCallId === sipCallId;
      };
      for (const entry of this.line.takeWhere(ours)) live.ring.push(entry, Buffer.byteLength(entry));
    }
    this.scheduleSave();
  }

  /** Saved now; kept open a little for the messages that close the dialog, then saved again and let go. */
  end(callId: string): void {
    const live = this.live.get(callId);
    if (!live || live.ended) return;
    live.ended = true;
    this.save(callId, live);
    this.options.clock.setTimeout(() => this.forget(callId), this.options.lingerMs ?? 5000);
  }

  /** A call's recording: from memory while it is kept there, else as saved with the call. */
  recording(callId: string): Recording | null {
    const live = this.live.get(callId);
    if (live) return parsed(live.ring);
    return this.options.store.load(callId);
  }

  /** What the line saw outside calls (registrations, keep-alives, its state changes). */
  lineRecording(): Recording {
    return parsed(this.line);
  }

  /** Saves every call still open (the workstation stops). */
  stop(): void {
    this.options.clock.clearTimeout(this.saveTimer);
    this.saveTimer = null;
    for (const callId of [...this.live.keys()]) this.forget(callId);
  }

  private forget(callId: string): void {
    const live = this.live.get(callId);
    if (!live) return;
    this.save(callId, live);
    this.live.delete(callId);
    if (live.sipCallId && this.bySipCallId.get(live.sipCallId) === callId) this.bySipCallId.delete(live.sipCallId);
  }

  private push(live: Live, entry: string): void {
    live.ring.push(entry, Buffer.byteLength(entry));
    live.changed = true;
  }

  private scheduleSave(): void {
    if (this.saveTimer !== null) return;
    this.saveTimer = this.options.clock.setTimeout(() => {
      this.saveTimer = null;
      for (const [callId, live] of this.live) if (!live.ended) this.save(callId, live);
      if ([...this.live.values()].some((live) => !live.ended)) this.scheduleSave();
    }, this.options.saveEveryMs ?? 30_000);
  }

  private save(callId: string, live: Live): void {
    if (!live.changed) return;
    live.changed = false;
    try {
      const { entries, dropped, bytes } = live.ring.contents();
      this.options.store.save(callId, { entriesJson: `[${entries.join(',')}]`, dropped, bytes }, this.options.clock.now());
    } catch (error) {
      // The call is what matters; its recording is help for support, never a reason to fail.
      this.options.logger.log('warn', "the call's flight recorder could not be saved", { callId, error: errorForLog(error) });
    }
  }
}

/** The Call-ID header's value (or its compact form `i:`), without parsing the rest. */
export function sipCallIdOf(message: string): string | null {
  const match = /\r\n(?:call-id|i)[ \t]*:[ \t]*([^\r\n]+)/i.exec(message);
  return match ? match[1]!.trim() : null;
}

function parsed(ring: Ring<string>): Recording {
  const { entries, dropped, bytes } = ring.contents();
  return { entries: entries.map((text) => JSON.parse(text) as RecordEntry), dropped, bytes };
}
