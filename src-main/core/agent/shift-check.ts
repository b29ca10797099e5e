/**
 * The pre-shift check ("Check my workstation"): before going Ready, the agent's microphone,
 * speakers, headset, network and an echo call are tried, one item after the other, and the agent
 * answers where only a person can tell (a tone heard, an LED seen). IT's policy decides whether it
 * is offered or required (then Ready is refused until it passed, for the app's run or the day).
 * Each finished run is kept in the store and logged as one structured line.
 */
import {
  said,
  type LineView,
  type Message,
  type NetworkProbe,
  type Settings,
  type ShiftCheckAnswer,
  type ShiftCheckItem,
  type ShiftCheckItemId,
  type ShiftCheckRecord,
  type ShiftCheckView,
} from '../../contract';
import type { Clock } from '../clock';
import { AnlaufError } from '../errors';
import { Emitter } from '../events';
import { errorForLog, type Logger } from '../log';
import type { HeadsetProbe } from '../headset/headset-service';
import type { InputName } from '../headset/layout';
import type { QuietCall } from '../phone/sip/sip-line';
import { probeIceServers, realStun, sipProbe, type StunPort } from './shift-check-network';
import {
  ECHO_ANSWER_MS,
  ECHO_LEVEL,
  ECHO_LISTEN_MS,
  ECHO_READINGS,
  ECHO_SILENCE_MS,
  ECHO_SILENT,
  isDue,
  LevelWatch,
  LEVEL_POLL_MS,
  MIC_LISTEN_MS,
  micFailure,
  passedOf,
  SPEECH_LEVEL,
  SPEECH_READINGS,
} from './shift-check-rules';

/** The order the items run in: automatic first, then what needs the agent, the echo call last. */
const ORDER: readonly ShiftCheckItemId[] = ['network', 'microphone', 'speaker', 'ring', 'headset', 'echo'];
/** How long the network item waits for a line that is still registering. */
const REGISTER_WAIT_MS = 10_000;

/** What the check needs of the media end (the bridge, with the agent's device choices applied). */
export interface ShiftCheckMedia {
  readonly isAttached: boolean;
  /** The agent's microphone, opened for the check. */
  openMicrophone(): Promise<{ trackId: string; stop(): void }>;
  level(trackId: string): Promise<number | null>;
  /** The test tone on the call's speaker or the ring device; false when it could not play. */
  playTone(device: 'speaker' | 'ring'): Promise<boolean>;
}

export interface ShiftCheckDeps {
  clock: Clock;
  logger: Logger;
  settings(): Pick<Settings, 'shiftCheck' | 'sip'>;
  store: { record(run: ShiftCheckRecord): void; lastShiftChecks(n: number): ShiftCheckRecord[] };
  media: ShiftCheckMedia;
  line(): LineView;
  /** The SIP line for the echo call, when there is one. */
  sip(): { quietCall(target: string): Promise<QuietCall> } | null;
  headset: { probe(pressed: (name: InputName) => void): HeadsetProbe | null } | null;
  stun?: StunPort;
  /** When the app started (a check "per app start" counts from here). */
  appStartedAt: number;
}

type Outcome = Pick<ShiftCheckItem, 'status' | 'reason' | 'detail'>;
type Run = NonNullable<ShiftCheckView['run']>;

class Interrupted extends Error {}

/** One run's plumbing: the agent's answers, skips, and being stopped. */
class RunControl {
  stopped = false;
  readonly skips = new Set<ShiftCheckItemId>();
  private pending: { accept(answer: ShiftCheckAnswer): boolean; resolve(answer: ShiftCheckAnswer): void } | null = null;
  private stopListeners = new Set<() => void>();

  /** The next answer `accept` takes (or a skip of `item`). */
  ask(item: ShiftCheckItemId, accept: (answer: ShiftCheckAnswer) => boolean): Promise<ShiftCheckAnswer> {
    if (this.skips.has(item)) return Promise.resolve({ kind: 'skip', item });
    return this.guard(
      new Promise((resolve) => {
        this.pending = { accept: (a) => (a.kind === 'skip' ? a.item === item : accept(a)), resolve };
      }),
    );
  }

