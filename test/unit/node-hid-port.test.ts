import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Device } from 'node-hid';
import type { HidDeviceInfo } from '../../src-main/core/headset/hid-port';
import { findHeadsets, formatHeadsets, NodeHidPort } from '../../src-main/core/headset/node-hid-port';
import type { Logger } from '../../src-main/core/log';
import { runCli } from '../support/cli';
import { fixtureDescriptor } from '../support/fake-hid';
import { tempDir } from '../support/temp';

type NodeHid = typeof import('node-hid');

/** Stands in for node-hid's HIDAsync: an EventEmitter with write and close. */
class FakeHidDevice extends EventEmitter {
  readonly written: unknown[] = [];
  closeCalls = 0;

  async write(values: number[] | Buffer): Promise<number> {
    this.written.push(values);
    return values.length;
  }

  async close(): Promise<void> {
    this.closeCalls++;
  }
}

function fakeNodeHid(devices: Partial<Device>[]) {
  const opened: { path: string; options: unknown; device: FakeHidDevice }[] = [];
  let loads = 0;
  const driverTypes: string[] = [];
  const mod = {
    setDriverType: (type: string) => void driverTypes.push(type),
    getHidapiVersion: () => '0.15.0',
    devicesAsync: async () => devices,
    HIDAsync: {
      open: async (path: string, options?: { nonExclusive?: boolean }) => {
        const device = new FakeHidDevice();
        opened.push({ path, options, device });
        return device;
      },
    },
  };
  return {
    load: () => {
      loads++;
      return mod as unknown as NodeHid;
    },
    opened,
    driverTypes,
    loads: () => loads,
  };
}

function recordingLogger() {
  const records: { level: string; message: string }[] = [];
  const logger: Logger = { log: (level, message) => void records.push({ level, message }) };
  return { logger, records };
}

const silent: Logger = { log: () => undefined };

const bw3220 = {
  vendorId: 0x047f,
  productId: 0xc056,
  serialNumber: 'BW-1',
  manufacturer: 'Plantronics',
  product: 'Plantronics Blackwire 3220 Series',
  release: 0x210,
  interface: 3,
};

const info = (over: Partial<HidDeviceInfo> = {}): HidDeviceInfo => ({
  path: '/dev/hidraw3',
  vendorId: 0x047f,
  productId: 0xc056,
  serialNumber: null,
  manufacturer: null,
  product: null,
  usagePage: 0x0b,
  usage: 0x05,
  interface: 3,
  ...over,
});

/** A sysfs tree under a temp dir holding the Blackwire 3220's real descriptor as hidraw3. */
function fakeSysfs(node = 'hidraw3'): { root: string; bytes: Uint8Array } {
  const root = tempDir('anlauf-sysfs-');
  const dir = path.join(root, 'class', 'hidraw', node, 'device');
  fs.mkdirSync(dir, { recursive: true });
  const bytes = fixtureDescriptor('plantronics-blackwire-3220-047f-c056.hex');
  fs.writeFileSync(path.join(dir, 'report_descriptor'), bytes);
  return { root, bytes };
}

async function openOne(platform: NodeJS.Platform = 'linux') {
  const hid = fakeNodeHid([]);
  const port = new NodeHidPort({ platform, loadHid: hid.load, logger: silent });
  const connection = await port.open(info());
  const device = hid.opened[0]!.device;
  return { hid, port, connection, device };
}

