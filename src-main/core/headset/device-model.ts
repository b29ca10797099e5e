/**
 * One headset as the workstation sees it (reference §3 steps 4–7). Input edges become requests to
 * the app (answer, reject, hang up, mute, flash); the app's call state becomes output reports. The
 * model does no I/O: the adapter hands it raw input reports and gives it a `write` for outputs.
 *
 * - Outputs: a shadow of every output; a report is written whole, and only when its bytes change —
 *   except after a device request, when the state is written back regardless (it acknowledges the
 *   request and re-syncs a refused one).
 * - Acknowledging: a device that asked to go off-hook (or on-hook, or to mute) is shown that state
 *   at once, before the app has acted (reference §5 trace 1: Ring+Off-Hook, then Off-Hook). The
 *   app's next call state replaces it; without one within ACK_TIMEOUT_MS the app's state is
 *   written back, so a refused request does not leave the device disagreeing.
 * - Echo: after the Off-Hook LED changes, hook-switch input is ignored for ECHO_WINDOW_MS. The
 *   device echoes the LED as the hook switch, and some bounce (reference §2 "Echo", GOnnect).
 * - First report: a `state` input has no known value until the device reports it, so its first
 *   value is a baseline. Buttons (`toggle`, `onoff`, `momentary`) rest at 0; a press is a press even
 *   in the first report (the Teams camera's answer in trace 1 is its first report).
 */
import type { Clock } from '../clock';
import { silentLogger, type Logger, errorForLog } from '../log';
import type { HoldPolicy } from './hold-policy';
import { INPUT_NAMES, type InputEncoding, type InputField, type InputName, type OutputName, type TelephonyLayout } from './layout';
import { buildOutputReport, bytesNeeded, outputReportIds, readField, sameBytes, usesReportIds } from './reports';
import type { CallView } from '../../contract';

/** Hook-switch input after an Off-Hook change is the device's echo or bounce, not the agent. */
export const ECHO_WINDOW_MS = 500;
/** How long a device's request is shown acknowledged while the app has not changed the call. */
export const ACK_TIMEOUT_MS = 2000;

/** What the headset asks of the app. `flash`: the app decides — hold, resume or take the waiting call. */
export interface HeadsetRequest {
  kind: 'answer' | 'reject' | 'hangup' | 'toggleMute' | 'flash';
}

/**
 * The app's call state, as far as a headset shows it. `held`: the agent's call is on hold (it may
 * come with `active` or without); `ringing` together with a call is a waiting call.
 */
export interface HeadsetCallState {
  ringing: boolean;
  active: boolean;
  held: boolean;
  muted: boolean;
  waiting?: boolean;
}

export const IDLE_CALL_STATE: Readonly<HeadsetCallState> = Object.freeze({ ringing: false, active: false, held: false, muted: false, waiting: false });

export interface HeadsetModelDeps {
  layout: TelephonyLayout;
  clock: Clock;
  /** Sends one output report: id byte first (0x00 without report ids), as node-hid's `write`. */
  write(report: Uint8Array): void;
  requests: (request: HeadsetRequest) => void;
  /** Default `keepOffHook`; pick with `defaultHoldPolicy(vendorId)`. */
  holdPolicy?: HoldPolicy;
  /** Whether this is the agent's active headset at the start; default true. */
  active?: boolean;
  logger?: Logger;
}

type Phase = 'idle' | 'ringing' | 'active' | 'held';
/** What an input did: a state or on/off control went on or off, or a button was pressed. */
type Edge = 'on' | 'off' | 'press';
/** What the device is shown before the app has acted on its request. */
interface Acknowledged {
  offHook?: boolean;
  muted?: boolean;
}

export class HeadsetModel {
  private readonly layout: TelephonyLayout;
  private readonly holdPolicy: HoldPolicy;
  private readonly logger: Logger;
  private readonly numbered: boolean;
  private readonly outputIds: number[];
  /** Per input report id: its fields in INPUT_NAMES order, and the bytes a report needs. */
  private readonly inputReports = new Map<number, { fields: [InputName, InputField][]; minLength: number }>();