  /** Drops an ask nobody waits for any more (the buttons were all pressed first). */
  unask(): void {
    this.pending = null;
  }

  deliver(answer: ShiftCheckAnswer): boolean {
    if (answer.kind === 'skip') this.skips.add(answer.item);
    const pending = this.pending;
    if (!pending || !pending.accept(answer)) return answer.kind === 'skip';
    this.pending = null;
    pending.resolve(answer);
    return true;
  }

  stop(): void {
    this.stopped = true;
    for (const listener of this.stopListeners) listener();
  }

  /** `promise`, or Interrupted as soon as the run is stopped. */
  guard<T>(promise: Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new Interrupted());
    return new Promise<T>((resolve, reject) => {
      const onStop = () => reject(new Interrupted());
      this.stopListeners.add(onStop);
      promise.then(resolve, reject).finally(() => this.stopListeners.delete(onStop));
    });
  }
}

/** What the Dispatcher may ask of the pre-shift check: start it, take the agent's answers, close it. */
export interface IShiftCheck {
  start(busy: boolean): void;
  answer(answer: ShiftCheckAnswer): void;
  close(): void;
}

export class ShiftCheck implements IShiftCheck {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private run: Run | null = null;
  private control: RunControl | null = null;
  private last: { at: number; passed: boolean } | null;
  private lastPassedAt: number | null;
  private seq = 0;

  constructor(private readonly deps: ShiftCheckDeps) {
    const kept = deps.store.lastShiftChecks(50);
    this.last = kept[0] ? { at: kept[0].finishedAt, passed: kept[0].passed } : null;
    this.lastPassedAt = kept.find((run) => run.passed)?.finishedAt ?? null;
  }

  /** Required and not passed in this period (since the app started, or today). */
  get due(): boolean {
    const { mode, every } = this.deps.settings().shiftCheck;
    return isDue(mode, every, this.lastPassedAt, this.deps.appStartedAt, this.deps.clock.now());
  }

  view(): ShiftCheckView {
    return { mode: this.deps.settings().shiftCheck.mode, due: this.due, run: this.run ? structuredClone(this.run) : null, last: this.last };
  }

  /** Why Ready is refused now, in the agent's words; null when it is not. */
  readyRefusal(): Message | null {
    if (!this.due) return null;
    return said('shiftCheck.requiredBeforeReady', {});
  }

  /** Starts a run; `busy`: a call or its wrap-up is under way (the check would take its microphone). */
  start(busy: boolean): void {
    if (this.deps.settings().shiftCheck.mode === 'off') throw new AnlaufError('shiftCheck.off', {}, 'conflict');
    if (this.run?.state === 'running') throw new AnlaufError('shiftCheck.running', {}, 'conflict');
    if (busy) throw new AnlaufError('shiftCheck.busy', {}, 'conflict');
    const wanted = new Set(this.deps.settings().shiftCheck.items);
    const now = this.deps.clock.now();
    this.run = {
      id: `check-${now.toString(36)}-${(++this.seq).toString(36)}`,
      state: 'running',
      startedAt: now,
      finishedAt: null,
      items: ORDER.filter((id) => wanted.has(id)).map((id) => ({ id, status: 'pending', reason: null, detail: null })),
      micLevel: null,
      headset: null,
      network: [],
      passed: null,
    };
    const control = new RunControl();
    this.control = control;
    this.emit();
    void this.execute(this.run, control);
  }

  answer(answer: ShiftCheckAnswer): void {
    if (!this.control || this.run?.state !== 'running') throw new AnlaufError('shiftCheck.notRunning', {}, 'conflict');
    if (!this.control.deliver(answer)) throw new AnlaufError('shiftCheck.notWaiting', {}, 'conflict');
  }

  /** Stops a run under way (kept as not passed), or puts a finished one away. */
  close(): void {
    if (this.run?.state === 'running') {
      this.control?.stop();
      return;
    }
    this.run = null;
    this.emit();
  }

  /** A call started (or wrap-up began): a run under way stops at once; the call comes first. */
  busyChanged(busy: boolean): void {
    if (busy && this.run?.state === 'running') this.control?.stop();
  }

  /** Stops a run under way (the workstation stops). */
  stop(): void {
    this.control?.stop();
  }

