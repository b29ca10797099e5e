/**
 * A fake HID transport — the one fake in these tests, since a physical headset cannot exist on
 * a build machine. It is fed with real report descriptors and real report bytes; everything
 * above it (descriptor parser, layout, device model, headset service, phone) is the real code.
 */
import path from 'node:path';
import type { HidConnection, HidDeviceInfo, HidPort } from '../../src-main/core/headset/hid-port';
import { readDescriptorFile } from '../../src-main/core/headset/describe';
import { projectRoot } from './paths';

export function fixtureDescriptor(name: string): Uint8Array {
  return readDescriptorFile(path.join(projectRoot, 'test', 'fixtures', 'hid', name)).bytes;
}

export class FakeHeadset {
  readonly written: Uint8Array[] = [];
  private reportListeners = new Set<(report: Uint8Array) => void>();
  private closeListeners = new Set<(error?: Error) => void>();
  opened = 0;

  constructor(
    readonly info: HidDeviceInfo,
    readonly descriptor: Uint8Array | null,
  ) {}

  /** The device sends an input report (report id first when it uses ids). */
  send(bytes: readonly number[]): void {
    const report = Uint8Array.from(bytes);
    for (const listener of [...this.reportListeners]) listener(report);
  }

  /** The last output report written with this report id (first byte), or undefined. */
  lastWritten(reportId: number): number[] | undefined {
    const found = [...this.written].reverse().find((r) => r[0] === reportId);
    return found ? [...found] : undefined;
  }

  connection(): HidConnection {
    this.opened++;
    let open = true;
    return {
      write: async (report) => {
        if (!open) throw new Error('device closed');
        this.written.push(Uint8Array.from(report));
      },
      onReport: (listener) => {
        this.reportListeners.add(listener);
        return () => this.reportListeners.delete(listener);
      },
      onClose: (listener) => {
        this.closeListeners.add(listener);
        return () => this.closeListeners.delete(listener);
      },
      close: async () => {
        open = false;
      },
    };
  }

  /** Pulled out: reads fail, as node-hid reports an unplug. */
  unplugged(): void {
    for (const listener of [...this.closeListeners]) listener(new Error('could not read from HID device'));
    this.reportListeners.clear();
    this.closeListeners.clear();
  }
}

export class FakeHidPort implements HidPort {
  readonly devices: FakeHeadset[] = [];

  plug(headset: FakeHeadset): void {
    this.devices.push(headset);
  }

  unplug(headset: FakeHeadset): void {
    const index = this.devices.indexOf(headset);
    if (index >= 0) this.devices.splice(index, 1);
    headset.unplugged();
  }

  async list(): Promise<HidDeviceInfo[]> {
    return this.devices.map((d) => d.info);
  }

  async descriptor(device: HidDeviceInfo): Promise<Uint8Array | null> {
    return this.devices.find((d) => d.info.path === device.path)?.descriptor ?? null;
  }

  async open(device: HidDeviceInfo): Promise<HidConnection> {
    const found = this.devices.find((d) => d.info.path === device.path);
    if (!found) throw new Error(`no such device ${device.path}`);
    return found.connection();
  }
}

/** A Poly Blackwire 3220 (047F:C056) with its real descriptor. */
export function blackwire3220(serial = 'BW3220-0001', pathSuffix = '0'): FakeHeadset {
  return new FakeHeadset(
    {
      path: `/dev/hidraw${pathSuffix}`,
      vendorId: 0x047f,
      productId: 0xc056,
      serialNumber: serial,
      manufacturer: 'Plantronics',
      product: 'Plantronics Blackwire 3220 Series',
      usagePage: 0x0c,
      usage: 0x01,
      interface: 3,
    },
    fixtureDescriptor('plantronics-blackwire-3220-047f-c056.hex'),
  );
}

/** Blackwire 3220 input report 8: bit 0 Phone Mute (toggle), bit 1 Hook Switch (state), bit 2 Flash. */
export const BW = {
  idle: [8, 0x00],
  offHook: [8, 0x02],
  offHookMute: [8, 0x03],
  offHookFlash: [8, 0x06],
  /** Output report ids: one per LED, id = LED usage. */
  ringLed: 0x18,
  offHookLed: 0x17,
  muteLed: 0x09,
  holdLed: 0x20,
} as const;
