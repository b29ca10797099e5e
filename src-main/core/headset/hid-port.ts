/**
 * The HID port: how the core reaches headsets. node-hid implements it in the product; tests use
 * a fake fed with real report descriptors (a physical headset cannot exist on a build machine).
 */

export interface HidDeviceInfo {
  /** The OS path of one HID interface / top-level collection (hidraw node, Windows …&colNN path). */
  path: string;
  vendorId: number;
  productId: number;
  serialNumber: string | null;
  manufacturer: string | null;
  product: string | null;
  /** The top-level collection's usage page and usage where the platform says (0x0B = Telephony). */
  usagePage: number | null;
  usage: number | null;
  interface: number | null;
}

export interface HidConnection {
  /** Sends one output report: the report id byte first (0x00 for a device without report ids). */
  write(report: Uint8Array): Promise<void>;
  /** Input reports as the device sends them (the report id byte first when it uses ids). */
  onReport(listener: (report: Uint8Array) => void): () => void;
  /** The device went away (unplugged) or the connection failed. */
  onClose(listener: (error?: Error) => void): () => void;
  close(): Promise<void>;
}

export interface HidPort {
  list(): Promise<HidDeviceInfo[]>;
  /** The raw report descriptor where the platform gives one (Linux: sysfs), else null. */
  descriptor(device: HidDeviceInfo): Promise<Uint8Array | null>;
  open(device: HidDeviceInfo): Promise<HidConnection>;
}

/** A headset as the agent knows it: the same key across re-plugs and restarts. */
export function headsetKey(device: Pick<HidDeviceInfo, 'vendorId' | 'productId' | 'serialNumber'>): string {
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return `${hex(device.vendorId)}:${hex(device.productId)}:${device.serialNumber ?? ''}`;
}
