import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReportDescriptor } from '../../src-main/core/headset/descriptor';
import { describeFile, describeLayout, readDescriptorFile } from '../../src-main/core/headset/describe';
import { telephonyLayout } from '../../src-main/core/headset/telephony-layout';
import { vendorLayout, vendorLayoutFromDescriptor, vendorModel, withVendorFallback } from '../../src-main/core/headset/vendor-table';
import { webHidLayout, type WebHidCollectionInfo } from '../../src-main/core/headset/webhid-layout';
import { FIXTURE_DIR, FIXTURES, readHexFixture } from '../fixtures/hid/descriptor-builder';
import { toWebHid } from '../fixtures/hid/webhid';
import { runCli } from '../support/cli';

const layoutOf = (name: string) => telephonyLayout(parseReportDescriptor(readHexFixture(name)));

/** The Blackwire 3220's telephony collection (hidapi test data), as `headset describe` prints it. */
const BLACKWIRE_3220 = {
  telephony: true,
  inputs: {
    hookSwitch: { reportId: 8, bit: 1, size: 1, encoding: 'state' },
    phoneMute: { reportId: 8, bit: 0, size: 1, encoding: 'toggle' },
    flash: { reportId: 8, bit: 2, size: 1, encoding: 'state' },
  },
  // One report id per LED, the id equal to the LED usage, 1-byte payload (reference §2).
  outputs: {
    offHook: { reportId: 0x17, bit: 0, size: 1 },
    ring: { reportId: 0x18, bit: 0, size: 1 },
    mute: { reportId: 0x09, bit: 0, size: 1 },
    hold: { reportId: 0x20, bit: 0, size: 1 },
    onLine: { reportId: 0x2a, bit: 0, size: 1 },
    speaker: { reportId: 0x1e, bit: 0, size: 1 },
  },
  reportLengths: { input: { '8': 1 }, output: { '9': 1, '23': 1, '24': 1, '30': 1, '32': 1, '42': 1 } },
};

describe('real descriptors (shared/reference/hid-descriptors)', () => {
  it('every fixture parses', () => {
    const names = fs.readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.hex'));
    expect(names.sort()).toEqual(Object.values(FIXTURES).sort());
    for (const name of names) expect(() => parseReportDescriptor(readHexFixture(name)), name).not.toThrow();
  });

  it('Blackwire 3220 (all three collections): hook switch state at report 8 bit 1, mute toggle at bit 0, one LED per report', () => {
    const layout = layoutOf(FIXTURES.blackwire);
    expect(describeLayout(layout)).toEqual(BLACKWIRE_3220);
    expect(layout.inputs.hookSwitch).toEqual({ reportId: 8, bit: 1, size: 1, encoding: 'state', logicalMin: 0, logicalMax: 1 });
  });

  it('Blackwire 3220: the raw telephony collection and the one Windows reconstructs give the same layout', () => {
    expect(describeLayout(layoutOf(FIXTURES.blackwireTlc))).toEqual(BLACKWIRE_3220);
    expect(layoutOf(FIXTURES.blackwireWindows)).toEqual(layoutOf(FIXTURES.blackwireTlc));
    expect(layoutOf(FIXTURES.blackwire)).toEqual(layoutOf(FIXTURES.blackwireTlc));
  });

  it('Blackwire 3220: collections, report ids and report lengths of the whole descriptor', () => {
    const parsed = parseReportDescriptor(readHexFixture(FIXTURES.blackwire));
    expect(parsed.usesReportIds).toBe(true);
    expect(parsed.collections.map((c) => [c.usagePage, c.usage, c.parent])).toEqual([
      [0x0c, 0x01, null],
      [0x0b, 0x05, null],
      [0xffa0, 0x03, null],
    ]);
    const bytesOf = (m: Map<number, number>) => Object.fromEntries([...m].map(([id, bits]) => [id, Math.ceil(bits / 8)]));
    expect(bytesOf(parsed.reportBits.input)).toEqual({ 1: 1, 2: 2, 5: 32, 7: 32, 8: 1, 3: 32, 20: 1, 21: 2, 31: 1 });
    expect(bytesOf(parsed.reportBits.output)).toEqual({ 4: 36, 6: 36, 9: 1, 23: 1, 24: 1, 30: 1, 32: 1, 42: 1, 3: 32, 25: 1, 26: 1 });
    expect(bytesOf(parsed.reportBits.feature)).toEqual({ 27: 2 });
    // 0xFFA0:8C is a 16-bit field with 0..65535 written as a 4-byte maximum.
    expect(parsed.fields.find((f) => f.reportId === 0x15)).toMatchObject({ size: 16, logicalMin: 0, logicalMax: 65535 });
  });

  it('Windows-reconstructed padding is Constant and usage-less, and is not taken for a control', () => {
    const parsed = parseReportDescriptor(readHexFixture(FIXTURES.blackwireWindows));
    const padding = parsed.fields.filter((f) => f.flags.constant);
    expect(padding.length).toBe(7);
    expect(padding.every((f) => f.usages.length === 0)).toBe(true);
  });

  it('Logitech H540: Consumer collection only, so no telephony', () => {
    expect(describeLayout(layoutOf(FIXTURES.h540))).toEqual({ telephony: false, inputs: {}, outputs: {}, reportLengths: { input: {}, output: {} } });
  });
});

