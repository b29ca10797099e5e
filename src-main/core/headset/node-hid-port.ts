/**
 * The HID port on node-hid 3.x (hidapi 0.15, N-API prebuilds), as the browser host and Electron
 * main use it. What each platform gives (docs/headset.md, "node-hid"):
 *
 * - Enumeration never opens a device, so it works while another app (or Anlauf) holds the headset.
 * - Linux (hidraw) and macOS list one entry per top-level collection, all with the SAME path
 *   (the whole interface). They are merged here into one entry per path that carries the most
 *   telephony-like collection's usage page (Telephony 0x0B before a vendor page before the rest),
 *   because the headset service keys devices by path. Windows gives each collection its own
 *   path (`…&colNN`), so nothing is merged there.
 * - The raw report descriptor: Linux only, from sysfs (world-readable, no udev rule needed). On
 *   Windows and macOS node-hid has no descriptor API: there the vendor table (and in Electron,
 *   WebHID's parsed collections) take over, so `descriptor()` says null.
 * - Report ids (hidapi.h, confirmed in hidapi's linux/windows/mac sources): writes always carry
 *   the report id (0x00 without ids) as the first byte; hidapi strips a 0x00 where the OS does
 *   not want it (macOS, libusb) and pads to the collection's output length on Windows. Reads
 *   start with the report id only when the device uses ids, on all three platforms (Windows'
 *   always-present 0x00 is stripped by hidapi).
 *
 * node-hid is loaded at first use: a machine where the native module cannot load logs one error
 * and sees no headsets instead of failing to start.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { HIDAsync } from 'node-hid';
import { createStderrLogger, type Logger } from '../log';
import { DescriptorError, parseReportDescriptor } from './descriptor';
import { INPUT_NAMES, OUTPUT_NAMES, type InputName, type TelephonyLayout } from './layout';
import { describeLayout } from './describe';
import { headsetKey, type HidConnection, type HidDeviceInfo, type HidPort } from './hid-port';
import { telephonyLayout } from './telephony-layout';
import { vendorLayout, vendorModel, withVendorFallback } from './vendor-table';

type NodeHid = typeof import('node-hid');

export interface NodeHidPortOptions {
  platform?: NodeJS.Platform;
  /** Loads node-hid (tests pass a fake); called once, at first use. */
  loadHid?: () => NodeHid;
  readFile?: (file: string) => Promise<Uint8Array>;
  /** Where sysfs is mounted (tests use a temp dir). */
  sysfsRoot?: string;
  logger?: Logger;
}

/** node-hid's native module cannot be loaded here (missing prebuild, wrong libc, packaging). */
export class HidUnavailableError extends Error {}

const TELEPHONY_PAGE = 0x0b;

/** Lower is more telephony-like: Headset, Handset, Phone collections, other telephony, vendor, rest. */
function rank(d: Pick<HidDeviceInfo, 'usagePage' | 'usage'>): number {
  if (d.usagePage === TELEPHONY_PAGE) return ({ 0x05: 0, 0x04: 1, 0x01: 2 } as Record<number, number>)[d.usage ?? -1] ?? 3;
  if (d.usagePage !== null && d.usagePage >= 0xff00) return 4;
  return d.usagePage === null ? 6 : 5;
}

/** One entry per path (see the file comment), in the order the paths first appear. */
export function mergeByPath(devices: readonly HidDeviceInfo[]): HidDeviceInfo[] {
  const byPath = new Map<string, HidDeviceInfo>();
  for (const d of devices) {
    const seen = byPath.get(d.path);
    if (!seen || rank(d) < rank(seen)) byPath.set(d.path, seen ? { ...seen, usagePage: d.usagePage, usage: d.usage } : d);
  }
  return [...byPath.values()];
}

/**
 * What to install when node-hid's Linux binary lacks a shared library. Both of its Linux builds
 * (hidraw and libusb) link libusb-1.0 and libudev, and a minimal Debian or Ubuntu desk has neither
 * package until something pulls them in.
 */
export function missingLibraryHint(reason: string, platform: NodeJS.Platform): string {
  if (platform !== 'linux') return '';
  if (/libusb-1\.0\.so/.test(reason)) return ' (install the package libusb-1.0-0: sudo apt-get install libusb-1.0-0)';
  if (/libudev\.so/.test(reason)) return ' (install the package libudev1: sudo apt-get install libudev1)';
  return '';
}

export class NodeHidPort implements HidPort {
  private readonly platform: NodeJS.Platform;
  private readonly loadHid: () => NodeHid;
  private readonly readFile: (file: string) => Promise<Uint8Array>;
  private readonly sysfsRoot: string;
  private readonly logger: Logger;
  private module: NodeHid | null = null;
  private failure: HidUnavailableError | null = null;