  private state: HeadsetCallState = { ...IDLE_CALL_STATE };
  private attachedNow = false;
  private activeNow: boolean;
  private closed = false;

  private readonly lastInput = new Map<number, Uint8Array>();
  private readonly previous = new Map<InputName, number>();
  private readonly lastWritten = new Map<number, Uint8Array>();
  private writes = 0;
  /** Off-Hook as last written; a device starts on-hook. */
  private commandedOffHook = 0;
  private echoUntil = -Infinity;
  private acknowledged: Acknowledged | null = null;
  private ackTimer: unknown = null;
  /** The pre-shift check: inputs are reported by name instead of acted on, outputs show `lit` only. */
  private probe: { input: (name: InputName) => void; lit: OutputName | null } | null = null;

  constructor(private readonly deps: HeadsetModelDeps) {
    this.layout = deps.layout;
    this.holdPolicy = deps.holdPolicy ?? 'keepOffHook';
    this.logger = deps.logger ?? silentLogger;
    this.activeNow = deps.active ?? true;
    this.numbered = usesReportIds(deps.layout);
    this.outputIds = outputReportIds(deps.layout);
    for (const name of INPUT_NAMES) {
      const field = deps.layout.inputs[name];
      if (!field) continue;
      const entry = this.inputReports.get(field.reportId) ?? { fields: [], minLength: 0 };
      entry.fields.push([name, field]);
      entry.minLength = Math.max(entry.minLength, bytesNeeded(field));
      this.inputReports.set(field.reportId, entry);
    }
  }

  get isAttached(): boolean {
    return this.attachedNow;
  }

  get isActive(): boolean {
    return this.activeNow;
  }

  /** The device is open: its outputs get the current state (idle before any), inputs start afresh. */
  attached(): void {
    this.attachedNow = true;
    this.closed = false;
    this.lastInput.clear();
    this.previous.clear();
    this.lastWritten.clear();
    this.commandedOffHook = 0;
    this.echoUntil = -Infinity;
    this.dropAcknowledged();
    this.sync(true);
  }

  /** The device is gone. Nothing about the call changes; `attached()` restores its outputs. */
  detached(): void {
    this.attachedNow = false;
    this.dropAcknowledged();
  }

  /** The app lets go of the device (quitting, another device chosen): idle outputs, then detached. */
  close(): void {
    if (this.attachedNow) {
      this.closed = true;
      this.sync(true);
    }
    this.detached();
  }

  /** The agent's active headset acts; the others show idle and their input is ignored. */
  setActive(active: boolean): void {
    if (active === this.activeNow) return;
    this.activeNow = active;
    this.dropAcknowledged();
    this.sync(true);
  }

  /** The app's authoritative call state; the outputs follow it. */
  callState(state: HeadsetCallState): void {
    const next = normalize(state);
    if (!sameState(next, this.state)) {
      this.state = next;
      this.dropAcknowledged();
    }
    this.sync(false);
  }

  /**
   * The pre-shift check takes the headset over (`input` non-null): every button is reported by
   * name and asks nothing of the phone, every LED is dark but the one `light` names. `null` gives
   * the headset back to the calls.
   */
  probeMode(input: ((name: InputName) => void) | null): void {
    this.probe = input ? { input, lit: null } : null;
    this.sync(false);
  }

  light(name: OutputName | null): void {
    if (!this.probe) return;
    this.probe.lit = name;
    this.sync(false);
  }