describe('layout from WebHID collections', () => {
  it('matches the descriptor layout for every real descriptor', () => {
    for (const name of Object.values(FIXTURES)) {
      const parsed = parseReportDescriptor(readHexFixture(name));
      expect(webHidLayout(toWebHid(parsed)), name).toEqual(telephonyLayout(parsed));
    }
  });

  it('reads a hand-written Jabra-style collection: Constant hook switch, Programmable Button read as reject, LED report', () => {
    const bit = (usage: number, extra: object = {}) => ({
      usages: [usage],
      reportSize: 1,
      reportCount: 1,
      isAbsolute: true,
      hasPreferredState: false,
      logicalMinimum: 0,
      logicalMaximum: 1,
      ...extra,
    });
    const collections: WebHidCollectionInfo[] = [
      { usagePage: 0x0c, usage: 0x01, inputReports: [{ reportId: 1, items: [bit(0x000c00e9), bit(0x000c00ea)] }] },
      {
        usagePage: 0x0b,
        usage: 0x05,
        inputReports: [
          {
            reportId: 3,
            items: [
              bit(0x000b0020, { isConstant: true }),
              bit(0x000b002f, { isAbsolute: false, hasPreferredState: true, isConstant: true }),
              // Chromium applies the page at the usage item: `09 07 05 09 … 81 02` arrives as 0x0B:07.
              bit(0x000b0007, { hasPreferredState: true }),
              { reportSize: 1, reportCount: 5, isConstant: true, usages: [] },
            ],
          },
        ],
        outputReports: [
          { reportId: 4, items: [bit(0x00080017), bit(0x00080009), bit(0x00080018), bit(0x00080021), { reportSize: 4, reportCount: 1, usages: [] }] },
        ],
      },
    ];
    expect(describeLayout(webHidLayout(collections))).toEqual({
      telephony: true,
      inputs: {
        hookSwitch: { reportId: 3, bit: 0, size: 1, encoding: 'state' },
        phoneMute: { reportId: 3, bit: 1, size: 1, encoding: 'toggle' },
        reject: { reportId: 3, bit: 2, size: 1, encoding: 'momentary' },
      },
      outputs: {
        offHook: { reportId: 4, bit: 0, size: 1 },
        ring: { reportId: 4, bit: 2, size: 1 },
        mute: { reportId: 4, bit: 1, size: 1 },
        microphone: { reportId: 4, bit: 3, size: 1 },
      },
      reportLengths: { input: { '3': 1 }, output: { '4': 1 } },
    });
  });

  it('takes a Usage Minimum..Maximum item and ignores non-telephony collections', () => {
    const layout = webHidLayout([
      {
        usagePage: 0x01,
        usage: 0x02,
        inputReports: [
          {
            reportId: 0,
            items: [{ isRange: true, usageMinimum: 0x00090001, usageMaximum: 0x00090008, reportSize: 1, reportCount: 8, isAbsolute: true, logicalMaximum: 1 }],
          },
        ],
      },
      {
        usagePage: 0x0b,
        usage: 0x05,
        inputReports: [
          {
            reportId: 0,
            items: [
              {
                isRange: true,
                usageMinimum: 0x000b0020,
                usageMaximum: 0x000b0021,
                reportSize: 1,
                reportCount: 2,
                isAbsolute: true,
                hasPreferredState: false,
                logicalMaximum: 1,
              },
            ],
          },
        ],
      },
    ]);
    // The mouse's Button 7 is not a reject key.
    expect(Object.keys(layout.inputs)).toEqual(['hookSwitch', 'flash']);
    expect(layout.inputs.flash).toMatchObject({ reportId: 0, bit: 1, encoding: 'state' });
  });
});