  private emit(): void {
    this.changed.fire();
  }

  private async execute(run: Run, control: RunControl): Promise<void> {
    for (const item of run.items) {
      if (control.stopped) break;
      item.status = 'running';
      this.emit();
      let outcome: Outcome;
      try {
        outcome = await this.step(item, run, control);
      } catch (error) {
        if (error instanceof Interrupted) break;
        this.deps.logger.log('warn', 'a workstation check item failed', { item: item.id, error: errorForLog(error) });
        outcome = { status: 'fail', reason: 'error', detail: (error as Error).message?.slice(0, 300) ?? String(error) };
      }
      Object.assign(item, outcome);
      this.emit();
    }
    for (const item of run.items) {
      if (item.status === 'pass' || item.status === 'fail' || item.status === 'skipped') continue;
      Object.assign(item, { status: 'skipped', reason: 'interrupted', detail: null });
    }
    run.micLevel = null;
    if (run.headset) run.headset.lit = null;
    run.state = 'done';
    run.finishedAt = this.deps.clock.now();
    run.passed = passedOf(run.items);
    this.finish(run);
    if (this.control === control) this.control = null;
    this.emit();
  }

  private finish(run: Run): void {
    const record: ShiftCheckRecord = {
      id: run.id,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt ?? run.startedAt,
      passed: run.passed === true,
      items: run.items,
      network: run.network,
    };
    this.last = { at: record.finishedAt, passed: record.passed };
    if (record.passed) this.lastPassedAt = record.finishedAt;
    // One line with everything, for whoever reads the log (and the support bundle's store copy).
    this.deps.logger.log(record.passed ? 'info' : 'warn', 'workstation check', {
      checkId: record.id,
      passed: record.passed,
      startedAt: new Date(record.startedAt).toISOString(),
      seconds: Math.round((record.finishedAt - record.startedAt) / 100) / 10,
      items: Object.fromEntries(record.items.map((item) => [item.id, item.reason ? `${item.status}:${item.reason}` : item.status])),
      network: record.network.map((probe) => ({ kind: probe.kind, target: probe.target, ok: probe.ok, method: probe.method, rttMs: probe.rttMs })),
    });
    try {
      this.deps.store.record(record);
    } catch (error) {
      this.deps.logger.log('error', 'the workstation check result could not be saved', { error: errorForLog(error) });
    }
  }

  private step(item: ShiftCheckItem, run: Run, control: RunControl): Promise<Outcome> {
    switch (item.id) {
      case 'network':
        return this.network(run, control);
      case 'microphone':
        return this.microphone(item, run, control);
      case 'speaker':
      case 'ring':
        return this.tone(item, control, item.id);
      case 'headset':
        return this.headset(item, run, control);
      case 'echo':
        return this.echo(item, control);
    }
  }

  private sleep(control: RunControl, ms: number): Promise<void> {
    return control.guard(new Promise((resolve) => this.deps.clock.setTimeout(resolve, ms)));
  }

  private async network(run: Run, control: RunControl): Promise<Outcome> {
    const { sip } = this.deps.settings();
    const hasSip = Boolean(sip.websocketUrl && sip.uri);
    const probes: NetworkProbe[] = [];
    if (hasSip) {
      const deadline = this.deps.clock.now() + REGISTER_WAIT_MS;
      // Just started or reconnecting: give the line its moment before calling it unreachable.
      while (['registering', 'reconnecting'].includes(this.deps.line().status) && this.deps.clock.now() < deadline) await this.sleep(control, 200);
      probes.push(sipProbe(this.deps.line(), sip));
    }
    probes.push(...(await control.guard(probeIceServers(sip.iceServers, this.deps.stun ?? realStun))));
    run.network = probes;
    if (probes.length === 0) return { status: 'skipped', reason: 'notApplicable', detail: 'no SIP account and no STUN/TURN servers configured' };
    const failed = probes.find((probe) => !probe.ok);
    if (!failed) return { status: 'pass', reason: 'ok', detail: null };
    const reason = failed.kind === 'sip' ? 'notRegistered' : failed.kind === 'turn' && failed.method === 'allocation' ? 'turnRefused' : 'stunFailed';
    return { status: 'fail', reason, detail: `${failed.target}: ${failed.detail ?? 'failed'}`.slice(0, 300) };
  }