  /**
   * A raw input report as received: id byte first when the device numbers its reports, else the
   * payload. Unknown, short and duplicate reports are ignored.
   */
  input(report: Uint8Array): void {
    if (!this.attachedNow || report.length === 0) return;
    const reportId = this.numbered ? report[0]! : 0;
    const entry = this.inputReports.get(reportId);
    if (!entry || report.length < entry.minLength) return;
    const last = this.lastInput.get(reportId);
    if (last && sameBytes(last, report)) return;
    this.lastInput.set(reportId, Uint8Array.from(report));

    const edges: [InputName, Edge][] = [];
    for (const [name, field] of entry.fields) {
      const value = readField(report, field);
      if (value === undefined) continue;
      const edge = edgeOf(field.encoding, this.previous.get(name), value);
      this.previous.set(name, value);
      if (edge) edges.push([name, edge]);
    }
    if (!this.activeNow || edges.length === 0) return;
    if (this.probe) {
      const { input } = this.probe;
      // A hook switch reports its position: lifting it and putting it back are both "pressed". The
      // device's echo of a lit Off-Hook LED is not the agent.
      for (const [name, edge] of edges) {
        if (name === 'hookSwitch' && this.deps.clock.now() < this.echoUntil) continue;
        if (edge !== 'off' || name === 'hookSwitch') input(name);
      }
      return;
    }

    const writesBefore = this.writes;
    let answered = false;
    for (const [name, edge] of edges) answered = this.handle(name, edge) || answered;
    if (!answered) return;
    // The acknowledgment or the app's new state, if either changed a report; else the state again.
    this.sync(false);
    if (this.writes === writesBefore) this.sync(true);
  }

  /** Acts on one input edge; true when it was a request the device must get an answer to. */
  private handle(name: InputName, edge: Edge): boolean {
    const phase = phaseOf(this.state);
    const inCall = phase === 'active' || phase === 'held';
    switch (name) {
      case 'hookSwitch':
        return this.hook(edge, phase);
      case 'phoneMute': {
        if (!inCall) return true;
        const muted = this.acknowledged?.muted ?? this.state.muted;
        const want = edge === 'press' ? !muted : edge === 'on';
        if (want !== muted) this.request('toggleMute', { muted: want });
        return true;
      }
      case 'flash':
        if (edge === 'off') return false;
        if (inCall) this.request('flash');
        return true;
      case 'reject':
        if (edge === 'off') return false;
        if (phase === 'ringing' || this.state.waiting) this.request('reject');
        return true;
      case 'drop':
        if (edge === 'off') return false;
        if (phase === 'ringing') this.request('reject');
        else if (inCall) this.request('hangup', { offHook: false });
        return true;
      default:
        // redial, lineBusy, speakerPhone: nothing the workstation does with them.
        return false;
    }
  }

  private hook(edge: Edge, phase: Phase): boolean {
    if (this.deps.clock.now() < this.echoUntil) return false;
    // A hook button (not a switch) asks for the opposite of what the device is shown.
    const wantOffHook = edge === 'press' ? this.outputValues().offHook !== 1 : edge === 'on';
    if (wantOffHook) {
      if (phase === 'ringing') this.request('answer', { offHook: true });
      // Poly cleared Off-Hook for the hold; going off-hook again means "back to the call".
      else if (phase === 'held' && this.holdPolicy === 'clearOffHook') this.request('flash', { offHook: true });
    } else {
      if (phase === 'ringing') this.request('reject');
      else if (phase === 'active' || (phase === 'held' && this.holdPolicy === 'keepOffHook')) this.request('hangup', { offHook: false });
      // Held with clearOffHook: hook=0 is the device following the cleared LED, not a hang-up.
    }
    return true;
  }

  private request(kind: HeadsetRequest['kind'], acknowledge?: Acknowledged): void {
    if (acknowledge) {
      this.acknowledged = { ...this.acknowledged, ...acknowledge };
      if (this.ackTimer !== null) this.deps.clock.clearTimeout(this.ackTimer);
      this.ackTimer = this.deps.clock.setTimeout(() => {
        this.ackTimer = null;
        this.acknowledged = null;
        this.sync(false);
      }, ACK_TIMEOUT_MS);
    }
    try {
      this.deps.requests({ kind });
    } catch (error) {
      this.logger.log('error', 'headset request failed', { kind, error: errorForLog(error) });
    }
  }

  private dropAcknowledged(): void {
    this.acknowledged = null;
    if (this.ackTimer !== null) this.deps.clock.clearTimeout(this.ackTimer);
    this.ackTimer = null;
  }

