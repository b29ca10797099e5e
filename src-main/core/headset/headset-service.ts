import type { CallView } from '../../contract';
import type { Clock } from '../clock';
import { Emitter } from '../events';
import { errorForLog, type Logger } from '../log';
import { DescriptorError, parseReportDescriptor } from './descriptor';
import { HeadsetModel, headsetCallState, type HeadsetRequest } from './device-model';
import { headsetKey, type HidConnection, type HidDeviceInfo, type HidPort } from './hid-port';
import { defaultHoldPolicy, type HoldPolicy } from './hold-policy';
import { OUTPUT_NAMES, type InputName, type OutputName, type TelephonyLayout } from './layout';
import { telephonyLayout } from './telephony-layout';
import { vendorLayout, vendorModel, withVendorFallback } from './vendor-table';

/** How often the HID device list is read for plugged and unplugged headsets. */
export const HOT_PLUG_POLL_MS = 2000;

/** The buttons the pre-shift check asks for: those the workstation acts on (device-model.ts). */
const PROBED_BUTTONS: readonly InputName[] = ['hookSwitch', 'phoneMute', 'flash', 'reject', 'drop'];

export interface HeadsetProbe {
  name: string;
  buttons: InputName[];
  leds: OutputName[];
  light(name: OutputName | null): void;
  end(): void;
}

/** What the headset may ask of the phone; the service picks the call it means. */
export interface HeadsetPhone {
  currentCalls(): CallView[];
  answer(callId: string): Promise<void>;
  reject(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  setMuted(callId: string, muted: boolean): Promise<void>;
  hold(callId: string): Promise<void>;
  resume(callId: string): Promise<void>;
}

export interface HeadsetView {
  key: string;
  name: string;
  vendorId: number;
  productId: number;
  serialNumber: string | null;
  active: boolean;
  capabilities: { hookSwitch: boolean; mute: boolean; flash: boolean; reject: boolean; leds: string[]; ringer: boolean };
}

interface Attached {
  info: HidDeviceInfo;
  key: string;
  layout: TelephonyLayout;
  model: HeadsetModel;
  connection: HidConnection;
  unsubscribe: () => void;
}

export interface HeadsetServiceDeps {
  port: HidPort;
  clock: Clock;
  logger: Logger;
  phone: HeadsetPhone;
  /** The headset the agent chose (its key), or null for "the first one found". */
  chosenKey: () => string | null;
  /** 'auto' picks per vendor (reference: Jabra keeps Off-Hook on hold, Poly clears it). */
  holdPolicy: () => 'auto' | HoldPolicy;
  /**
   * The layout where no report descriptor can be read (Windows, macOS): from WebHID's parsed
   * collections in Electron. Null when there is none; the built-in vendor table comes last.
   */
  layoutWithoutDescriptor?: (device: HidDeviceInfo) => Promise<TelephonyLayout | null>;
  pollMs?: number;
}

/** What the Dispatcher may read of the headsets: the ones plugged in. */
export interface IHeadsetList {
  view(): HeadsetView[];
}

/**
 * Finds headsets (by polling the HID list, so plugging and unplugging are noticed within two
 * seconds), gives each a device model from its layout, lets the active one drive the phone, and
 * keeps every headset's LEDs on the call's state: the active one shows the call, others idle.
 */
export class HeadsetService implements IHeadsetList {
  private readonly attached = new Map<string, Attached>();
  /** Paths already looked at that carry no telephony controls (mice, keyboards, audio-only). */
  private readonly ignored = new Set<string>();
  private readonly openFailures = new Set<string>();
  private timer: unknown = null;
  private scanning: Promise<void> | null = null;
  /** Not polling (before start, after stop). */
  private stopped = true;
  /** stop() was called: a scan under way attaches nothing more. */
  private halting = false;
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  /** The active headset asked for something (a button, the hook switch), whether or not a call took it. */
  private readonly requested = new Emitter<HeadsetRequest['kind']>();
  readonly onDidRequest = this.requested.event;

  constructor(private readonly deps: HeadsetServiceDeps) {}

  start(): void {
    this.stopped = false;
    this.halting = false;
    void this.scan();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    this.deps.clock.clearTimeout(this.timer);
    await this.scanning;
    for (const [path, device] of [...this.attached]) {
      device.model.close();
      await this.release(path);
    }
  }

