import { describe, expect, it } from 'vitest';
import { DescriptorError, parseReportDescriptor } from '../../src-main/core/headset/descriptor';
import { describeLayout } from '../../src-main/core/headset/describe';
import { telephonyLayout } from '../../src-main/core/headset/telephony-layout';
import { vendorLayoutFromDescriptor } from '../../src-main/core/headset/vendor-table';
import { FIXTURES, readHexFixture } from '../fixtures/hid/descriptor-builder';

/** mulberry32: small, seeded, good enough to spread cases. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Items that stress the limits: huge counts and sizes, 32-bit usage ranges, deep pushes, long items.
const SPICE = [
  [0x97, 0xff, 0xff, 0xff, 0x7f],
  [0x96, 0x00, 0x30],
  [0x77, 0xff, 0xff, 0xff, 0xff],
  [0x75, 0x20],
  [0x1b, 0, 0, 0, 0],
  [0x2b, 0xff, 0xff, 0xff, 0xff],
  [0x19, 0x00],
  [0x2a, 0xff, 0xff],
  [0xa4],
  [0xb4],
  [0xa1, 0x01],
  [0xc0],
  [0xfe, 0x03, 0x00, 1, 2, 3],
  [0xfe, 0xff, 0x00],
  [0x85, 0x01],
  [0x85, 0xff],
  [0x15, 0xff],
  [0x27, 0xff, 0xff, 0xff, 0xff],
  [0xa9, 0x01],
  [0xa9, 0x00],
  [0x81, 0x02],
  [0x91, 0x22],
  [0xb1, 0x03],
  [0x82, 0x02, 0x01],
  [0x09, 0x20],
  [0x05, 0x0b],
];

const SEEDS = Object.values(FIXTURES).map(readHexFixture);

function mutate(random: () => number): Uint8Array {
  const int = (n: number) => Math.floor(random() * n);
  if (random() < 0.3) return Uint8Array.from({ length: int(300) }, () => int(256));
  const out = [...(SEEDS[int(SEEDS.length)] as Uint8Array)];
  const edits = 1 + int(6);
  for (let e = 0; e < edits; e++) {
    const at = int(out.length + 1);
    switch (int(6)) {
      case 0:
        if (out.length) out[at % out.length] = int(256);
        break;
      case 1:
        out.splice(at, 0, ...Array.from({ length: 1 + int(8) }, () => int(256)));
        break;
      case 2:
        out.splice(at, 1 + int(16));
        break;
      case 3:
        out.length = Math.min(out.length, at);
        break;
      case 4:
        out.splice(at, 0, ...(SPICE[int(SPICE.length)] as number[]));
        break;
      default: {
        const from = int(out.length + 1);
        out.splice(at, 0, ...out.slice(from, from + int(40)));
      }
    }
  }
  return Uint8Array.from(out);
}

describe('report descriptor fuzz', () => {
  it('10 000 random and mutated descriptors: a layout or a DescriptorError with a byte offset, each fast', () => {
    const random = prng(0x48494421);
    const run = (input: Uint8Array) => {
      try {
        const parsed = parseReportDescriptor(input);
        describeLayout(telephonyLayout(parsed));
        vendorLayoutFromDescriptor(parsed, 0x047f, 0x0413);
        return 'layout';
      } catch (error) {
        if (!(error instanceof DescriptorError)) throw new Error(`not a DescriptorError for ${Buffer.from(input).toString('hex')}: ${String(error)}`);
        expect(Number.isInteger(error.offset) && error.offset >= 0 && error.offset <= input.length).toBe(true);
        expect(error.message).toMatch(/^byte \d+: /);
        return 'error';
      }
    };
    const counts = { layout: 0, error: 0 };
    let slowest = 0;
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const input = mutate(random);
      const t0 = performance.now();
      counts[run(input)]++;
      let took = performance.now() - t0;
      // One retry tells a garbage-collection pause from a slow input.
      if (took > 50) {
        const t1 = performance.now();
        run(input);
        took = performance.now() - t1;
      }
      expect(took, `case ${i}: ${Buffer.from(input).toString('hex')}`).toBeLessThan(50);
      slowest = Math.max(slowest, took);
    }
    const total = performance.now() - started;
    // Both outcomes must be common, or the mutations are not reaching the parser's depth.
    expect(counts.layout).toBeGreaterThan(1000);
    expect(counts.error).toBeGreaterThan(1000);
    expect(total, `${counts.layout} layouts, ${counts.error} errors, slowest ${slowest.toFixed(2)} ms`).toBeLessThan(15_000);
  });
});
