/**
 * Layouts for headsets whose call control lives only on a vendor page, found by vendor and product
 * id. Today that is older Plantronics/Poly (C310/C320, Savi, BT300, …) on page 0xFFA0.
 *
 * What is verified and what is not:
 * - WHICH 0xFFA0 usages carry talk, mute, flash, call state and ring, and whether a control reports
 *   a one-shot press or a state, is taken per device from the CounterPath Bria HID profiles
 *   (shared/reference/headset-profiles, one .cps file per id).
 * - WHERE those usages sit (report id, bit) is verified only for the Blackwire 3220's vendor
 *   collection (047F:C056, hidapi test data). The profiles carry no positions, so the older models
 *   are ASSUMED to use the same report map. When the real descriptor is at hand (Linux sysfs,
 *   WebHID), vendorLayoutFromDescriptor() reads the positions from it instead.
 * - A mute indicator the profile sends as a *feature* report is left out: the layout describes
 *   output reports only.
 * - Rings the profile sends on the standard Telephony page (0x0B:0x9E) are left out too: their
 *   position is unknown. withVendorFallback() takes them from the descriptor when it declares them.
 */
import { indexOfUsage, type ParsedDescriptor } from './descriptor';
import type { InputEncoding, InputField, InputName, OutputField, OutputName, TelephonyLayout } from './layout';
import { encodingOf } from './telephony-layout';

const FFA0 = (id: number) => ((0xffa0 << 16) | id) >>> 0;
const TALK = FFA0(0xb7);
const MUTE = FFA0(0xb5);
const HOLD_FLASH = FFA0(0xb3);
const CALL_STATE = FFA0(0x8f);
const RING = FFA0(0x9e);

/** Report positions in the Blackwire 3220's 0xFFA0 collection (report 0x14 in, 0x19/0x1A out). */
const FFA0_REPORT_MAP: Record<number, { type: 'input' | 'output'; reportId: number; bit: number }> = {
  [TALK]: { type: 'input', reportId: 0x14, bit: 3 },
  [MUTE]: { type: 'input', reportId: 0x14, bit: 2 },
  [HOLD_FLASH]: { type: 'input', reportId: 0x14, bit: 4 },
  [CALL_STATE]: { type: 'output', reportId: 0x19, bit: 1 },
  [RING]: { type: 'output', reportId: 0x19, bit: 2 },
};
const MUTE_LED = { type: 'output' as const, reportId: 0x1a, bit: 0 };
const FFA0_REPORT_BYTES = { input: { 0x14: 1 }, output: { 0x19: 1, 0x1a: 1 } } as Record<'input' | 'output', Record<number, number>>;

interface VendorEntry {
  /** As the profile names it. */
  model: string;
  /** Talk (B7) reports a press ('toggle') or the headset's state ('state'). */
  talk: InputEncoding;
  /** Mute button B5; null when the model has none. */
  mute: InputEncoding | null;
  /** B3 "flash" / "hold/resume" is a control on this model. */
  flash: boolean;
  /** The host sets call state on 0x8F. */
  callState: boolean;
  /** Ring on 0xFFA0:9E (not on the standard Telephony page). */
  ring: boolean;
  /** Mute indicator B5 sent as an output report. */
  muteLed: boolean;
}

const e = (
  model: string,
  talk: InputEncoding,
  mute: InputEncoding | null,
  flash: boolean,
  callState: boolean,
  ring: boolean,
  muteLed: boolean,
): VendorEntry => ({ model, talk, mute, flash, callState, ring, muteLed });

