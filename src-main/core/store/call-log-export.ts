import type { Writable } from 'node:stream';
import type { CallLogEntry } from '../../contract';

export const EXPORT_COLUMNS = [
  'id',
  'line',
  'direction',
  'remoteNumber',
  'remoteName',
  'dialedNumber',
  'client',
  'campaign',
  'customerNumber',
  'concern',
  'queue',
  'ringAt',
  'answerAt',
  'endAt',
  'durationSeconds',
  'endCause',
  'endedBy',
  'transferTarget',
  'sipCallId',
] as const;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function exportRecord(entry: CallLogEntry): Record<(typeof EXPORT_COLUMNS)[number], string | number | null> {
  return {
    id: entry.id,
    line: entry.line,
    direction: entry.direction,
    remoteNumber: entry.remoteNumber,
    remoteName: entry.remoteName,
    dialedNumber: entry.dialedNumber,
    client: entry.client,
    campaign: entry.campaign,
    customerNumber: entry.ivr.customerNumber ?? null,
    concern: entry.ivr.concern ?? null,
    queue: entry.ivr.queue ?? null,
    ringAt: iso(entry.ringAt),
    answerAt: iso(entry.answerAt),
    endAt: iso(entry.endAt),
    durationSeconds: entry.answerAt !== null && entry.endAt !== null ? Math.round((entry.endAt - entry.answerAt) / 1000) : null,
    endCause: entry.endCause,
    endedBy: entry.endedBy,
    transferTarget: entry.transferTarget,
    sipCallId: entry.sipCallId,
  };
}

/**
 * One CSV field (RFC 4180). A text that a spreadsheet would run as a formula gets a leading
 * apostrophe; phone numbers such as +49… are left alone, they are data, not formulas.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=@\t\r]/.test(text) || /^[+-](?![\d\s()]*$)/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function writeExport(entries: Iterable<CallLogEntry>, format: 'csv' | 'json', out: Writable): Promise<number> {
  const write = (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(chunk)) resolve();
      else {
        out.once('drain', resolve);
        out.once('error', reject);
      }
    });
  let count = 0;
  if (format === 'csv') {
    await write(EXPORT_COLUMNS.join(',') + '\r\n');
    for (const entry of entries) {
      const record = exportRecord(entry);
      await write(EXPORT_COLUMNS.map((column) => csvField(record[column])).join(',') + '\r\n');
      count++;
    }
  } else {
    await write('[');
    for (const entry of entries) {
      await write((count ? ',\n' : '\n') + JSON.stringify(entry));
      count++;
    }
    await write(count ? '\n]\n' : ']\n');
  }
  return count;
}

/** The same export as text, for a download from the workstation's own window. */
export function exportToString(entries: Iterable<CallLogEntry>, format: 'csv' | 'json'): { content: string; rows: number } {
  const parts: string[] = [];
  let rows = 0;
  if (format === 'csv') {
    parts.push(EXPORT_COLUMNS.join(',') + '\r\n');
    for (const entry of entries) {
      const record = exportRecord(entry);
      parts.push(EXPORT_COLUMNS.map((column) => csvField(record[column])).join(',') + '\r\n');
      rows++;
    }
  } else {
    const list: CallLogEntry[] = [];
    for (const entry of entries) list.push(entry);
    rows = list.length;
    parts.push(JSON.stringify(list, null, 1) + '\n');
  }
  return { content: parts.join(''), rows };
}