  /** Every output's value now: idle when inactive or closing, else the call state. */
  private outputValues(): Partial<Record<OutputName, number>> {
    if (!this.activeNow || this.closed) return {};
    if (this.probe) {
      const dark: Partial<Record<OutputName, number>> = { offHook: 0, ring: 0, ringer: 0, hold: 0, mute: 0, microphone: 0 };
      return this.probe.lit ? { ...dark, [this.probe.lit]: 1 } : dark;
    }
    const phase = phaseOf(this.state);
    const inCall = phase === 'active' || phase === 'held';
    const offHook = this.acknowledged?.offHook ?? (phase === 'active' || (phase === 'held' && this.holdPolicy === 'keepOffHook'));
    const muted = inCall && (this.acknowledged?.muted ?? this.state.muted);
    return {
      offHook: offHook ? 1 : 0,
      ring: phase === 'ringing' ? 1 : 0,
      ringer: phase === 'ringing' ? 1 : 0,
      hold: phase === 'held' ? 1 : 0,
      mute: muted ? 1 : 0,
      microphone: muted ? 1 : 0,
    };
  }

  /** Writes the reports whose bytes changed, or all of them when `force`. */
  private sync(force: boolean): void {
    if (!this.attachedNow) return;
    const values = this.outputValues();
    const offHookReport = this.layout.outputs.offHook?.reportId;
    for (const reportId of this.outputIds) {
      const bytes = buildOutputReport(this.layout, reportId, values);
      const last = this.lastWritten.get(reportId);
      if (!force && last && sameBytes(last, bytes)) continue;
      try {
        this.deps.write(bytes);
      } catch (error) {
        this.lastWritten.delete(reportId);
        this.logger.log('warn', 'headset output report not written', { reportId, error: errorForLog(error) });
        continue;
      }
      this.lastWritten.set(reportId, bytes);
      this.writes++;
      const offHook = values.offHook ?? 0;
      if (reportId === offHookReport && offHook !== this.commandedOffHook) {
        this.commandedOffHook = offHook;
        this.echoUntil = this.deps.clock.now() + ECHO_WINDOW_MS;
      }
    }
  }
}

/**
 * The headset's view of the agent's calls. A dialing call is off-hook like an active one; a hold
 * shows once the far end confirmed it (`held`) and until it confirmed the resume.
 */
export function headsetCallState(calls: readonly Pick<CallView, 'direction' | 'state' | 'hold' | 'muted'>[]): HeadsetCallState {
  const live = calls.filter((call) => call.state === 'active' || call.state === 'dialing');
  const isHeld = (call: (typeof live)[number]) => call.hold === 'held' || call.hold === 'resuming';
  const current = live.find((call) => !isHeld(call));
  const held = live.find(isHeld);
  const ringing = calls.some((call) => call.state === 'ringing' && call.direction === 'inbound');
  return {
    ringing,
    active: current !== undefined,
    held: current === undefined && held !== undefined,
    muted: (current ?? held)?.muted ?? false,
    waiting: ringing && live.length > 0,
  };
}

function normalize(state: HeadsetCallState): HeadsetCallState {
  const inCall = state.active || state.held;
  return { ringing: state.ringing, active: state.active, held: state.held, muted: state.muted, waiting: Boolean(state.waiting) || (state.ringing && inCall) };
}

function sameState(a: HeadsetCallState, b: HeadsetCallState): boolean {
  return a.ringing === b.ringing && a.active === b.active && a.held === b.held && a.muted === b.muted && a.waiting === b.waiting;
}

/** A call on hold wins over `active`; a ringing call with a call under way is a waiting call. */
function phaseOf(state: HeadsetCallState): Phase {
  if (state.held) return 'held';
  if (state.active) return 'active';
  if (state.ringing) return 'ringing';
  return 'idle';
}

function edgeOf(encoding: InputEncoding, previous: number | undefined, value: number): Edge | undefined {
  switch (encoding) {
    case 'state':
      if (previous === undefined || value === previous) return undefined;
      return value !== 0 ? 'on' : 'off';
    case 'onoff':
      if (value === (previous ?? 0)) return undefined;
      return value > 0 ? 'on' : value < 0 ? 'off' : undefined;
    case 'toggle':
    case 'momentary':
      return (previous ?? 0) === 0 && value !== 0 ? 'press' : undefined;
  }
}