describe('NodeHidPort.list', () => {
  it('maps node-hid devices to HidDeviceInfo', async () => {
    const hid = fakeNodeHid([
      { ...bw3220, path: '\\\\?\\hid#vid_047f&pid_c056&mi_03&col02#1', usagePage: 0x0b, usage: 0x05 },
      { vendorId: 0x1234, productId: 0x5678, path: 'DevSrvsID:4294970000', serialNumber: '', release: 1, interface: -1 },
      { vendorId: 0x1234, productId: 0x5679, release: 1, interface: 0 }, // no path: cannot be opened
    ]);
    const port = new NodeHidPort({ platform: 'win32', loadHid: hid.load, logger: silent });
    expect(await port.list()).toEqual([
      {
        path: '\\\\?\\hid#vid_047f&pid_c056&mi_03&col02#1',
        vendorId: 0x047f,
        productId: 0xc056,
        serialNumber: 'BW-1',
        manufacturer: 'Plantronics',
        product: 'Plantronics Blackwire 3220 Series',
        usagePage: 0x0b,
        usage: 0x05,
        interface: 3,
      },
      {
        path: 'DevSrvsID:4294970000',
        vendorId: 0x1234,
        productId: 0x5678,
        serialNumber: null,
        manufacturer: null,
        product: null,
        usagePage: null,
        usage: null,
        interface: null,
      },
    ]);
  });

  it('merges the per-collection entries of one hidraw node into one, carrying the telephony collection', async () => {
    // hidapi on Linux (and macOS) lists every top-level collection with the same path.
    const hid = fakeNodeHid([
      { ...bw3220, path: '/dev/hidraw3', usagePage: 0x0c, usage: 0x01 },
      { ...bw3220, path: '/dev/hidraw3', usagePage: 0x0b, usage: 0x05 },
      { ...bw3220, path: '/dev/hidraw3', usagePage: 0xffa0, usage: 0x03 },
      { vendorId: 0x046d, productId: 0xc52b, path: '/dev/hidraw1', release: 1, interface: 2, usagePage: 0x01, usage: 0x06 },
    ]);
    const port = new NodeHidPort({ platform: 'linux', loadHid: hid.load, logger: silent });
    const list = await port.list();
    expect(list.map((d) => [d.path, d.usagePage, d.usage])).toEqual([
      ['/dev/hidraw3', 0x0b, 0x05],
      ['/dev/hidraw1', 0x01, 0x06],
    ]);
    expect(list[0]?.serialNumber).toBe('BW-1');
  });

  it('prefers a vendor page over Consumer when a node has no Telephony collection', async () => {
    const hid = fakeNodeHid([
      { ...bw3220, productId: 0xc00e, path: '/dev/hidraw4', usagePage: 0x0c, usage: 0x01 },
      { ...bw3220, productId: 0xc00e, path: '/dev/hidraw4', usagePage: 0xffa0, usage: 0x01 },
    ]);
    const port = new NodeHidPort({ platform: 'linux', loadHid: hid.load, logger: silent });
    expect((await port.list()).map((d) => d.usagePage)).toEqual([0xffa0]);
  });

  it('reports no devices and logs once when node-hid cannot be loaded', async () => {
    const { logger, records } = recordingLogger();
    let loads = 0;
    const port = new NodeHidPort({
      platform: 'linux',
      logger,
      loadHid: () => {
        loads++;
        throw new Error('Could not locate the bindings file');
      },
    });
    expect(await port.list()).toEqual([]);
    expect(await port.list()).toEqual([]);
    expect(loads).toBe(1);
    expect(records).toEqual([{ level: 'error', message: expect.stringContaining('node-hid cannot be loaded') }]);
    expect(port.loadError?.message).toContain('Could not locate the bindings file');
    await expect(port.open(info())).rejects.toThrow(/node-hid cannot be loaded/);
  });

  it('treats a native binding that fails at first use (node-hid loads it lazily) as not loadable', async () => {
    const { logger, records } = recordingLogger();
    const broken = {
      setDriverType: () => undefined,
      getHidapiVersion: () => {
        throw new Error('wrong ELF class: ELFCLASS32');
      },
      devicesAsync: async () => [],
    } as unknown as NodeHid;
    const port = new NodeHidPort({ platform: 'linux', logger, loadHid: () => broken });
    expect(await port.list()).toEqual([]);
    expect(records).toHaveLength(1);
    expect(port.loadError?.message).toContain('ELFCLASS32');
  });

  it('chooses the hidraw back end on Linux before the binding loads, and leaves the others alone', async () => {
    for (const [platform, expected] of [
      ['linux', ['hidraw']],
      ['win32', []],
      ['darwin', []],
    ] as const) {
      const hid = fakeNodeHid([]);
      await new NodeHidPort({ platform, loadHid: hid.load, logger: silent }).list();
      expect(hid.driverTypes).toEqual(expected);
    }
  });

  it('names the Debian package when the Linux binary lacks libusb or libudev', async () => {
    for (const [library, pkg] of [
      ['libusb-1.0.so.0', 'libusb-1.0-0'],
      ['libudev.so.1', 'libudev1'],
    ]) {
      const port = new NodeHidPort({
        platform: 'linux',
        logger: silent,
        loadHid: () => {
          throw new Error(`${library}: cannot open shared object file: No such file or directory`);
        },
      });
      expect(await port.list()).toEqual([]);
      expect(port.loadError?.message).toContain(`install the package ${pkg}`);
    }
  });

  it('loads node-hid only at first use', async () => {
    const hid = fakeNodeHid([]);
    const port = new NodeHidPort({ platform: 'linux', loadHid: hid.load, logger: silent });
    expect(hid.loads()).toBe(0);
    await port.list();
    await port.list();
    expect(hid.loads()).toBe(1);
  });
});