// Keys are "VVVV:PPPP" (upper-case hex); each row is one CounterPath profile, 047F-PPPP.cps.
const TABLE: Record<string, VendorEntry> = {
  '047F:010C': e('Plantronics C710', 'toggle', 'toggle', false, true, false, true),
  '047F:0410': e('Plantronics CS50/CS60-USB', 'toggle', 'toggle', true, false, false, false),
  '047F:0411': e('Plantronics Savi Office', 'toggle', 'toggle', true, true, true, false),
  '047F:0412': e('Plantronics Savi Office', 'toggle', 'toggle', true, true, true, false),
  '047F:0413': e('Plantronics BT300', 'toggle', 'toggle', true, true, true, false),
  '047F:0414': e('Plantronics BT300M', 'toggle', 'toggle', true, true, true, false),
  '047F:0415': e('Plantronics BT300', 'toggle', 'toggle', true, true, true, false),
  '047F:0417': e('Plantronics BT300', 'toggle', 'toggle', true, true, true, false),
  '047F:0715': e('Plantronics BUA-200', 'toggle', 'state', true, true, true, false),
  '047F:0716': e('Plantronics BUA-200', 'toggle', 'state', true, true, true, false),
  '047F:0717': e('Plantronics BUA-200 (Delphi)', 'toggle', 'state', true, true, true, false),
  '047F:0718': e('Plantronics BUA-200 (Delphi)', 'toggle', 'state', true, true, true, false),
  '047F:4254': e('Plantronics BUA-100', 'toggle', null, true, false, false, false),
  '047F:AA00': e('Plantronics C620', 'toggle', 'toggle', false, true, false, false),
  '047F:AA01': e('Plantronics C620-M', 'toggle', 'toggle', false, true, false, false),
  '047F:AA02': e('Plantronics C610', 'toggle', 'toggle', false, true, false, false),
  '047F:AA03': e('Plantronics C610-M', 'toggle', 'toggle', false, true, false, false),
  '047F:AA05': e('Plantronics DA45', 'state', 'state', false, false, false, false),
  '047F:AA06': e('Plantronics DA45', 'state', 'state', false, false, false, false),
  '047F:AA07': e('Plantronics DA45', 'state', 'state', false, false, false, false),
  '047F:AA08': e('Plantronics DA45', 'state', 'state', false, false, false, false),
  '047F:AA09': e('Plantronics DA45', 'state', 'state', false, false, false, false),
  '047F:DA45': e('Plantronics DA45', 'state', 'state', false, false, false, false),
  '047F:AA12': e('Plantronics C435', 'toggle', 'toggle', false, true, false, true),
  '047F:AA14': e('Plantronics C420', 'toggle', 'toggle', false, true, false, false),
  '047F:AB01': e('Plantronics D100', 'toggle', 'toggle', true, true, true, false),
  '047F:AB11': e('Plantronics D100', 'toggle', 'toggle', true, true, true, false),
  '047F:AC01': e('Plantronics Savi 7xx', 'toggle', 'toggle', true, true, true, false),
  '047F:AC11': e('Plantronics Savi 7xx', 'toggle', 'toggle', true, true, true, false),
  '047F:AE11': e('Plantronics Calisto P240', 'toggle', 'toggle', true, true, true, false),
  '047F:C003': e('Plantronics Blackwire C220', 'toggle', 'state', false, true, false, true),
  '047F:C005': e('Plantronics Blackwire C210', 'toggle', 'state', false, true, false, true),
  '047F:C00E': e('Plantronics C310', 'toggle', 'toggle', false, true, false, true),
  '047F:C00F': e('Plantronics C320', 'toggle', 'toggle', false, true, false, false),
  '047F:C015': e('Plantronics C510', 'toggle', 'toggle', false, true, false, true),
};

const key = (vendorId: number, productId: number) =>
  `${vendorId.toString(16).toUpperCase().padStart(4, '0')}:${productId.toString(16).toUpperCase().padStart(4, '0')}`;

/** The model name of a table entry, or null (for logs and `headset describe`). */
export function vendorModel(vendorId: number, productId: number): string | null {
  return TABLE[key(vendorId, productId)]?.model ?? null;
}

/** Which names map to which vendor usages for this device, with the input encodings. */
function usageMap(entry: VendorEntry) {
  const inputs: [InputName, number, InputEncoding][] = [['hookSwitch', TALK, entry.talk]];
  if (entry.mute) inputs.push(['phoneMute', MUTE, entry.mute]);
  if (entry.flash) inputs.push(['flash', HOLD_FLASH, 'toggle']);
  const outputs: [OutputName, number][] = [];
  if (entry.callState) outputs.push(['offHook', CALL_STATE]);
  if (entry.ring) outputs.push(['ring', RING]);
  if (entry.muteLed) outputs.push(['mute', MUTE]);
  return { inputs, outputs };
}

const range = (encoding: InputEncoding) => (encoding === 'onoff' ? { logicalMin: -1, logicalMax: 1 } : { logicalMin: 0, logicalMax: 1 });

