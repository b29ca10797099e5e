/**
 * Picks the call controls out of a headset's report fields and says how each is encoded. The same
 * picking serves a parsed descriptor (telephonyLayout) and WebHID collections (webhid-layout.ts):
 * both are first brought into the small `LayoutField` shape below.
 */
import { indexOfUsage, type ParsedDescriptor, type ReportType, type UsageRange } from './descriptor';
import {
  INPUT_NAMES,
  OUTPUT_NAMES,
  type InputEncoding,
  type InputField,
  type InputName,
  type OutputField,
  type OutputName,
  type TelephonyLayout,
} from './layout';

const TELEPHONY = 0x0b;
const LED = 0x08;
const BUTTON = 0x09;
const usage = (page: number, id: number) => ((page << 16) | id) >>> 0;

/** Input names by usage. Reject is Button 7; 0x0B:07 is the same item read by a parser that applies the
 * Usage Page at the usage item rather than the main item (Chromium's WebHID), so both count. */
export const INPUT_USAGES: Record<InputName, readonly number[]> = {
  hookSwitch: [usage(TELEPHONY, 0x20)],
  flash: [usage(TELEPHONY, 0x21)],
  redial: [usage(TELEPHONY, 0x24)],
  drop: [usage(TELEPHONY, 0x26)],
  speakerPhone: [usage(TELEPHONY, 0x2b)],
  phoneMute: [usage(TELEPHONY, 0x2f)],
  lineBusy: [usage(TELEPHONY, 0x97)],
  reject: [usage(BUTTON, 0x07), usage(TELEPHONY, 0x07)],
};

export const OUTPUT_USAGES: Record<OutputName, number> = {
  mute: usage(LED, 0x09),
  offHook: usage(LED, 0x17),
  ring: usage(LED, 0x18),
  speaker: usage(LED, 0x1e),
  hold: usage(LED, 0x20),
  microphone: usage(LED, 0x21),
  onLine: usage(LED, 0x2a),
  ringer: usage(TELEPHONY, 0x9e),
};

/** One report field, whatever it was read from. */
export interface LayoutField {
  type: ReportType;
  reportId: number;
  bitOffset: number;
  size: number;
  count: number;
  variable: boolean;
  relative: boolean;
  preferredState: boolean;
  logicalMin: number;
  logicalMax: number;
  usages: readonly UsageRange[];
}

/** A top-level collection and its fields in descriptor order. */
export interface LayoutCollection {
  usagePage: number;
  usage: number;
  fields: readonly LayoutField[];
}

/** google/libhidtelephony's getOnOffControlType, with "anything else" acted on at the 0→1 edge. */
export function encodingOf(f: Pick<LayoutField, 'relative' | 'preferredState' | 'logicalMin' | 'logicalMax'>): InputEncoding {
  if (!f.relative && !f.preferredState && f.logicalMin === 0 && f.logicalMax === 1) return 'state';
  if (f.relative && f.preferredState && f.logicalMin === 0 && f.logicalMax === 1) return 'toggle';
  if (f.relative && !f.preferredState && f.logicalMin === -1 && f.logicalMax === 1) return 'onoff';
  return 'momentary';
}

const hasTelephonyUsage = (c: LayoutCollection) => c.fields.some((f) => f.usages.some((r) => r.min >>> 16 <= TELEPHONY && r.max >>> 16 >= TELEPHONY));

/**
 * Which collections to search, best first. The reference (§3.1) prefers the Telephony Headset
 * collection, then Handset, then Phone; a non-telephony collection counts only when it carries
 * telephony usages itself (C-Media puts the hook switch in a Consumer collection). Others never
 * count: a mouse's Button 7 or a keyboard's LEDs are not call controls.
 */
function rank(c: LayoutCollection): number | null {
  if (c.usagePage === TELEPHONY) return c.usage === 0x05 ? 0 : c.usage === 0x04 ? 1 : c.usage === 0x01 ? 2 : 3;
  return hasTelephonyUsage(c) ? 4 : null;
}