  /** Reads the device list now (also what the poll does). */
  scan(): Promise<void> {
    this.scanning ??= this.doScan().finally(() => {
      this.scanning = null;
      if (!this.stopped) {
        this.deps.clock.clearTimeout(this.timer);
        this.timer = this.deps.clock.setTimeout(() => void this.scan(), this.deps.pollMs ?? HOT_PLUG_POLL_MS);
      }
    });
    return this.scanning;
  }

  callsChanged(calls: CallView[]): void {
    const state = headsetCallState(calls);
    for (const device of this.attached.values()) device.model.callState(state);
  }

  /** The agent chose another headset (or the settings changed). */
  chooseActive(): void {
    const chosen = this.deps.chosenKey();
    const keys = [...this.attached.values()].map((d) => d.key);
    const active = chosen && keys.includes(chosen) ? chosen : (keys[0] ?? null);
    for (const device of this.attached.values()) device.model.setActive(device.key === active);
    this.changed.fire();
  }

  /**
   * The pre-shift check's hold on the active headset: its buttons (those the workstation acts on)
   * and LEDs, each press reported by name, one LED lit at a time. Null without an active headset.
   * `end` gives the headset back to the calls.
   */
  probe(pressed: (name: InputName) => void): HeadsetProbe | null {
    const device = [...this.attached.values()].find((d) => d.model.isActive);
    if (!device) return null;
    const { inputs, outputs } = device.layout;
    const model = device.model;
    model.probeMode(pressed);
    return {
      name: this.view().find((v) => v.key === device.key)?.name ?? device.key,
      buttons: PROBED_BUTTONS.filter((name) => inputs[name]),
      leds: OUTPUT_NAMES.filter((name) => name !== 'ringer' && outputs[name]),
      light: (name) => model.light(name),
      end: () => model.probeMode(null),
    };
  }

  view(): HeadsetView[] {
    const seen = new Set<string>();
    const views: HeadsetView[] = [];
    for (const device of this.attached.values()) {
      if (seen.has(device.key)) continue;
      seen.add(device.key);
      const { inputs, outputs } = device.layout;
      views.push({
        key: device.key,
        name: device.info.product ?? vendorModel(device.info.vendorId, device.info.productId) ?? `USB ${device.key.slice(0, 9)}`,
        vendorId: device.info.vendorId,
        productId: device.info.productId,
        serialNumber: device.info.serialNumber,
        active: device.model.isActive,
        capabilities: {
          hookSwitch: Boolean(inputs.hookSwitch),
          mute: Boolean(inputs.phoneMute),
          flash: Boolean(inputs.flash),
          reject: Boolean(inputs.reject),
          leds: Object.keys(outputs).filter((name) => name !== 'ringer'),
          ringer: Boolean(outputs.ringer),
        },
      });
    }
    return views;
  }

  private async doScan(): Promise<void> {
    let list: HidDeviceInfo[];
    try {
      list = await this.deps.port.list();
    } catch (error) {
      this.deps.logger.log('warn', 'the HID device list cannot be read', { error: errorForLog(error) });
      return;
    }
    const present = new Set(list.map((d) => d.path));
    let changed = false;
    for (const path of [...this.attached.keys()]) {
      if (!present.has(path)) {
        this.deps.logger.log('info', 'headset unplugged', { key: this.attached.get(path)?.key });
        await this.release(path);
        changed = true;
      }
    }
    for (const path of [...this.ignored]) if (!present.has(path)) this.ignored.delete(path);
    for (const info of list) {
      if (this.halting) return;
      if (this.attached.has(info.path) || this.ignored.has(info.path)) continue;
      if (await this.attach(info)) changed = true;
    }
    if (changed) this.chooseActive();
  }

  private async layoutOf(info: HidDeviceInfo): Promise<TelephonyLayout | null> {
    let raw: Uint8Array | null = null;
    try {
      raw = await this.deps.port.descriptor(info);
    } catch (error) {
      this.deps.logger.log('warn', 'a HID report descriptor cannot be read', { path: info.path, error: errorForLog(error) });
    }
    if (raw) {
      try {
        const parsed = parseReportDescriptor(raw);
        return withVendorFallback(telephonyLayout(parsed), info.vendorId, info.productId, parsed);
      } catch (error) {
        if (!(error instanceof DescriptorError)) throw error;
        this.deps.logger.log('warn', 'a HID report descriptor is malformed; trying the built-in table', { path: info.path, error: error.message });
      }
    }
    // Without a descriptor the platform lists one path per top-level collection (Windows):
    // only the Telephony one, or the vendor page, is the headset's call control.
    const page = info.usagePage;
    if (page !== null && page !== 0x0b && page < 0xff00) return null;
    if (this.deps.layoutWithoutDescriptor && (page === null || page === 0x0b)) {
      try {
        const layout = await this.deps.layoutWithoutDescriptor(info);
        if (layout?.telephony) return withVendorFallback(layout, info.vendorId, info.productId);
      } catch (error) {
        this.deps.logger.log('warn', 'the headset layout could not be read from WebHID', { path: info.path, error: errorForLog(error) });
      }
    }
    return page === 0x0b ? null : vendorLayout(info.vendorId, info.productId);
  }