describe('vendor-id:product-id table', () => {
  it('knows the older Plantronics vendor-page models from the CounterPath profiles, and nothing else', () => {
    expect(vendorModel(0x047f, 0xc00e)).toBe('Plantronics C310');
    expect(vendorLayout(0x047f, 0xc056)).toBeNull(); // Blackwire 3220 speaks the Telephony page
    expect(vendorLayout(0x0b0e, 0x0422)).toBeNull();
    expect(vendorLayout(0x047f, 0xc00e)).toEqual({
      telephony: true,
      inputs: {
        hookSwitch: { reportId: 0x14, bit: 3, size: 1, encoding: 'toggle', logicalMin: 0, logicalMax: 1 },
        phoneMute: { reportId: 0x14, bit: 2, size: 1, encoding: 'toggle', logicalMin: 0, logicalMax: 1 },
      },
      outputs: { offHook: { reportId: 0x19, bit: 1, size: 1 }, mute: { reportId: 0x1a, bit: 0, size: 1 } },
      reportLengths: { input: { '20': 1 }, output: { '25': 1, '26': 1 } },
    });
    // BUA-100 has no mute button; BT300 has hold/flash and a vendor-page ring.
    expect(vendorLayout(0x047f, 0x4254)?.inputs.phoneMute).toBeUndefined();
    expect(vendorLayout(0x047f, 0x0413)).toMatchObject({ inputs: { flash: { reportId: 0x14, bit: 4 } }, outputs: { ring: { reportId: 0x19, bit: 2 } } });
  });

  it('the assumed 0xFFA0 positions are exactly those of the Blackwire 3220 vendor collection', () => {
    const parsed = parseReportDescriptor(readHexFixture(FIXTURES.blackwire));
    for (const pid of [0xc00e, 0x0413, 0x0715, 0xaa05]) {
      const table = vendorLayout(0x047f, pid)!;
      const fromDescriptor = vendorLayoutFromDescriptor(parsed, 0x047f, pid)!;
      expect(fromDescriptor.inputs.hookSwitch).toMatchObject({ reportId: 0x14, bit: 3 });
      // Encodings come from the profile in the table and from the flags with a descriptor; the positions agree.
      const strip = (l: typeof table) => ({ ...l, inputs: Object.fromEntries(Object.entries(l.inputs).map(([k, v]) => [k, { ...v, encoding: null }])) });
      expect(strip(fromDescriptor)).toEqual(strip(table));
    }
  });

  it('falls back to the table only when the standard pages give no hook switch', () => {
    const blackwire = layoutOf(FIXTURES.blackwire);
    expect(withVendorFallback(blackwire, 0x047f, 0xc00e)).toBe(blackwire);
    const h540 = layoutOf(FIXTURES.h540);
    expect(withVendorFallback(h540, 0x046d, 0x0a37)).toBe(h540);
    expect(withVendorFallback(h540, 0x047f, 0xc00e)).toEqual(vendorLayout(0x047f, 0xc00e));
    // A C310-like device declaring only the Telephony Ringer keeps it next to the vendor controls.
    const ringerOnly = { telephony: true, inputs: {}, outputs: { ringer: { reportId: 5, bit: 0, size: 1 } }, reportLengths: { input: {}, output: { '5': 1 } } };
    expect(withVendorFallback(ringerOnly, 0x047f, 0xc00e)).toMatchObject({
      outputs: { ringer: { reportId: 5 }, offHook: { reportId: 0x19 } },
      reportLengths: { output: { '5': 1, '25': 1, '26': 1 } },
    });
  });
});

describe('headset describe FILE', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-hid-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string | Uint8Array) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  it('reads hex with comments, 0x prefixes and commas, and raw binary alike', () => {
    const bytes = readHexFixture(FIXTURES.blackwireTlc);
    const hex = Array.from(bytes, (b) => `0x${b.toString(16).padStart(2, '0')}`);
    const text = write('prefixed.hex', `# a comment\n   # an indented comment\n${hex.slice(0, 10).join(', ')}\r\n${hex.slice(10).join('\t')}\n`);
    expect(readDescriptorFile(text).bytes).toEqual(bytes);
    expect(readDescriptorFile(write('raw.bin', bytes)).bytes).toEqual(bytes);
    expect(JSON.parse(describeFile(write('raw2.bin', bytes)))).toEqual(BLACKWIRE_3220);
  });

  it('names the line of a bad hex token, and the byte offset (and line) of a malformed descriptor', () => {
    expect(() => readDescriptorFile(write('bad.hex', '05 0B\n09 5\n'))).toThrow(/bad\.hex:2: "5" is not a hex byte/);
    expect(() => readDescriptorFile(write('empty.hex', '# nothing\n'))).toThrow(/holds no descriptor bytes/);
    expect(() => describeFile(write('cut.hex', '05 0B 09 05 A1 01\n85 08 15 00 25 01 09 2F 75 01 95\n'))).toThrow(
      /cut\.hex:2: not a valid report descriptor: byte 16: item 0x95 \(Report Count\) needs 1 byte, the descriptor ends$/,
    );
    expect(() => describeFile(write('cut.bin', Uint8Array.from([0x05, 0x0b, 0xc0])))).toThrow(
      /cut\.bin: not a valid report descriptor: byte 2: End Collection/,
    );
  });

  it('the built CLI prints the JSON, and exits 1 on a malformed descriptor', async () => {
    const ok = await runCli(['headset', 'describe', path.join(FIXTURE_DIR, FIXTURES.blackwire)]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual(BLACKWIRE_3220);

    const bad = await runCli(['headset', 'describe', write('bad-cli.hex', '05 0B 09 05 A1 01 85')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(
      /^anlauf: .*bad-cli\.hex:1: not a valid report descriptor: byte 6: item 0x85 \(Report ID\) needs 1 byte, the descriptor ends\n$/,
    );

    const usage = await runCli(['headset', 'describe']);
    expect(usage.code).toBe(2);
  });
});
