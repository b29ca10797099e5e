import { parse } from '@plist/plist';
import { said } from '../../../contract';
import { nestedEntries, type PolicyEntry, type PolicyRefusal } from './policy-values';

/**
 * A macOS managed preference (`/Library/Managed Preferences/de.anlauf.workstation.plist`, which
 * the MDM's configuration profile puts there), XML or binary as the system writes it, read by a
 * maintained plist library. Its dictionary is nested like the settings file: a `sip` dictionary
 * with a `websocketUrl` string.
 */
export function parsePolicyPlist(bytes: Uint8Array, source: string): { entries: PolicyEntry[] } | { refusal: PolicyRefusal } {
  const refuse = (problem: string) => ({ refusal: { source, line: null, problem, reason: said('policyReason.invalid', { detail: problem }) } });
  let document: unknown;
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    document = parse(buffer);
  } catch (error) {
    return refuse(`not a readable property list (${(error as Error).message})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document) || document instanceof Date || document instanceof ArrayBuffer)
    return refuse('a managed preference is a dictionary of settings (<dict> at the top)');
  return { entries: nestedEntries(document as Record<string, unknown>, source, () => null) };
}

/** XML (`<?xml`, `<plist`) or binary (`bplist00`): what `policy validate` reads as a plist. */
export function looksLikePlist(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 64))
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart();
  return head.startsWith('bplist00') || head.startsWith('<?xml') || head.startsWith('<plist') || head.startsWith('<!DOCTYPE plist');
}
