/**
 * A USB HID report-descriptor parser (Device Class Definition for HID 1.11, §6.2.2). It turns the
 * byte stream into collections and report fields with resolved 32-bit usages and bit positions;
 * telephony-layout.ts then picks the call controls out of that. It knows nothing about headsets.
 *
 * Limits follow Linux hid-core, so a descriptor the kernel accepts is accepted here and a hostile
 * one cannot make us allocate or loop without bound.
 */

export type ReportType = 'input' | 'output' | 'feature';

/** A usage or a Usage Minimum..Maximum range, as 32-bit extended usages (page << 16 | id). */
export interface UsageRange {
  min: number;
  max: number;
}

export interface MainItemFlags {
  constant: boolean;
  variable: boolean;
  relative: boolean;
  wrap: boolean;
  nonLinear: boolean;
  /** The inverse of the descriptor's "No Preferred State" bit. */
  preferredState: boolean;
  nullState: boolean;
  volatile: boolean;
  bufferedBytes: boolean;
}

export interface HidCollection {
  /** Index into ParsedDescriptor.collections; null for a top-level collection. */
  parent: number | null;
  /** 0 Physical, 1 Application, 2 Logical, 3 Report, 4 Named Array, 5 Usage Switch, 6 Usage Modifier. */
  kind: number;
  usagePage: number;
  usage: number;
  /** Byte offset of the Collection item. */
  offset: number;
}

export interface ReportField {
  type: ReportType;
  /** 0 when the descriptor declares no report ids. */
  reportId: number;
  /** First bit of the field, counted from the first bit after the report id byte. */
  bitOffset: number;
  size: number;
  count: number;
  flags: MainItemFlags;
  /** Raw main-item data (flags as written). */
  rawFlags: number;
  /** In declaration order; for a Variable field element i takes the i-th usage (the last repeats). */
  usages: UsageRange[];
  logicalMin: number;
  logicalMax: number;
  physicalMin: number;
  physicalMax: number;
  unit: number;
  unitExponent: number;
  /** Innermost enclosing collection (index into collections), null outside any. */
  collection: number | null;
  /** Byte offset of the Input/Output/Feature item. */
  offset: number;
}

export interface ParsedDescriptor {
  collections: HidCollection[];
  fields: ReportField[];
  usesReportIds: boolean;
  /** Total bits per report id, by type. */
  reportBits: Record<ReportType, Map<number, number>>;
}

/** The descriptor cannot be read; `offset` is the byte where the offending item starts. */
export class DescriptorError extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(`byte ${offset}: ${problem}`);
    this.name = 'DescriptorError';
  }
}

// Linux: HID_MAX_USAGES, report_size > 256 rejected, HID_MAX_BUFFER_SIZE, HID_GLOBAL_STACK_SIZE is 4
// there; real descriptors never nest pushes deeply, so 16 is generous and still bounded.
export const MAX_REPORT_COUNT = 12288;
export const MAX_REPORT_SIZE = 256;
export const MAX_REPORT_BYTES = 16384;
const MAX_PUSH_DEPTH = 16;
const MAX_USAGES_PER_ITEM = 4096;

const ITEM_NAMES: Record<number, string> = {
  0x80: 'Input',
  0x90: 'Output',
  0xb0: 'Feature',
  0xa0: 'Collection',
  0xc0: 'End Collection',
  0x04: 'Usage Page',
  0x14: 'Logical Minimum',
  0x24: 'Logical Maximum',
  0x34: 'Physical Minimum',
  0x44: 'Physical Maximum',
  0x54: 'Unit Exponent',
  0x64: 'Unit',
  0x74: 'Report Size',
  0x84: 'Report ID',
  0x94: 'Report Count',
  0xa4: 'Push',
  0xb4: 'Pop',
  0x08: 'Usage',
  0x18: 'Usage Minimum',
  0x28: 'Usage Maximum',
  0x38: 'Designator Index',
  0x48: 'Designator Minimum',
  0x58: 'Designator Maximum',
  0x78: 'String Index',
  0x88: 'String Minimum',
  0x98: 'String Maximum',
  0xa8: 'Delimiter',
};