  constructor(options: NodeHidPortOptions = {}) {
    this.platform = options.platform ?? process.platform;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above)
    this.loadHid = options.loadHid ?? (() => require('node-hid') as NodeHid);
    this.readFile = options.readFile ?? ((file) => fs.readFile(file));
    this.sysfsRoot = options.sysfsRoot ?? '/sys';
    this.logger = options.logger ?? createStderrLogger();
  }

  /** Why node-hid is unusable here, once a first use has found out; else null. */
  get loadError(): HidUnavailableError | null {
    return this.failure;
  }

  private hid(): NodeHid | null {
    if (this.module) return this.module;
    if (this.failure) return null;
    try {
      const hid = this.loadHid();
      // Linux: the hidraw back end, chosen on purpose (docs/headset.md, "Linux back end"). It is
      // node-hid's default today; saying so keeps a future default from moving us to libusb, which
      // detaches the kernel's usbhid driver and whose paths do not map to the sysfs descriptor.
      if (this.platform === 'linux') hid.setDriverType('hidraw');
      // node-hid loads its native binding only on first use; this forces it now.
      hid.getHidapiVersion();
      this.module = hid;
      return hid;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.failure = new HidUnavailableError(
        `node-hid cannot be loaded, so USB headsets are not available: ${reason}${missingLibraryHint(reason, this.platform)}`,
      );
      this.logger.log('error', 'node-hid cannot be loaded; headset call control is off', { error: reason, platform: this.platform, arch: process.arch });
      return null;
    }
  }

  async list(): Promise<HidDeviceInfo[]> {
    const hid = this.hid();
    if (!hid) return [];
    const devices = await hid.devicesAsync();
    const infos: HidDeviceInfo[] = [];
    for (const d of devices) {
      if (!d.path) continue;
      infos.push({
        path: d.path,
        vendorId: d.vendorId,
        productId: d.productId,
        serialNumber: d.serialNumber || null,
        manufacturer: d.manufacturer || null,
        product: d.product || null,
        usagePage: d.usagePage ?? null,
        usage: d.usage ?? null,
        interface: typeof d.interface === 'number' && d.interface >= 0 ? d.interface : null,
      });
    }
    return mergeByPath(infos);
  }

  /** The sysfs file holding a hidraw node's report descriptor, or null (not Linux hidraw). */
  descriptorFile(device: Pick<HidDeviceInfo, 'path'>): string | null {
    if (this.platform !== 'linux') return null;
    const node = /^\/dev\/(hidraw\d+)$/.exec(device.path)?.[1];
    return node ? path.join(this.sysfsRoot, 'class', 'hidraw', node, 'device', 'report_descriptor') : null;
  }

  async descriptor(device: HidDeviceInfo): Promise<Uint8Array | null> {
    const file = this.descriptorFile(device);
    if (!file) return null;
    const bytes = await this.readFile(file);
    return Uint8Array.from(bytes);
  }

  async open(device: HidDeviceInfo): Promise<HidConnection> {
    const hid = this.hid();
    if (!hid) throw this.failure ?? new HidUnavailableError('node-hid cannot be loaded');
    let handle: HIDAsync;
    try {
      // macOS: without nonExclusive the open seizes the device from the OS (and other apps).
      handle = await hid.HIDAsync.open(device.path, { nonExclusive: this.platform === 'darwin' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const hint = this.platform === 'linux' ? ' (is resources/linux/70-anlauf-headsets.rules installed? see docs/headset.md)' : '';
      throw new Error(`${reason}${hint}`, { cause: error });
    }
    return new NodeHidConnection(handle);
  }
}

/** One open node-hid device as a HidConnection. */
class NodeHidConnection implements HidConnection {
  private readonly reportListeners = new Set<(report: Uint8Array) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();
  private ended = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly device: HIDAsync) {
    // Listening to 'data' starts node-hid's read thread; it also notices an unplug (a read error).
    device.on('data', (data: Buffer) => {
      const report = Uint8Array.from(data);
      for (const listener of [...this.reportListeners]) listener(report);
    });
    device.on('error', (error: unknown) => {
      this.end(error instanceof Error ? error : new Error(String(error)));
      void this.close();
    });
  }

  async write(report: Uint8Array): Promise<void> {
    if (this.ended) throw new Error('the headset connection is closed');
    await this.device.write(Array.from(report));
  }

  onReport(listener: (report: Uint8Array) => void): () => void {
    this.reportListeners.add(listener);
    return () => void this.reportListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => void this.closeListeners.delete(listener);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.end();
      // After an unplug the handle may already be gone; closing is best effort.
      await this.device.close().catch(() => undefined);
    })();
    return this.closing;
  }

  private end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    for (const listener of [...this.closeListeners]) listener(error);
    this.closeListeners.clear();
    this.reportListeners.clear();
  }
}