  private async microphone(item: ShiftCheckItem, run: Run, control: RunControl): Promise<Outcome> {
    if (!this.deps.media.isAttached) return { status: 'fail', reason: 'noDevice', detail: 'the media end is not connected' };
    let mic: { trackId: string; stop(): void };
    try {
      mic = await control.guard(this.deps.media.openMicrophone());
    } catch (error) {
      if (error instanceof Interrupted) throw error;
      return { status: 'fail', reason: 'noDevice', detail: String((error as Error).message ?? error).slice(0, 300) };
    }
    try {
      item.status = 'waiting';
      this.emit();
      const watch = new LevelWatch(SPEECH_LEVEL, SPEECH_READINGS);
      let measured = false;
      const deadline = this.deps.clock.now() + MIC_LISTEN_MS;
      while (this.deps.clock.now() < deadline) {
        if (control.skips.has('microphone')) return { status: 'skipped', reason: 'skippedByAgent', detail: null };
        const level = await control.guard(this.deps.media.level(mic.trackId));
        measured ||= level !== null;
        run.micLevel = level;
        this.emit();
        if (watch.add(level)) return { status: 'pass', reason: 'heard', detail: `peak ${watch.peak.toFixed(2)}` };
        await this.sleep(control, LEVEL_POLL_MS);
      }
      const why = micFailure(watch.peak, measured);
      // Not measured is not passed: a required check must not let an unheard microphone through.
      if (why === 'noMeter') return { status: 'fail', reason: 'noMeter', detail: 'the media end gave no level reading' };
      return { status: 'fail', reason: why, detail: `peak ${watch.peak.toFixed(3)} in ${MIC_LISTEN_MS / 1000} s` };
    } finally {
      mic.stop();
      run.micLevel = null;
    }
  }

  private async tone(item: ShiftCheckItem, control: RunControl, device: 'speaker' | 'ring'): Promise<Outcome> {
    for (;;) {
      if (!this.deps.media.isAttached) return { status: 'fail', reason: 'notPlayed', detail: 'the media end is not connected' };
      const played = await control.guard(this.deps.media.playTone(device));
      if (!played) return { status: 'fail', reason: 'notPlayed', detail: 'the media end could not play on that device' };
      item.status = 'waiting';
      this.emit();
      const answer = await control.ask(device, (a) => (a.kind === 'heard' || a.kind === 'replay') && a.item === device);
      if (answer.kind === 'skip') return { status: 'skipped', reason: 'skippedByAgent', detail: null };
      if (answer.kind === 'replay') continue;
      if (answer.kind === 'heard')
        return answer.heard ? { status: 'pass', reason: 'heard', detail: null } : { status: 'fail', reason: 'notHeard', detail: null };
    }
  }

  private async headset(item: ShiftCheckItem, run: Run, control: RunControl): Promise<Outcome> {
    let allPressed: () => void = () => undefined;
    const pressedAll = new Promise<void>((resolve) => (allPressed = resolve));
    const probe = this.deps.headset?.probe((name) => {
      const button = run.headset?.buttons.find((b) => b.name === name);
      if (!button || button.pressed) return;
      button.pressed = true;
      this.emit();
      if (run.headset?.buttons.every((b) => b.pressed)) allPressed();
    });
    if (!probe) {
      return this.deps.settings().shiftCheck.headsetRequired
        ? { status: 'fail', reason: 'headsetRequired', detail: 'no USB headset with call controls is connected' }
        : { status: 'pass', reason: 'noHeadset', detail: null };
    }
    try {
      run.headset = {
        name: probe.name,
        buttons: probe.buttons.map((name) => ({ name, pressed: false })),
        leds: probe.leds.map((name) => ({ name, seen: null })),
        lit: null,
      };
      item.status = 'waiting';
      this.emit();
      if (probe.buttons.length > 0) {
        await Promise.race([pressedAll, control.ask('headset', () => false)]);
        control.unask();
      }
      for (const led of run.headset.leds) {
        if (control.skips.has('headset')) break;
        probe.light(led.name as never);
        run.headset.lit = led.name;
        this.emit();
        const answer = await control.ask('headset', (a) => a.kind === 'led');
        if (answer.kind !== 'led') break;
        led.seen = answer.seen;
      }
      probe.light(null);
      run.headset.lit = null;
      const missing = run.headset.buttons.filter((b) => !b.pressed).map((b) => b.name);
      const dark = run.headset.leds.filter((l) => l.seen === false).map((l) => l.name);
      if (missing.length > 0) return { status: 'fail', reason: 'buttonsMissing', detail: `not pressed: ${missing.join(', ')}` };
      if (dark.length > 0) return { status: 'fail', reason: 'ledNotSeen', detail: `not seen: ${dark.join(', ')}` };
      if (run.headset.leds.some((l) => l.seen === null)) return { status: 'skipped', reason: 'skippedByAgent', detail: null };
      return { status: 'pass', reason: 'ok', detail: probe.name };
    } finally {
      probe.end();
    }
  }