function itemName(prefix: number): string {
  const name = ITEM_NAMES[prefix & 0xfc];
  return `item 0x${hex2(prefix)}${name ? ` (${name})` : ''}`;
}

export function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

interface GlobalState {
  usagePage: number;
  logicalMin: number;
  logicalMax: number;
  physicalMin: number;
  physicalMax: number;
  unitExponent: number;
  unit: number;
  reportSize: number;
  reportCount: number;
  reportId: number;
}

/** A local usage before the main item: ids of ≤ 2 bytes still wait for their page. */
interface PendingUsage {
  value: number;
  extended: boolean;
}

function decodeFlags(data: number): MainItemFlags {
  return {
    constant: (data & 0x01) !== 0,
    variable: (data & 0x02) !== 0,
    relative: (data & 0x04) !== 0,
    wrap: (data & 0x08) !== 0,
    nonLinear: (data & 0x10) !== 0,
    preferredState: (data & 0x20) === 0,
    nullState: (data & 0x40) !== 0,
    volatile: (data & 0x80) !== 0,
    bufferedBytes: (data & 0x100) !== 0,
  };
}

function signed(value: number, size: number): number {
  if (size === 1) return (value << 24) >> 24;
  if (size === 2) return (value << 16) >> 16;
  return value | 0;
}

