import type { Writable } from 'node:stream';
import type { CallLogEntry, CallLogForm } from '../../contract';
import { wordMessage } from '../../shared/messages';

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
  'forms',
  'topics',
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
    forms: entry.forms?.length ? entry.forms.map(formText).join(' | ') : null,
    topics: entry.topics?.length ? entry.topics.map(topicCell).join('; ') : null,
  };
}

/** A topic the call showed, as one cell part: `Price letter (price-letter-2026-05 v2, opened)`. */
function topicCell(topic: NonNullable<CallLogEntry['topics']>[number]): string {
  return `${topic.title} (${topic.id} v${topic.version}${topic.openedAt === null ? '' : ', opened'})`;
}

/**
 * A submitted form in one cell: title, revision, status (with the reason when refused) and its
 * fields, bank details already masked by the call log (`Fault report (sent): What is not working?
 * = No power; IBAN = DE89 •••• … 00`).
 */
function formText(form: CallLogForm): string {
  const revision = form.revision > 1 ? ` r${form.revision}` : '';
  const status = form.status === 'refused' && form.detail ? `refused: ${wordMessage('en', form.detail)}` : form.status;
  const fields = form.fields.filter((field) => field.text !== '').map((field) => `${field.label} = ${field.text}`);
  return `${form.title}${revision} (${status})${fields.length ? `: ${fields.join('; ')}` : ''}`;
}

/**
 * Where a spreadsheet may start a new cell when it reads a line: the comma, the semicolon that
 * German Excel splits on, tab, pipe and line breaks. Spaces and quotes may come before the text.
 */
const CELL_START = /(?<=(?:^|[,;|\t\r\n])[\s"]*)(?=[=+\-@\t\r])/g;

/**
 * One CSV field (RFC 4180), safe to open in a spreadsheet. Caller names, IVR data and numbers come
 * from outside (a SIP header can say anything), so every text is quoted, and every character that
 * would begin a formula (`= + - @`, tab, CR) where a cell could begin, under whichever delimiter
 * the spreadsheet picks, gets an apostrophe before it: `x;=1+1` is exported as `x;'=1+1`. That
 * includes phone numbers: `+49 40 111` is a formula to Excel, too. Numbers are our own and bare.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return `"${value.replace(CELL_START, "'").replace(/"/g, '""')}"`;
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
