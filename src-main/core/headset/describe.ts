/**
 * `anlauf headset describe FILE`: read a report descriptor from a file (hex text or raw bytes) and
 * print its telephony layout as JSON.
 */
import fs from 'node:fs';
import { InputFileError } from '../files/located-parse';
import { DescriptorError, parseReportDescriptor } from './descriptor';
import { INPUT_NAMES, OUTPUT_NAMES, type TelephonyLayout } from './layout';
import { telephonyLayout } from './telephony-layout';

export interface DescriptorFile {
  bytes: Uint8Array;
  /** For hex text: the line each descriptor byte came from (1-based), to point at mistakes. */
  lineOf: ((byte: number) => number) | null;
}

/** Hex text uses only printable ASCII and white space; anything else is the raw descriptor. */
function isText(buf: Uint8Array): boolean {
  for (const b of buf) if (!((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d)) return false;
  return true;
}

/**
 * Hex text: byte pairs separated by white space (commas tolerated), each optionally `0x`-prefixed;
 * lines starting with `#` are comments.
 */
export function parseHexText(text: string, file: string): DescriptorFile {
  const bytes: number[] = [];
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trimStart().startsWith('#')) return;
    for (const token of line.split(/[\s,]+/)) {
      if (!token) continue;
      const digits = token.replace(/^0x/i, '');
      if (!/^[0-9a-f]{2}$/i.test(digits))
        throw new InputFileError(file, i + 1, null, `"${token}" is not a hex byte (write bytes as pairs like 05 0B, separated by spaces)`);
      bytes.push(parseInt(digits, 16));
      lines.push(i + 1);
    }
  });
  return { bytes: Uint8Array.from(bytes), lineOf: (n) => lines[Math.min(n, lines.length - 1)] ?? 1 };
}

export function readDescriptorFile(file: string): DescriptorFile {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (error) {
    throw new InputFileError(file, null, null, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const read = isText(buf) ? parseHexText(buf.toString('latin1'), file) : { bytes: new Uint8Array(buf), lineOf: null };
  if (read.bytes.length === 0) throw new InputFileError(file, null, null, 'holds no descriptor bytes');
  return read;
}

/** The CLI's JSON shape: exactly the documented keys (the optional logical ranges are left out). */
export function describeLayout(layout: TelephonyLayout): unknown {
  const inputs: Record<string, unknown> = {};
  for (const name of INPUT_NAMES) {
    const f = layout.inputs[name];
    if (f) inputs[name] = { reportId: f.reportId, bit: f.bit, size: f.size, encoding: f.encoding };
  }
  const outputs: Record<string, unknown> = {};
  for (const name of OUTPUT_NAMES) {
    const f = layout.outputs[name];
    if (f) outputs[name] = { reportId: f.reportId, bit: f.bit, size: f.size };
  }
  return { telephony: layout.telephony, inputs, outputs, reportLengths: layout.reportLengths };
}

/** Reads, parses and lays out FILE; a malformed descriptor is reported with its byte offset. */
export function describeFile(file: string): string {
  const { bytes, lineOf } = readDescriptorFile(file);
  let layout: TelephonyLayout;
  try {
    layout = telephonyLayout(parseReportDescriptor(bytes));
  } catch (error) {
    if (!(error instanceof DescriptorError)) throw error;
    throw new InputFileError(file, lineOf ? lineOf(error.offset) : null, null, `not a valid report descriptor: ${error.message}`);
  }
  return JSON.stringify(describeLayout(layout), null, 2);
}