  private async attach(info: HidDeviceInfo): Promise<boolean> {
    // Only devices with telephony controls are opened. The descriptor decides where there is one
    // (a Linux hidraw node lists the usage page of its first collection only, which may be
    // Consumer on a headset); elsewhere the listed usage page and the vendor table do.
    const layout = await this.layoutOf(info);
    if (!layout?.telephony) {
      this.ignored.add(info.path);
      return false;
    }
    let connection: HidConnection;
    try {
      connection = await this.deps.port.open(info);
    } catch (error) {
      // Not ignored: permissions may be fixed (udev rule) and the next poll tries again — but
      // it is said once, not every two seconds.
      if (!this.openFailures.has(info.path)) {
        this.openFailures.add(info.path);
        this.deps.logger.log('warn', 'a headset cannot be opened (on Linux: is the udev rule installed? see docs/headset.md)', {
          path: info.path,
          error: errorForLog(error),
        });
      }
      return false;
    }
    const key = headsetKey(info);
    const policy = this.deps.holdPolicy();
    const model = new HeadsetModel({
      layout,
      clock: this.deps.clock,
      logger: this.deps.logger,
      active: false,
      holdPolicy: policy === 'auto' ? defaultHoldPolicy(info.vendorId) : policy,
      write: (report) => {
        connection
          .write(report)
          .catch((error: unknown) => this.deps.logger.log('warn', 'a headset report could not be written', { key, error: errorForLog(error) }));
      },
      requests: (request) => this.onRequest(request),
    });
    const offReport = connection.onReport((report) => model.input(report));
    const offClose = connection.onClose(() => {
      if (this.attached.get(info.path)?.connection === connection) void this.release(info.path).then(() => this.chooseActive());
    });
    this.attached.set(info.path, { info, key, layout, model, connection, unsubscribe: () => (offReport(), offClose()) });
    model.attached();
    model.callState(headsetCallState(this.deps.phone.currentCalls()));
    this.deps.logger.log('info', 'headset found', { key, product: info.product });
    return true;
  }

  private async release(path: string): Promise<void> {
    const device = this.attached.get(path);
    if (!device) return;
    this.attached.delete(path);
    device.unsubscribe();
    device.model.detached();
    await device.connection.close().catch(() => undefined);
  }

  /** The active headset asked for something: find the call it means and do it. */
  private onRequest(request: HeadsetRequest): void {
    const calls = this.deps.phone.currentCalls();
    const ringing = calls.find((c) => c.state === 'ringing' && c.direction === 'inbound');
    const talking = calls.find((c) => (c.state === 'active' || c.state === 'dialing') && c.hold === 'none');
    const held = calls.find((c) => c.state === 'active' && c.hold === 'held');
    const phone = this.deps.phone;
    this.requested.fire(request.kind);
    let action: Promise<void> | null = null;
    switch (request.kind) {
      case 'answer':
        if (ringing) action = phone.answer(ringing.id);
        break;
      case 'reject':
        if (ringing) action = phone.reject(ringing.id);
        break;
      case 'hangup': {
        const call = talking ?? held;
        if (call) action = phone.hangup(call.id);
        break;
      }
      case 'toggleMute': {
        const call = talking ?? held;
        if (call) action = phone.setMuted(call.id, !call.muted);
        break;
      }
      case 'flash':
        // Take the waiting call (the phone holds the current one), else hold or resume.
        if (ringing && (talking || held)) action = phone.answer(ringing.id);
        else if (talking && talking.state === 'active') action = phone.hold(talking.id);
        else if (held) action = phone.resume(held.id);
        break;
    }
    action?.catch((error: unknown) => this.deps.logger.log('warn', 'a headset request did not work', { request: request.kind, error: errorForLog(error) }));
  }
}