// ---- `anlauf headset list` ----

export interface FoundHeadset {
  device: HidDeviceInfo;
  name: string;
  key: string;
  /** Where the layout came from; null: a Telephony collection whose layout this host cannot read. */
  source: 'descriptor' | 'vendor-table' | null;
  layout: TelephonyLayout | null;
}

/**
 * The headsets the workstation would use, found as the headset service finds them: telephony
 * collections (or vendor-table devices), laid out from the descriptor where there is one, else
 * from the vendor table. On Windows and macOS a Telephony collection without a table entry is
 * listed with no layout: node-hid cannot read its descriptor (Electron reads it through WebHID).
 */
export async function findHeadsets(port: HidPort): Promise<FoundHeadset[]> {
  const found: FoundHeadset[] = [];
  for (const device of await port.list()) {
    const tableLayout = vendorLayout(device.vendorId, device.productId);
    if (device.usagePage !== null && device.usagePage !== TELEPHONY_PAGE && !tableLayout && device.usagePage < 0xff00) continue;
    let source: FoundHeadset['source'] = null;
    let layout: TelephonyLayout | null = null;
    const raw = await port.descriptor(device).catch(() => null);
    if (raw) {
      try {
        const parsed = parseReportDescriptor(raw);
        layout = withVendorFallback(telephonyLayout(parsed), device.vendorId, device.productId, parsed);
        source = 'descriptor';
      } catch (error) {
        if (!(error instanceof DescriptorError)) throw error;
      }
    }
    // As the service: a readable descriptor decides; the table only stands in for a missing one.
    if (!layout && tableLayout) {
      layout = tableLayout;
      source = 'vendor-table';
    }
    if (!layout?.telephony && (layout || raw || device.usagePage !== TELEPHONY_PAGE)) continue;
    const key = headsetKey(device);
    const name = device.product ?? vendorModel(device.vendorId, device.productId) ?? `USB ${key.slice(0, 9)}`;
    found.push({ device, name, key, source, layout });
  }
  return found;
}

const INPUT_LABELS: Record<InputName, string> = {
  hookSwitch: 'hook switch',
  phoneMute: 'mute',
  flash: 'flash',
  reject: 'reject',
  redial: 'redial',
  drop: 'drop',
  lineBusy: 'line busy',
  speakerPhone: 'speaker phone',
};

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** "hook switch (state), mute (toggle), LEDs: offHook ring mute hold, ringer" */
export function layoutSummary(layout: TelephonyLayout): string {
  const parts = INPUT_NAMES.filter((name) => layout.inputs[name]).map((name) => `${INPUT_LABELS[name]} (${layout.inputs[name]?.encoding})`);
  const leds = OUTPUT_NAMES.filter((name) => name !== 'ringer' && layout.outputs[name]);
  if (leds.length) parts.push(`LEDs: ${leds.join(' ')}`);
  if (layout.outputs.ringer) parts.push('ringer');
  return parts.join(', ') || 'no call controls';
}

/** The CLI's output: JSON (layouts as `headset describe` prints them) or a short text per headset. */
export function formatHeadsets(found: readonly FoundHeadset[], options: { json: boolean; platform?: NodeJS.Platform }): string {
  if (options.json) {
    return JSON.stringify(
      found.map((h) => ({
        name: h.name,
        key: h.key,
        vendorId: hex4(h.device.vendorId),
        productId: hex4(h.device.productId),
        serialNumber: h.device.serialNumber,
        path: h.device.path,
        source: h.source,
        layout: h.layout ? describeLayout(h.layout) : null,
      })),
      null,
      2,
    );
  }
  if (found.length === 0) return 'No headset with call controls found.';
  const where = options.platform ?? process.platform;
  return found
    .map((h) => {
      const serial = h.device.serialNumber ? `serial ${h.device.serialNumber}` : 'no serial';
      const controls = h.layout
        ? `${layoutSummary(h.layout)}  [${h.source === 'descriptor' ? 'report descriptor' : 'built-in vendor table'}]`
        : `telephony collection; its layout is not readable through node-hid on ${where} (the Electron app reads it through WebHID)`;
      return `${h.name}  ${hex4(h.device.vendorId)}:${hex4(h.device.productId)}  ${serial}  ${h.device.path}\n  ${controls}`;
    })
    .join('\n');
}