describe('NodeHidPort.descriptor', () => {
  it('reads a hidraw node report descriptor from sysfs on Linux', async () => {
    const { root, bytes } = fakeSysfs('hidraw3');
    const port = new NodeHidPort({ platform: 'linux', sysfsRoot: root, loadHid: fakeNodeHid([]).load, logger: silent });
    expect(port.descriptorFile(info())).toBe(path.join(root, 'class', 'hidraw', 'hidraw3', 'device', 'report_descriptor'));
    const read = await port.descriptor(info());
    expect(read).toBeInstanceOf(Uint8Array);
    expect([...(read ?? [])]).toEqual([...bytes]);
  });

  it('derives the sysfs path with the default root /sys', () => {
    const port = new NodeHidPort({ platform: 'linux', logger: silent });
    expect(port.descriptorFile(info({ path: '/dev/hidraw12' }))).toBe('/sys/class/hidraw/hidraw12/device/report_descriptor');
  });

  it('has none for paths that are not hidraw nodes (the libusb driver) or on other platforms', async () => {
    let reads = 0;
    const readFile = async () => {
      reads++;
      return Buffer.from([0x05, 0x0b]);
    };
    const linux = new NodeHidPort({ platform: 'linux', readFile, logger: silent });
    expect(await linux.descriptor(info({ path: '1-2:1.3' }))).toBeNull();
    expect(await linux.descriptor(info({ path: '/dev/hidraw3/../../etc/passwd' }))).toBeNull();
    for (const platform of ['win32', 'darwin'] as const) {
      const port = new NodeHidPort({ platform, readFile, logger: silent });
      expect(await port.descriptor(info({ path: '/dev/hidraw3' }))).toBeNull();
    }
    expect(reads).toBe(0);
  });

  it('passes a read error on (the service then falls back to the vendor table)', async () => {
    const port = new NodeHidPort({ platform: 'linux', sysfsRoot: tempDir(), logger: silent });
    await expect(port.descriptor(info())).rejects.toThrow(/ENOENT/);
  });
});

