/**
 * Bit packing for HID reports: reading a field out of an input report, writing one into a report,
 * and building a whole output report from a shadow of every output of that report id.
 *
 * Byte conventions (those of node-hid / hidapi):
 * - A *report* (what `readField`/`writeField` work on, and what node-hid's `data` event delivers)
 *   starts with the report id byte when the field's `reportId` is > 0. When the device has no report
 *   ids (`reportId` 0) it is the payload alone — hidapi strips Windows' 0x00 there.
 * - A *write buffer* (what `buildOutputReport` returns, what node-hid's `write` takes) always starts
 *   with one byte: the report id, or 0x00 when the device has none (reference §3.3).
 * Bits are counted little-endian, as HID lays them out: bit 0 is the lowest bit of the first payload
 * byte, a field wider than the rest of a byte continues in the low bits of the next one.
 */
import type { InputEncoding, OutputName, TelephonyLayout } from './layout';

/** Where a value sits: the same shape as the layout's input and output fields. */
export interface BitField {
  reportId: number;
  /** Bit offset counted from the first bit after the report id byte. */
  bit: number;
  size: number;
  logicalMin?: number;
  encoding?: InputEncoding;
}

/** A field is two's complement when its logical minimum is negative (an on/off button's −1..1). */
export function isSigned(field: BitField): boolean {
  return field.logicalMin !== undefined ? field.logicalMin < 0 : field.encoding === 'onoff';
}

/** Bytes before the payload in a report as received: the report id byte, if the device has ids. */
export function payloadOffset(reportId: number): number {
  return reportId > 0 ? 1 : 0;
}

/** Report bytes a field needs, counting the report id byte. */
export function bytesNeeded(field: BitField): number {
  return payloadOffset(field.reportId) + Math.ceil((field.bit + field.size) / 8);
}

/**
 * The field's value in a report as received (see the conventions above), sign-extended for a
 * signed field; undefined when the report is too short to hold it or the field is malformed.
 */
export function readField(report: Uint8Array, field: BitField): number | undefined {
  if (!validField(field) || report.length < bytesNeeded(field)) return undefined;
  const start = payloadOffset(field.reportId) * 8 + field.bit;
  let value = 0;
  for (let i = field.size - 1; i >= 0; i--) {
    const at = start + i;
    value = value * 2 + ((report[at >> 3]! >> (at & 7)) & 1);
  }
  if (isSigned(field) && value >= 2 ** (field.size - 1)) value -= 2 ** field.size;
  return value;
}

/**
 * Writes `value` into a report laid out like a received one (report id byte first when
 * `reportId` > 0), keeping every other bit. A negative value is stored in two's complement; a value
 * too wide for the field keeps only its low bits. Throws when the buffer is too short.
 */
export function writeField(report: Uint8Array, field: BitField, value: number): void {
  if (!validField(field)) throw new RangeError(`invalid HID field (bit ${field.bit}, size ${field.size})`);
  if (report.length < bytesNeeded(field)) throw new RangeError(`report of ${report.length} bytes cannot hold bits ${field.bit}..${field.bit + field.size - 1}`);
  const modulus = 2 ** field.size;
  let bits = ((Math.trunc(value) % modulus) + modulus) % modulus;
  const start = payloadOffset(field.reportId) * 8 + field.bit;
  for (let i = 0; i < field.size; i++) {
    const at = start + i;
    const mask = 1 << (at & 7);
    report[at >> 3] = bits % 2 ? report[at >> 3]! | mask : report[at >> 3]! & ~mask;
    bits = Math.floor(bits / 2);
  }
}

/** Whether the device numbers its reports (then every report carries an id, HID 1.11 §6.2.2.7). */
export function usesReportIds(layout: TelephonyLayout): boolean {
  const fields = [...Object.values(layout.inputs), ...Object.values(layout.outputs)];
  if (fields.some((field) => field !== undefined && field.reportId > 0)) return true;
  return [...Object.keys(layout.reportLengths.input), ...Object.keys(layout.reportLengths.output)].some((key) => Number(key) > 0);
}

/** The report ids that carry at least one of the layout's outputs, ascending. */
export function outputReportIds(layout: TelephonyLayout): number[] {
  const ids = new Set<number>();
  for (const field of Object.values(layout.outputs)) if (field) ids.add(field.reportId);
  return [...ids].sort((a, b) => a - b);
}

/**
 * Payload length of a report: the descriptor's length (firmware may treat a report of another
 * length as a different report), or — for an inconsistent layout — what its fields need.
 */
export function payloadLength(layout: TelephonyLayout, type: 'input' | 'output', reportId: number): number {
  const declared = layout.reportLengths[type][String(reportId)] ?? 0;
  const fields = Object.values(type === 'input' ? layout.inputs : layout.outputs);
  let needed = 0;
  for (const field of fields) if (field && field.reportId === reportId) needed = Math.max(needed, Math.ceil((field.bit + field.size) / 8));
  return Math.max(declared, needed);
}

/**
 * The whole output report `reportId` as a write buffer (id byte first, 0x00 without ids), holding
 * every output of that report at its current value from `values` (absent: 0). Bits of the report
 * that are not one of the layout's outputs are 0.
 */
export function buildOutputReport(layout: TelephonyLayout, reportId: number, values: Partial<Record<OutputName, number>>): Uint8Array {
  const buffer = new Uint8Array(1 + payloadLength(layout, 'output', reportId));
  buffer[0] = reportId;
  // Both conventions agree once the id byte is there: write as if the report were numbered.
  const payload = reportId > 0 ? buffer : buffer.subarray(1);
  for (const [name, field] of Object.entries(layout.outputs) as [OutputName, BitField | undefined][]) {
    if (!field || field.reportId !== reportId) continue;
    writeField(payload, field, values[name] ?? 0);
  }
  return buffer;
}

/** Same length, same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function validField(field: BitField): boolean {
  return (
    Number.isInteger(field.bit) &&
    field.bit >= 0 &&
    Number.isInteger(field.size) &&
    field.size >= 1 &&
    field.size <= 32 &&
    Number.isInteger(field.reportId) &&
    field.reportId >= 0 &&
    field.reportId <= 255
  );
}
