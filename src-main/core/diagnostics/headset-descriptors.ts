import { errorForLog } from '../log';
import { findHeadsets } from '../headset/node-hid-port';
import { headsetKey, type HidPort } from '../headset/hid-port';

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/**
 * The connected headsets as support needs them to reproduce a button or LED problem: vendor and
 * product id, what the OS calls them, and the raw HID report descriptor in hex (the input of
 * `anlauf headset describe`), with the layout Anlauf made of it. node-hid 3 has no descriptor
 * call: the port reads it from sysfs on Linux; on Windows and macOS it is null and says why.
 */
export async function headsetDescriptors(port: HidPort, known: ReadonlySet<string> = new Set()): Promise<unknown[]> {
  const found = await findHeadsets(port);
  // The headset service also takes devices whose top-level collection is not Telephony (the
  // Blackwire's is Consumer): the ones it shows (`known`, by key) are listed too.
  const foundPaths = new Set(found.map((headset) => headset.device.path));
  for (const device of await port.list()) {
    const key = headsetKey(device);
    if (known.has(key) && !foundPaths.has(device.path)) found.push({ device, name: device.product ?? key, key, source: null, layout: null });
  }
  const out: unknown[] = [];
  for (const headset of found) {
    const { device } = headset;
    let descriptor: string | null = null;
    let why: string | null = null;
    try {
      const bytes = await port.descriptor(device);
      if (bytes) descriptor = Buffer.from(bytes).toString('hex');
      else why = 'this platform gives no report descriptor to node-hid (Windows, macOS); the layout came from the vendor table or WebHID';
    } catch (error) {
      why = `the descriptor could not be read: ${errorForLog(error)}`;
    }
    out.push({
      name: headset.name,
      key: headset.key,
      vendorId: hex4(device.vendorId),
      productId: hex4(device.productId),
      manufacturer: device.manufacturer,
      product: device.product,
      serialNumber: device.serialNumber,
      usagePage: device.usagePage,
      usage: device.usage,
      interface: device.interface,
      path: device.path,
      layoutSource: headset.source,
      layout: headset.layout,
      descriptor,
      ...(descriptor ? { descriptorBytes: descriptor.length / 2 } : { why }),
    });
  }
  return out;
}