/** The layout from the table alone (no descriptor): positions as on the Blackwire 3220, see above. */
export function vendorLayout(vendorId: number, productId: number): TelephonyLayout | null {
  const entry = TABLE[key(vendorId, productId)];
  if (!entry) return null;
  const { inputs, outputs } = usageMap(entry);
  const layout: TelephonyLayout = { telephony: true, inputs: {}, outputs: {}, reportLengths: { input: {}, output: {} } };
  for (const [name, usage, encoding] of inputs) {
    const at = FFA0_REPORT_MAP[usage] as { reportId: number; bit: number };
    layout.inputs[name] = { reportId: at.reportId, bit: at.bit, size: 1, encoding, ...range(encoding) };
    layout.reportLengths.input[String(at.reportId)] = FFA0_REPORT_BYTES.input[at.reportId] as number;
  }
  for (const [name, usage] of outputs) {
    const at = name === 'mute' ? MUTE_LED : (FFA0_REPORT_MAP[usage] as { reportId: number; bit: number });
    layout.outputs[name] = { reportId: at.reportId, bit: at.bit, size: 1 };
    layout.reportLengths.output[String(at.reportId)] = FFA0_REPORT_BYTES.output[at.reportId] as number;
  }
  return layout;
}

/**
 * The table's usages, placed where the device's own descriptor puts them (0xFFA0 fields of any
 * collection). Encodings come from the descriptor's flags, as for standard pages. Null when the
 * device is not in the table or its descriptor declares none of the usages.
 */
export function vendorLayoutFromDescriptor(parsed: ParsedDescriptor, vendorId: number, productId: number): TelephonyLayout | null {
  const entry = TABLE[key(vendorId, productId)];
  if (!entry) return null;
  const { inputs, outputs } = usageMap(entry);
  const layout: TelephonyLayout = { telephony: false, inputs: {}, outputs: {}, reportLengths: { input: {}, output: {} } };
  const locate = (type: 'input' | 'output', usage: number) => {
    for (const f of parsed.fields) {
      if (f.type !== type || !f.flags.variable) continue;
      const index = indexOfUsage(f, usage);
      if (index === null) continue;
      layout.reportLengths[type][String(f.reportId)] = Math.ceil((parsed.reportBits[type].get(f.reportId) ?? 0) / 8);
      return { field: f, bit: f.bitOffset + index * f.size };
    }
    return null;
  };
  for (const [name, usage] of inputs) {
    const hit = locate('input', usage);
    if (!hit) continue;
    const f = hit.field;
    const input: InputField = {
      reportId: f.reportId,
      bit: hit.bit,
      size: f.size,
      encoding: encodingOf({ ...f.flags, logicalMin: f.logicalMin, logicalMax: f.logicalMax }),
      logicalMin: f.logicalMin,
      logicalMax: f.logicalMax,
    };
    layout.inputs[name] = input;
  }
  for (const [name, usage] of outputs) {
    const hit = locate('output', usage);
    if (!hit) continue;
    const output: OutputField = { reportId: hit.field.reportId, bit: hit.bit, size: hit.field.size };
    layout.outputs[name] = output;
  }
  layout.telephony = Object.keys(layout.inputs).length > 0;
  return layout.telephony ? layout : null;
}

/**
 * The layout to drive: the standard-page layout when it has a hook switch; otherwise the vendor
 * table's (from the descriptor when given, else assumed positions), completed with whatever the
 * standard pages do declare (a C310's Telephony Ringer, say).
 */
export function withVendorFallback(standard: TelephonyLayout, vendorId: number, productId: number, parsed?: ParsedDescriptor): TelephonyLayout {
  if (standard.inputs.hookSwitch) return standard;
  const vendor = (parsed && vendorLayoutFromDescriptor(parsed, vendorId, productId)) ?? vendorLayout(vendorId, productId);
  if (!vendor) return standard;
  const merged: TelephonyLayout = {
    telephony: true,
    inputs: { ...standard.inputs, ...vendor.inputs },
    outputs: { ...standard.outputs, ...vendor.outputs },
    reportLengths: {
      input: { ...standard.reportLengths.input, ...vendor.reportLengths.input },
      output: { ...standard.reportLengths.output, ...vendor.reportLengths.output },
    },
  };
  return merged;
}