describe('NodeHidPort.open', () => {
  it('opens by path, non-exclusively only on macOS', async () => {
    for (const [platform, nonExclusive] of [
      ['darwin', true],
      ['linux', false],
      ['win32', false],
    ] as const) {
      const hid = fakeNodeHid([]);
      const port = new NodeHidPort({ platform, loadHid: hid.load, logger: silent });
      await port.open(info({ path: 'P' }));
      expect(hid.opened.map((o) => [o.path, o.options])).toEqual([['P', { nonExclusive }]]);
    }
  });

  it('names the udev rule when a Linux open fails', async () => {
    const mod = {
      setDriverType: () => undefined,
      getHidapiVersion: () => '0.15.0',
      HIDAsync: { open: async () => Promise.reject(new Error('cannot open device with path /dev/hidraw3')) },
    } as unknown as NodeHid;
    const port = new NodeHidPort({ platform: 'linux', loadHid: () => mod, logger: silent });
    await expect(port.open(info())).rejects.toThrow(/cannot open device with path \/dev\/hidraw3 \(is resources\/linux\/70-anlauf-headsets\.rules installed/);
  });

  it('writes the report bytes (report id first) as a plain number array', async () => {
    const { connection, device } = await openOne();
    await connection.write(Uint8Array.from([0x17, 0x01]));
    await connection.write(Uint8Array.from([0x00, 0x03, 0x00]));
    expect(device.written).toEqual([
      [0x17, 0x01],
      [0x00, 0x03, 0x00],
    ]);
    expect(Array.isArray(device.written[0])).toBe(true);
  });

  it('hands input reports on as plain Uint8Arrays until unsubscribed', async () => {
    const { connection, device } = await openOne();
    const got: Uint8Array[] = [];
    const off = connection.onReport((r) => got.push(r));
    device.emit('data', Buffer.from([0x08, 0x02]));
    off();
    device.emit('data', Buffer.from([0x08, 0x00]));
    expect(got).toHaveLength(1);
    expect(got[0]?.constructor).toBe(Uint8Array);
    expect([...got[0]!]).toEqual([0x08, 0x02]);
  });

  it('reports an unplug (a read error) as closed, once, and closes the device', async () => {
    const { connection, device } = await openOne();
    const closes: (Error | undefined)[] = [];
    connection.onClose((e) => closes.push(e));
    device.emit('error', new Error('could not read from HID device'));
    await connection.close();
    expect(closes).toHaveLength(1);
    expect(closes[0]?.message).toBe('could not read from HID device');
    expect(device.closeCalls).toBe(1);
    await expect(connection.write(Uint8Array.from([0x17, 0x01]))).rejects.toThrow(/closed/);
    expect(device.written).toEqual([]);
  });

  it('closes idempotently and tells its close listeners once', async () => {
    const { connection, device } = await openOne();
    const closes: (Error | undefined)[] = [];
    connection.onClose((e) => closes.push(e));
    const removed: unknown[] = [];
    connection.onClose((e) => removed.push(e))();
    await Promise.all([connection.close(), connection.close()]);
    await connection.close();
    device.emit('error', new Error('late'));
    expect(device.closeCalls).toBe(1);
    expect(closes).toEqual([undefined]);
    expect(removed).toEqual([]);
  });

  it('survives a failing close of an already vanished device', async () => {
    const { connection, device } = await openOne();
    device.close = async () => {
      device.closeCalls++;
      throw new Error('device gone');
    };
    await expect(connection.close()).resolves.toBeUndefined();
  });
});

describe('headset list (findHeadsets / formatHeadsets)', () => {
  it('lists a Linux headset with the layout from its sysfs descriptor, and skips the rest', async () => {
    const { root } = fakeSysfs('hidraw3');
    // A mouse without a sysfs descriptor here: filtered by its usage page before any read.
    const hid = fakeNodeHid([
      { ...bw3220, path: '/dev/hidraw3', usagePage: 0x0c, usage: 0x01 },
      { ...bw3220, path: '/dev/hidraw3', usagePage: 0x0b, usage: 0x05 },
      { vendorId: 0x046d, productId: 0xc077, path: '/dev/hidraw0', release: 1, interface: 0, usagePage: 0x01, usage: 0x02 },
    ]);
    const port = new NodeHidPort({ platform: 'linux', sysfsRoot: root, loadHid: hid.load, logger: silent });
    const found = await findHeadsets(port);
    expect(found.map((h) => [h.name, h.key, h.source])).toEqual([['Plantronics Blackwire 3220 Series', '047f:c056:BW-1', 'descriptor']]);
    expect(formatHeadsets(found, { json: false, platform: 'linux' })).toBe(
      'Plantronics Blackwire 3220 Series  047f:c056  serial BW-1  /dev/hidraw3\n' +
        '  hook switch (state), mute (toggle), flash (state), LEDs: offHook ring mute hold onLine speaker  [report descriptor]',
    );
    const json = JSON.parse(formatHeadsets(found, { json: true }));
    expect(json).toEqual([
      expect.objectContaining({
        name: 'Plantronics Blackwire 3220 Series',
        vendorId: '047f',
        productId: 'c056',
        serialNumber: 'BW-1',
        path: '/dev/hidraw3',
        source: 'descriptor',
      }),
    ]);
    expect(json[0].layout.inputs.hookSwitch).toEqual({ reportId: 8, bit: 1, size: 1, encoding: 'state' });
    expect(hid.opened).toEqual([]); // listing opens nothing
  });

  it('uses the vendor table where there is no descriptor, and names Telephony collections it cannot read', async () => {
    const hid = fakeNodeHid([
      { vendorId: 0x047f, productId: 0xc00e, path: 'win-col03', release: 1, interface: 3, usagePage: 0xffa0, usage: 0x01 },
      { vendorId: 0x0b0e, productId: 0x0422, path: 'win-col02', product: 'Jabra SPEAK 510 USB', release: 1, interface: 3, usagePage: 0x0b, usage: 0x05 },
      { vendorId: 0x0b0e, productId: 0x0422, path: 'win-col01', release: 1, interface: 3, usagePage: 0x0c, usage: 0x01 },
    ]);
    const port = new NodeHidPort({ platform: 'win32', loadHid: hid.load, logger: silent });
    const found = await findHeadsets(port);
    expect(found.map((h) => [h.name, h.source, h.layout?.telephony ?? null])).toEqual([
      ['Plantronics C310', 'vendor-table', true],
      ['Jabra SPEAK 510 USB', null, null],
    ]);
    const text = formatHeadsets(found, { json: false, platform: 'win32' });
    expect(text).toContain(
      'Plantronics C310  047f:c00e  no serial  win-col03\n  hook switch (toggle), mute (toggle), LEDs: offHook mute  [built-in vendor table]',
    );
    expect(text).toContain('not readable through node-hid on win32');
  });

  it('says so when there is no headset', async () => {
    expect(formatHeadsets([], { json: false })).toBe('No headset with call controls found.');
    expect(formatHeadsets([], { json: true })).toBe('[]');
  });
});

describe('anlauf headset list (the real command)', () => {
  it('exits 0 and prints what it found (no headset on a build machine)', async () => {
    const result = await runCli(['headset', 'list']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // A developer machine may have a headset plugged in; a build machine has none.
    expect(result.stdout).toMatch(/^(No headset with call controls found\.|.+ {2}[0-9a-f]{4}:[0-9a-f]{4} {2})/);
    const json = await runCli(['headset', 'list', '--json']);
    expect(json.code).toBe(0);
    expect(Array.isArray(JSON.parse(json.stdout))).toBe(true);
  });

  it('rejects arguments', async () => {
    const result = await runCli(['headset', 'list', 'extra']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('headset list takes no arguments');
  });
});