function find(collections: readonly LayoutCollection[], type: ReportType, wanted: readonly number[]): { field: LayoutField; index: number } | null {
  for (const c of collections) {
    for (const field of c.fields) {
      // Array fields report a usage *number* rather than a bit per usage; a call-control bit
      // must be a Variable item (all known headsets declare them so).
      if (field.type !== type || !field.variable) continue;
      for (const u of wanted) {
        const index = indexOfUsage(field, u);
        if (index !== null) return { field, index };
      }
    }
  }
  return null;
}

export function layoutFromCollections(all: readonly LayoutCollection[], reportBits: Record<ReportType, Map<number, number>>): TelephonyLayout {
  const ranked = all
    .map((c, order) => ({ c, order, rank: rank(c) }))
    .filter((x): x is { c: LayoutCollection; order: number; rank: number } => x.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((x) => x.c);

  const inputs: Partial<Record<InputName, InputField>> = {};
  const outputs: Partial<Record<OutputName, OutputField>> = {};
  const lengths: TelephonyLayout['reportLengths'] = { input: {}, output: {} };
  const noteLength = (type: 'input' | 'output', reportId: number) => {
    lengths[type][String(reportId)] = Math.ceil((reportBits[type].get(reportId) ?? 0) / 8);
  };

  // In the documented name order, so printed layouts read the same for every device.
  for (const name of INPUT_NAMES) {
    const hit = find(ranked, 'input', INPUT_USAGES[name]);
    if (!hit) continue;
    const { field, index } = hit;
    inputs[name] = {
      reportId: field.reportId,
      bit: field.bitOffset + index * field.size,
      size: field.size,
      encoding: encodingOf(field),
      logicalMin: field.logicalMin,
      logicalMax: field.logicalMax,
    };
    noteLength('input', field.reportId);
  }
  for (const name of OUTPUT_NAMES) {
    const hit = find(ranked, 'output', [OUTPUT_USAGES[name]]);
    if (!hit) continue;
    const { field, index } = hit;
    outputs[name] = { reportId: field.reportId, bit: field.bitOffset + index * field.size, size: field.size };
    noteLength('output', field.reportId);
  }

  return {
    telephony: Object.keys(inputs).length > 0 || Object.keys(outputs).length > 0,
    inputs,
    outputs,
    reportLengths: { input: sortKeys(lengths.input), output: sortKeys(lengths.output) },
  };
}

/** Report ids in ascending order (integer-like keys sort so anyway; this says it). */
function sortKeys<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => Number(a) - Number(b))) as T;
}

/** The telephony layout of a parsed report descriptor. */
export function telephonyLayout(parsed: ParsedDescriptor): TelephonyLayout {
  // Group fields by top-level collection; fields outside any collection form their own group.
  const topOf = (index: number | null): number | null => {
    let i = index;
    // Parents always precede children, so this walk ends.
    while (i !== null && parsed.collections[i]?.parent != null) i = parsed.collections[i]?.parent ?? null;
    return i;
  };
  const groups = new Map<number, LayoutField[]>();
  for (const f of parsed.fields) {
    const key = topOf(f.collection) ?? -1;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push({
      type: f.type,
      reportId: f.reportId,
      bitOffset: f.bitOffset,
      size: f.size,
      count: f.count,
      variable: f.flags.variable,
      relative: f.flags.relative,
      preferredState: f.flags.preferredState,
      logicalMin: f.logicalMin,
      logicalMax: f.logicalMax,
      usages: f.usages,
    });
  }
  const collections: LayoutCollection[] = [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, fields]) => {
      const c = key >= 0 ? parsed.collections[key] : undefined;
      return { usagePage: c?.usagePage ?? 0, usage: c?.usage ?? 0, fields };
    });
  return layoutFromCollections(collections, parsed.reportBits);
}