  private async echo(item: ShiftCheckItem, control: RunControl): Promise<Outcome> {
    const { shiftCheck, sip } = this.deps.settings();
    const line = this.deps.sip();
    if (!shiftCheck.echoExtension) return { status: 'skipped', reason: 'notApplicable', detail: 'no echo extension configured' };
    if (!line || !sip.uri) return { status: 'skipped', reason: 'notApplicable', detail: 'no SIP account' };
    if (this.deps.line().status !== 'registered') return { status: 'fail', reason: 'notRegistered', detail: this.deps.line().status };
    const domain = sip.uri.split('@')[1] ?? '';
    let call: QuietCall;
    try {
      call = await control.guard(line.quietCall(`sip:${shiftCheck.echoExtension}@${domain}`));
    } catch (error) {
      if (error instanceof Interrupted) throw error;
      return { status: 'fail', reason: 'callFailed', detail: String((error as Error).message ?? error).slice(0, 300) };
    }
    try {
      const timedOut = Symbol('timeout');
      const answered = await control
        .guard(
          Promise.race([
            call.answered.then(() => true),
            new Promise<typeof timedOut>((resolve) => this.deps.clock.setTimeout(() => resolve(timedOut), ECHO_ANSWER_MS)),
          ]),
        )
        .catch((error: unknown) => {
          if (error instanceof Interrupted) throw error;
          return error as Error;
        });
      if (answered === timedOut) return { status: 'fail', reason: 'callFailed', detail: `not answered within ${ECHO_ANSWER_MS / 1000} s` };
      if (answered instanceof Error) return { status: 'fail', reason: 'callFailed', detail: answered.message.slice(0, 300) };
      item.status = 'waiting';
      this.emit();
      const inbound = async () => (await control.guard(call.stats()))?.remoteLevel ?? null;
      const watch = new LevelWatch(ECHO_LEVEL, ECHO_READINGS);
      let heard = false;
      const deadline = this.deps.clock.now() + ECHO_LISTEN_MS;
      while (!heard && this.deps.clock.now() < deadline) {
        if (control.skips.has('echo')) return { status: 'skipped', reason: 'skippedByAgent', detail: null };
        heard = watch.add(await inbound());
        if (!heard) await this.sleep(control, LEVEL_POLL_MS * 2);
      }
      if (!heard) return { status: 'fail', reason: 'noEcho', detail: `peak ${watch.peak.toFixed(3)} in ${ECHO_LISTEN_MS / 1000} s` };
      // Audio comes back; an echo also falls silent when the agent's side does.
      await control.guard(call.setMuted(true));
      let quiet = 0;
      const silenceBy = this.deps.clock.now() + ECHO_SILENCE_MS;
      while (this.deps.clock.now() < silenceBy) {
        const level = await inbound();
        quiet = level !== null && level < ECHO_SILENT ? quiet + 1 : 0;
        if (quiet >= ECHO_READINGS) return { status: 'pass', reason: 'echoed', detail: `level ${watch.peak.toFixed(2)}, silent when muted` };
        await this.sleep(control, LEVEL_POLL_MS * 2);
      }
      return { status: 'fail', reason: 'notEcho', detail: `audio went on while muted for ${ECHO_SILENCE_MS / 1000} s` };
    } finally {
      call.hangup();
    }
  }
}
