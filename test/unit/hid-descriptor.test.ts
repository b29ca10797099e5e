import { describe, expect, it } from 'vitest';
import { DescriptorError, parseReportDescriptor, usageAt } from '../../src-main/core/headset/descriptor';
import { telephonyLayout } from '../../src-main/core/headset/telephony-layout';
import { bytes, d, F } from '../fixtures/hid/descriptor-builder';

const TEL = 0x0b;
const LED = 0x08;
const telephonyTlc = (...body: number[][]) => bytes(d.usagePage(TEL), d.usage(0x05), d.application(), ...body, d.end());
const one = (usage: number, flags: number, min = 0, max = 1, size = 1) => [
  ...d.usage(usage),
  ...d.logMin(min),
  ...d.logMax(max),
  ...d.size(size),
  ...d.count(1),
  ...d.input(flags),
];

function parseError(b: Uint8Array): DescriptorError {
  try {
    parseReportDescriptor(b);
  } catch (error) {
    if (error instanceof DescriptorError) return error;
    throw error;
  }
  throw new Error('parsed without error');
}

describe('report descriptor parser', () => {
  it('gives each encoding its own input: state, toggle, on/off, momentary (no report ids)', () => {
    const desc = telephonyTlc(
      one(0x20, F.STATE), // hook switch: absolute, no preferred state
      one(0x2f, F.TOGGLE), // phone mute: relative, preferred state
      one(0x21, F.MOMENTARY), // flash: absolute, preferred state
      d.size(5),
      d.count(1),
      d.input(F.PAD),
      one(0x2b, F.ONOFF, -1, 1, 2), // speaker phone: relative, no preferred, −1..1
      d.size(6),
      d.count(1),
      d.input(F.PAD),
    );
    const layout = telephonyLayout(parseReportDescriptor(desc));
    expect(layout).toEqual({
      telephony: true,
      inputs: {
        hookSwitch: { reportId: 0, bit: 0, size: 1, encoding: 'state', logicalMin: 0, logicalMax: 1 },
        phoneMute: { reportId: 0, bit: 1, size: 1, encoding: 'toggle', logicalMin: 0, logicalMax: 1 },
        flash: { reportId: 0, bit: 2, size: 1, encoding: 'momentary', logicalMin: 0, logicalMax: 1 },
        speakerPhone: { reportId: 0, bit: 8, size: 2, encoding: 'onoff', logicalMin: -1, logicalMax: 1 },
      },
      outputs: {},
      reportLengths: { input: { '0': 2 }, output: {} },
    });
  });

  it('reads logical ranges as signed when the minimum is negative, unsigned otherwise (like Linux)', () => {
    const parse = (...items: number[][]) =>
      parseReportDescriptor(bytes(d.usagePage(TEL), ...items, d.usage(0x20), d.size(8), d.count(1), d.input(F.STATE))).fields[0];
    expect(parse([0x15, 0xff], [0x25, 0x01])).toMatchObject({ logicalMin: -1, logicalMax: 1 });
    expect(parse([0x15, 0x00], [0x25, 0xff])).toMatchObject({ logicalMin: 0, logicalMax: 255 });
    expect(parse([0x16, 0x00, 0x80], [0x26, 0xff, 0x7f])).toMatchObject({ logicalMin: -32768, logicalMax: 32767 });
    expect(parse([0x17, 0, 0, 0, 0x80], [0x27, 0xff, 0xff, 0xff, 0x7f])).toMatchObject({ logicalMin: -2147483648, logicalMax: 2147483647 });
    expect(parse([0x15, 0x00], [0x27, 0xff, 0xff, 0x00, 0x00])).toMatchObject({ logicalMin: 0, logicalMax: 65535 });
  });

  it('restores globals on Pop, and a Report ID set inside Push/Pop is undone too', () => {
    const desc = telephonyTlc(
      d.reportId(1),
      d.logMin(0),
      d.logMax(1),
      d.size(1),
      d.count(1),
      d.push(),
      d.size(8),
      d.count(2),
      d.usagePage(0xff00),
      d.usage(0x01),
      d.input(F.MOMENTARY),
      d.pop(),
      d.usage(0x20),
      d.input(F.STATE), // back to page 0x0B, size 1, count 1
      d.size(7),
      d.input(F.PAD),
    );
    const parsed = parseReportDescriptor(desc);
    expect(parsed.fields.map((f) => [f.bitOffset, f.size, f.count, f.usages[0]?.min ?? null])).toEqual([
      [0, 8, 2, 0xff000001],
      [16, 1, 1, 0x000b0020],
      [17, 7, 1, null],
    ]);
    expect(parsed.reportBits.input.get(1)).toBe(24);
    expect(telephonyLayout(parsed).inputs.hookSwitch).toMatchObject({ reportId: 1, bit: 16, encoding: 'state' });
  });

  it('skips long items wherever they stand', () => {
    const plain = telephonyTlc(one(0x20, F.STATE), d.size(7), d.input(F.PAD));
    const withLong = telephonyTlc(d.long(0xf0, [1, 2, 3, 4, 5]), one(0x20, F.STATE), d.long(0x10, []), d.size(7), d.input(F.PAD));
    expect(parseReportDescriptor(withLong).fields).toEqual(
      parseReportDescriptor(plain).fields.map((f) => ({ ...f, offset: f.offset + (f.offset > 6 ? 8 : 0) + (f.size === 7 ? 3 : 0) })),
    );
    expect(telephonyLayout(parseReportDescriptor(withLong))).toEqual(telephonyLayout(parseReportDescriptor(plain)));
  });

  it('reads 2-byte main item data (82 02 01: Variable, Buffered Bytes)', () => {
    const desc = bytes(d.usagePage(0xff00), d.usage(1), d.application(), d.usage(2), d.size(8), d.count(4), [0x82, 0x02, 0x01], [0x92, 0x22, 0x00], d.end());
    const [input, output] = parseReportDescriptor(desc).fields;
    expect(input).toMatchObject({ type: 'input', rawFlags: 0x0102, flags: { variable: true, bufferedBytes: true, constant: false } });
    expect(output).toMatchObject({ type: 'output', rawFlags: 0x22, bitOffset: 0, flags: { preferredState: false, bufferedBytes: false } });
  });

  it('applies the Usage Page at the main item: 09 07 05 09 … 81 02 is Button 7 = reject', () => {
    const desc = telephonyTlc(
      d.usage(0x07),
      d.usagePage(0x09),
      d.size(1),
      d.count(1),
      d.logMin(0),
      d.logMax(1),
      d.input(F.MOMENTARY),
      d.size(7),
      d.input(F.PAD),
    );
    const parsed = parseReportDescriptor(desc);
    expect(parsed.fields[0]?.usages).toEqual([{ min: 0x00090007, max: 0x00090007 }]);
    expect(telephonyLayout(parsed).inputs).toEqual({ reject: { reportId: 0, bit: 0, size: 1, encoding: 'momentary', logicalMin: 0, logicalMax: 1 } });
  });

  it('keeps the page of a 4-byte (extended) usage and expands Usage Minimum..Maximum', () => {
    const desc = telephonyTlc(
      d.usagePage(0x0c),
      d.extUsage(TEL, 0x2f),
      d.logMin(0),
      d.logMax(1),
      d.size(1),
      d.count(1),
      d.input(F.TOGGLE),
      d.usagePage(TEL),
      d.usageMin(0x20),
      d.usageMax(0x21),
      d.count(2),
      d.input(F.STATE),
      d.count(5),
      d.input(F.PAD),
    );
    const parsed = parseReportDescriptor(desc);
    expect(usageAt(parsed.fields[1]!, 1)).toBe(0x000b0021);
    expect(telephonyLayout(parsed).inputs).toMatchObject({
      phoneMute: { bit: 0, encoding: 'toggle' },
      hookSwitch: { bit: 1, encoding: 'state' },
      flash: { bit: 2, encoding: 'state' },
    });
  });

  it('keeps Constant fields that carry usages (Jabra 81 23 hook switch, 81 07 mute); drops usage-less padding', () => {
    const desc = telephonyTlc(
      d.reportId(3),
      d.logMin(0),
      d.logMax(1),
      d.size(1),
      d.count(1),
      d.usage(0x20),
      d.input(0x23), // Cnst,Var,Abs,NoPref
      d.usage(0x2f),
      d.input(0x07), // Cnst,Var,Rel
      d.count(6),
      d.input(0x01), // padding
    );
    const layout = telephonyLayout(parseReportDescriptor(desc));
    expect(layout.inputs).toMatchObject({
      hookSwitch: { reportId: 3, bit: 0, encoding: 'state' },
      phoneMute: { reportId: 3, bit: 1, encoding: 'toggle' },
    });
    expect(layout.reportLengths.input).toEqual({ '3': 1 });
  });

  it('counts bit offsets per report type and report id (Gigaset-style input, PowerConf-style output)', () => {
    const desc = telephonyTlc(
      d.reportId(2),
      d.logMin(0),
      d.logMax(1),
      d.size(1),
      d.count(1),
      d.usage(0x20),
      d.input(F.STATE),
      d.usage(0x97),
      d.input(F.STATE),
      d.usage(0x2a),
      d.input(F.STATE),
      d.usage(0x2f),
      d.input(F.TOGGLE),
      d.usage(0x21),
      d.usage(0x24),
      d.usage(0x50),
      d.count(3),
      d.input(F.TOGGLE),
      d.usagePage(0x09),
      d.usage(0x07),
      d.count(1),
      d.input(F.TOGGLE),
      d.count(8),
      d.input(F.PAD),
      // Outputs in the same report id 2 start at bit 0 again.
      d.usagePage(LED),
      d.usage(0x17),
      d.usage(0x09),
      d.usage(0x18),
      d.usage(0x20),
      d.usage(0x21),
      d.count(5),
      d.output(F.STATE),
      d.usagePage(TEL),
      d.usage(0x9e),
      d.count(1),
      d.output(F.STATE),
      d.count(10),
      d.output(F.PAD),
      // A second report id for input.
      d.reportId(5),
      d.usagePage(TEL),
      d.usage(0x26),
      d.count(1),
      d.input(F.TOGGLE),
      d.count(7),
      d.input(F.PAD),
    );
    const layout = telephonyLayout(parseReportDescriptor(desc));
    expect(layout.inputs).toEqual({
      hookSwitch: { reportId: 2, bit: 0, size: 1, encoding: 'state', logicalMin: 0, logicalMax: 1 },
      phoneMute: { reportId: 2, bit: 3, size: 1, encoding: 'toggle', logicalMin: 0, logicalMax: 1 },
      flash: { reportId: 2, bit: 4, size: 1, encoding: 'toggle', logicalMin: 0, logicalMax: 1 },
      reject: { reportId: 2, bit: 7, size: 1, encoding: 'toggle', logicalMin: 0, logicalMax: 1 },
      redial: { reportId: 2, bit: 5, size: 1, encoding: 'toggle', logicalMin: 0, logicalMax: 1 },
      drop: { reportId: 5, bit: 0, size: 1, encoding: 'toggle', logicalMin: 0, logicalMax: 1 },
      lineBusy: { reportId: 2, bit: 1, size: 1, encoding: 'state', logicalMin: 0, logicalMax: 1 },
    });
    expect(layout.outputs).toEqual({
      offHook: { reportId: 2, bit: 0, size: 1 },
      mute: { reportId: 2, bit: 1, size: 1 },
      ring: { reportId: 2, bit: 2, size: 1 },
      hold: { reportId: 2, bit: 3, size: 1 },
      microphone: { reportId: 2, bit: 4, size: 1 },
      ringer: { reportId: 2, bit: 5, size: 1 },
    });
    expect(layout.reportLengths).toEqual({ input: { '2': 2, '5': 1 }, output: { '2': 2 } });
  });

  it('rounds a report length up to whole bytes', () => {
    const desc = telephonyTlc(d.reportId(1), one(0x20, F.STATE), d.size(3), d.count(3), d.input(F.PAD)); // 10 bits
    expect(telephonyLayout(parseReportDescriptor(desc)).reportLengths.input).toEqual({ '1': 2 });
  });

  it('records the collection tree and the field that each collection holds', () => {
    const desc = bytes(d.usagePage(TEL), d.usage(0x05), d.application(), d.usage(0x06), d.logical(), one(0x20, F.STATE), d.end(), d.end());
    const parsed = parseReportDescriptor(desc);
    expect(parsed.collections).toEqual([
      { parent: null, kind: 1, usagePage: TEL, usage: 0x05, offset: 4 },
      { parent: 0, kind: 2, usagePage: TEL, usage: 0x06, offset: 8 },
    ]);
    expect(parsed.fields[0]?.collection).toBe(1);
    expect(parsed.usesReportIds).toBe(false);
  });

  describe('errors name the byte offset', () => {
    it('an item cut off by the end', () => {
      const b = bytes(d.usagePage(TEL), d.usage(0x05), d.application(), d.reportId(8), d.logMin(0), d.logMax(1), d.usage(0x2f), d.size(1), [0x95]);
      expect(b.length).toBe(17);
      expect(parseError(b).message).toBe('byte 16: item 0x95 (Report Count) needs 1 byte, the descriptor ends');
      expect(parseError(b).offset).toBe(16);
      expect(parseError(bytes([0x05, 0x0b, 0x0b, 0x20, 0x00])).message).toBe('byte 2: item 0x0B (Usage) needs 4 bytes, the descriptor ends');
    });
    it('a long item cut off', () => {
      expect(parseError(bytes([0x05, 0x0b, 0xfe, 0x05, 0x10, 1, 2])).message).toBe('byte 2: long item 0xFE needs 5 data bytes, the descriptor ends');
      expect(parseError(bytes([0xfe, 0x01])).offset).toBe(0);
    });
    it('unbalanced collections, push/pop and delimiters', () => {
      expect(parseError(bytes(d.usage(1), d.end())).message).toBe('byte 2: End Collection (0xC0) without an open collection');
      expect(parseError(bytes(d.usagePage(TEL), d.usage(5), d.application())).message).toMatch(
        /^byte 6: the descriptor ends with 1 collection still open \(the innermost opened at byte 4\)$/,
      );
      expect(parseError(bytes(d.pop())).message).toBe('byte 0: Pop (0xB4) without a Push');
      expect(parseError(bytes(...Array.from({ length: 17 }, () => d.push()))).offset).toBe(16);
      expect(parseError(bytes([0xa9, 0x00])).message).toBe('byte 0: Delimiter (0xA9) close without an open');
    });
    it('reserved items and impossible values', () => {
      expect(parseError(bytes([0x05, 0x0b, 0x0d])).message).toBe('byte 2: item 0x0D has the reserved item type 3');
      expect(parseError(bytes([0xc4])).message).toBe('byte 0: item 0xC4 is a reserved global item');
      expect(parseError(bytes([0x85, 0x00])).message).toBe('byte 0: item 0x85 (Report ID): report id 0 is outside 1..255');
      expect(parseError(bytes(d.size(1), [0x97, 0xff, 0xff, 0xff, 0xff], d.input(2))).message).toMatch(
        /^byte 7: item 0x81 \(Input\): Report Count 4294967295 is over 12288$/,
      );
      expect(parseError(bytes(d.size(300), d.count(1), d.input(2))).message).toMatch(/Report Size 300 is over 256 bits/);
      expect(parseError(bytes(d.size(256), d.count(300), d.input(2), d.input(2))).message).toMatch(/^byte 8: .*input report 0 grows over 16384 bytes$/);
    });
  });
});
