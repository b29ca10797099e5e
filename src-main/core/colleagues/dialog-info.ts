import { XMLParser } from 'fast-xml-parser';
import type { ColleagueCallState } from '../../contract';

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  isArray: (name) => name === 'dialog',
  parseTagValue: false,
  trimValues: true,
});

type Node = Record<string, unknown>;

function text(value: unknown): string {
  if (typeof value === 'object' && value !== null) return String((value as Node)['#text'] ?? '');
  return value === undefined || value === null ? '' : String(value);
}

/**
 * Reads a dialog-info document (RFC 4235, the `dialog` event package: BLF). A phone is on a call
 * while one dialog is confirmed, ringing while one is trying, proceeding or early, and idle when
 * every dialog has terminated or none is listed.
 */
export function readDialogInfo(xml: string | null): ColleagueCallState {
  if (!xml || !xml.trim()) return 'idle';
  const doc = parser.parse(xml) as Node;
  const info = (doc['dialog-info'] ?? {}) as Node;
  const states = ((info.dialog as Node[] | undefined) ?? []).map((d) => text(d.state).toLowerCase());
  if (states.includes('confirmed')) return 'onCall';
  if (states.some((s) => s === 'trying' || s === 'proceeding' || s === 'early')) return 'ringing';
  return 'idle';
}