export function parseReportDescriptor(bytes: Uint8Array): ParsedDescriptor {
  const collections: HidCollection[] = [];
  const fields: ReportField[] = [];
  const reportBits: Record<ReportType, Map<number, number>> = { input: new Map(), output: new Map(), feature: new Map() };
  let usesReportIds = false;

  let global: GlobalState = {
    usagePage: 0,
    logicalMin: 0,
    logicalMax: 0,
    physicalMin: 0,
    physicalMax: 0,
    unitExponent: 0,
    unit: 0,
    reportSize: 0,
    reportCount: 0,
    reportId: 0,
  };
  const stack: GlobalState[] = [];
  const open: number[] = []; // indexes of open collections, innermost last

  // Local state, cleared after every main item.
  let usages: PendingUsage[] = [];
  let ranges: { min: PendingUsage; max: PendingUsage }[] = [];
  let usageMin: PendingUsage | null = null;
  let usageMax: PendingUsage | null = null;
  let delimiterDepth = 0;
  let delimiterUsageTaken = false;
  const resetLocal = () => {
    usages = [];
    ranges = [];
    usageMin = null;
    usageMax = null;
  };

  // The Usage Page applies at the main item (as Linux and Windows do): `09 07 05 09 … 81 02` is
  // Button 7, even though the page item comes after the usage.
  const resolve = (u: PendingUsage) => (u.extended ? u.value >>> 0 : ((global.usagePage << 16) | (u.value & 0xffff)) >>> 0);
  const resolvedUsages = (): UsageRange[] => {
    const out: UsageRange[] = usages.map((u) => ({ min: resolve(u), max: resolve(u) }));
    for (const r of ranges) {
      const min = resolve(r.min);
      const max = resolve(r.max);
      if (max >= min) out.push({ min, max });
    }
    return out;
  };

  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const prefix = bytes[pos] as number;

    if (prefix === 0xfe) {
      // Long item: FE, data size, tag, data. No long item tags are defined; skip its data.
      if (pos + 3 > bytes.length) throw new DescriptorError(start, 'long item 0xFE needs a size and a tag byte, the descriptor ends');
      const size = bytes[pos + 1] as number;
      if (pos + 3 + size > bytes.length) throw new DescriptorError(start, `long item 0xFE needs ${size} data bytes, the descriptor ends`);
      pos += 3 + size;
      continue;
    }

    // Type 3 is reserved for the long item (0xFE) alone; its other prefixes mean nothing.
    if (((prefix >> 2) & 0x03) === 3) throw new DescriptorError(start, `${itemName(prefix)} has the reserved item type 3`);
    const sizeCode = prefix & 0x03;
    const size = sizeCode === 3 ? 4 : sizeCode;
    if (pos + 1 + size > bytes.length) {
      throw new DescriptorError(start, `${itemName(prefix)} needs ${size} byte${size === 1 ? '' : 's'}, the descriptor ends`);
    }
    let data = 0;
    for (let i = 0; i < size; i++) data |= (bytes[pos + 1 + i] as number) << (8 * i);
    data >>>= 0;
    pos += 1 + size;

    const type = (prefix >> 2) & 0x03;
    const tag = prefix >> 4;

    if (type === 0) {
      // Main item.
      if (tag === 0x8 || tag === 0x9 || tag === 0xb) {
        const reportType: ReportType = tag === 0x8 ? 'input' : tag === 0x9 ? 'output' : 'feature';
        if (global.reportSize > MAX_REPORT_SIZE)
          throw new DescriptorError(start, `${itemName(prefix)}: Report Size ${global.reportSize} is over ${MAX_REPORT_SIZE} bits`);
        if (global.reportCount > MAX_REPORT_COUNT)
          throw new DescriptorError(start, `${itemName(prefix)}: Report Count ${global.reportCount} is over ${MAX_REPORT_COUNT}`);
        const bits = global.reportSize * global.reportCount;
        const offset = reportBits[reportType].get(global.reportId) ?? 0;
        if (offset + bits > MAX_REPORT_BYTES * 8) {
          throw new DescriptorError(start, `${itemName(prefix)}: ${reportType} report ${global.reportId} grows over ${MAX_REPORT_BYTES} bytes`);
        }
        reportBits[reportType].set(global.reportId, offset + bits);
        if (bits > 0) {
          fields.push({
            type: reportType,
            reportId: global.reportId,
            bitOffset: offset,
            size: global.reportSize,
            count: global.reportCount,
            flags: decodeFlags(data),
            rawFlags: data,
            usages: resolvedUsages(),
            logicalMin: global.logicalMin,
            logicalMax: global.logicalMax,
            physicalMin: global.physicalMin,
            physicalMax: global.physicalMax,
            unit: global.unit,
            unitExponent: global.unitExponent,
            collection: open.length ? (open[open.length - 1] as number) : null,
            offset: start,
          });
        }
      } else if (tag === 0xa) {
        const first = resolvedUsages()[0];
        const usage = first ? first.min : global.usagePage << 16;
        collections.push({
          parent: open.length ? (open[open.length - 1] as number) : null,
          kind: data & 0xff,
          usagePage: usage >>> 16,
          usage: usage & 0xffff,
          offset: start,
        });
        open.push(collections.length - 1);
      } else if (tag === 0xc) {
        if (!open.length) throw new DescriptorError(start, 'End Collection (0xC0) without an open collection');
        open.pop();
      }
      // Other main tags are reserved; Linux skips them, and so do we.
      resetLocal();
    } else if (type === 1) {
      // Global item.
      switch (tag) {
        case 0x0:
          global.usagePage = data & 0xffff;
          break;
        case 0x1:
          global.logicalMin = signed(data, size);
          break;
        case 0x2:
          // Linux: the maximum is signed only when the minimum is negative; `15 00 25 FF` means
          // 0..255 on real devices, `15 FF 25 01` is −1..1.
          global.logicalMax = global.logicalMin < 0 ? signed(data, size) : data;
          break;
        case 0x3:
          global.physicalMin = signed(data, size);
          break;
        case 0x4:
          global.physicalMax = global.physicalMin < 0 ? signed(data, size) : data;
          break;
        case 0x5:
          global.unitExponent = signed(data, size);
          break;
        case 0x6:
          global.unit = data;
          break;
        case 0x7:
          global.reportSize = data;
          break;
        case 0x8:
          if (data === 0 || data > 0xff) throw new DescriptorError(start, `${itemName(prefix)}: report id ${data} is outside 1..255`);
          global.reportId = data;
          usesReportIds = true;
          break;
        case 0x9:
          global.reportCount = data;
          break;
        case 0xa:
          if (stack.length >= MAX_PUSH_DEPTH) throw new DescriptorError(start, `Push (0xA4) nested more than ${MAX_PUSH_DEPTH} deep`);
          stack.push({ ...global });
          break;
        case 0xb: {
          const top = stack.pop();
          if (!top) throw new DescriptorError(start, 'Pop (0xB4) without a Push');
          global = top;
          break;
        }
        default:
          // Linux refuses unknown global tags: they change state we cannot interpret.
          throw new DescriptorError(start, `${itemName(prefix)} is a reserved global item`);
      }
    } else {
      // Local item.
      const pending: PendingUsage = { value: data, extended: size === 4 };
      switch (tag) {
        case 0x0:
          // Inside a delimiter set only the first usage counts (the others are aliases).
          if (delimiterDepth > 0) {
            if (delimiterUsageTaken) break;
            delimiterUsageTaken = true;
          }
          if (usages.length + ranges.length >= MAX_USAGES_PER_ITEM)
            throw new DescriptorError(start, `more than ${MAX_USAGES_PER_ITEM} usages before one main item`);
          usages.push(pending);
          break;
        case 0x1:
          usageMin = pending;
          break;
        case 0x2:
          usageMax = pending;
          break;
        case 0xa:
          if (data === 1) {
            if (delimiterDepth > 0) throw new DescriptorError(start, 'nested Delimiter (0xA9) open');
            delimiterDepth = 1;
            delimiterUsageTaken = false;
          } else if (data === 0) {
            if (delimiterDepth === 0) throw new DescriptorError(start, 'Delimiter (0xA9) close without an open');
            delimiterDepth = 0;
          }
          break;
        default:
          // Designator and string items carry nothing we use.
          break;
      }
      if (usageMin && usageMax) {
        if (usages.length + ranges.length >= MAX_USAGES_PER_ITEM)
          throw new DescriptorError(start, `more than ${MAX_USAGES_PER_ITEM} usages before one main item`);
        ranges.push({ min: usageMin, max: usageMax });
        usageMin = null;
        usageMax = null;
      }
    }
  }

  if (open.length) {
    const innermost = collections[open[open.length - 1] as number] as HidCollection;
    throw new DescriptorError(
      bytes.length,
      `the descriptor ends with ${open.length} collection${open.length === 1 ? '' : 's'} still open (the innermost opened at byte ${innermost.offset})`,
    );
  }
  return { collections, fields, usesReportIds, reportBits };
}

/** Usage of element `index` of a Variable field, or null when it has none (usage-less padding). */
export function usageAt(field: Pick<ReportField, 'usages'>, index: number): number | null {
  let rest = index;
  let last: number | null = null;
  for (const r of field.usages) {
    const n = r.max - r.min + 1;
    if (rest < n) return r.min + rest;
    rest -= n;
    last = r.max;
  }
  return last;
}

/**
 * The element index of `usage` in a Variable field (first occurrence), or null. Walks the ranges,
 * never expands them: a fuzzed 0..0xFFFFFFFF range costs nothing.
 */
export function indexOfUsage(field: { usages: readonly UsageRange[]; count: number }, usage: number): number | null {
  let index = 0;
  for (const r of field.usages) {
    if (usage >= r.min && usage <= r.max) {
      const i = index + (usage - r.min);
      return i < field.count ? i : null;
    }
    index += r.max - r.min + 1;
    if (index >= field.count) return null;
  }
  return null;
}
