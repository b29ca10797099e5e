import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import type { CustomerDirectory, CustomerInput, CustomerPhone } from './directory';
import { phoneFromKey } from './directory';
import { matchKey } from './phone-number';
import { setOwn } from '../own';
import { systemClock } from '../clock';
import { parseSalutation } from '../scripts/salutation';
import { languageCode } from '../../shared/language-code';
import { said, type Message } from '../../contract';
import { wordMessage } from '../../shared/messages';

/** The file cannot be imported at all (unreadable, no header, required columns missing, bad --map). */
export class CsvImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvImportError';
  }
}

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type CsvDelimiter = ',' | ';' | '\t' | '|';

/** The customer fields a column can be mapped to. */
export const CUSTOMER_FIELDS = [
  'customerNumber',
  'name',
  'firstName',
  'lastName',
  'company',
  'phone',
  'mobile',
  'email',
  'postcode',
  'city',
  'street',
  'houseNumber',
  'notes',
  'client',
  'salutation',
  'language',
] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

/** Which columns a field is read from (phone fields may have several). */
export type ColumnMap = Partial<Record<CustomerField, string[]>>;

export interface RejectedRow {
  /** Line of the file where the record starts; the header is line 1. */
  row: number;
  /** Why, in English for logs and the CLI. */
  reason: string;
  /** The same for people, worded by the UI; the CSV parser's own words are its parameter. */
  said: Message;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
  imported: number;
  rejected: number;
}

export interface ImportOptions {
  /** Client (Mandant) of every imported customer, unless the file has a client column. */
  client?: string | null;
  /**
   * The configured clients (settings `clients`): a client column's value (and `client`) must name
   * one, by id or else by name, and the customer is stored with its id. None configured: kept as written.
   */
  clients?: readonly { id: string; name: string }[];
  /** Explicit mapping: an object, or the CLI's `name=Kunde,phone=Tel 1,phone=Mobil`. */
  map?: ColumnMap | string;
  /** Region for numbers without a country code (settings: sip.defaultCountry). */
  defaultRegion: string;
  onProgress?: (progress: ImportProgress) => void;
  /** When the rows are written: the workstation's clock; the system's by default (the command line). */
  now?: () => number;
  /** Rows per transaction. */
  batchSize?: number;
  /** The search index is brought up to date every this many rows (in the same transaction as the batch). */
  indexEvery?: number;
  /** At most this many rejected rows are listed (all are counted). */
  maxRejectedListed?: number;
}

export interface ImportResult {
  imported: number;
  /** The first `maxRejectedListed` rejected rows, in file order. */
  rejected: RejectedRow[];
  rejectedCount: number;
  /** Data rows read (imported + rejected). */
  rows: number;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  /** Header column → field it was mapped to (null: kept in `extra`). */
  columns: { column: string; field: CustomerField | null }[];
  /**
   * Rows imported with a language that is no code or known name: kept in `extra` and not followed
   * (the call is held in the campaign's or client's language). The first ones, and how many.
   */
  languagesNotUnderstood: { row: number; value: string }[];
  languagesNotUnderstoodCount: number;
}

const DEFAULT_BATCH = 5000;
/** FTS5 writes a segment per indexing transaction: fewer, larger ones cost fewer merges. */
const DEFAULT_INDEX_EVERY = 50_000;
const DEFAULT_MAX_REJECTED = 10_000;
const SAMPLE_BYTES = 64 * 1024;
const DELIMITERS: readonly CsvDelimiter[] = [';', ',', '\t', '|'];

/** Header text as compared: lower case, umlauts spelled out, only letters and digits. */
export function normalizeHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');
}

const HEADER_NAMES: Record<Exclude<CustomerField, 'phone' | 'mobile'>, readonly string[]> = {
  customerNumber: ['kundennummer', 'kundennr', 'kdnr', 'kundenid', 'customernumber', 'customerno', 'customerid', 'custno', 'accountnumber', 'accountno'],
  name: ['name', 'kundenname', 'customername', 'fullname', 'vollername', 'anzeigename', 'displayname'],
  firstName: ['vorname', 'firstname', 'givenname'],
  lastName: ['nachname', 'lastname', 'surname', 'familyname', 'familienname', 'zuname'],
  company: ['firma', 'company', 'firmenname', 'companyname', 'unternehmen', 'organisation', 'organization'],
  email: ['email', 'emailadresse', 'emailaddress', 'mail', 'mailadresse'],
  postcode: ['plz', 'postleitzahl', 'postcode', 'zip', 'zipcode', 'postalcode'],
  city: ['ort', 'stadt', 'city', 'wohnort', 'town', 'gemeinde'],
  street: ['strasse', 'street', 'adresse', 'address', 'anschrift', 'strasseundhausnummer', 'strassehausnummer', 'streetaddress'],
  houseNumber: ['hausnummer', 'hausnr', 'housenumber'],
  notes: ['notiz', 'notizen', 'bemerkung', 'bemerkungen', 'notes', 'note', 'kommentar', 'comment', 'comments', 'hinweis'],
  client: ['mandant', 'client'],
  salutation: ['anrede', 'salutation', 'geschlecht', 'gender'],
  language: ['sprache', 'language', 'kundensprache', 'korrespondenzsprache', 'lang'],
};
const PHONE_HEADER = /^(telefon|tel|phone|telephone|rufnummer|festnetz)/;
const MOBILE_HEADER = /^(mobil|handy|mobile|cell|natel)/;

/** The field a header names, or null. */
export function fieldForHeader(header: string): CustomerField | null {
  const h = normalizeHeader(header);
  if (!h) return null;
  for (const [field, names] of Object.entries(HEADER_NAMES)) if (names.includes(h)) return field as CustomerField;
  if (h.includes('fax')) return null;
  if (MOBILE_HEADER.test(h)) return 'mobile';
  if (PHONE_HEADER.test(h)) return 'phone';
  return null;
}

/** `name=Kunde,phone=Tel 1,phone=Mobil` → { name: ['Kunde'], phone: ['Tel 1', 'Mobil'] }. */
export function parseMapSpec(spec: string): ColumnMap {
  const map: ColumnMap = {};
  for (const part of spec.split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new CsvImportError(`--map: "${part.trim()}" is not FIELD=COLUMN`);
    const key = normalizeHeader(part.slice(0, eq));
    const column = part.slice(eq + 1).trim();
    const field = CUSTOMER_FIELDS.find((f) => f.toLowerCase() === key);
    if (!field) throw new CsvImportError(`--map: unknown field "${part.slice(0, eq).trim()}"; the fields are ${CUSTOMER_FIELDS.join(', ')}`);
    if (!column) throw new CsvImportError(`--map: no column given for ${field}`);
    (map[field] ??= []).push(column);
  }
  return map;
}

/** The encoding a byte-order mark at the start names, or null without one. */
export function bomEncoding(head: Uint8Array): CsvEncoding | null {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/** Detects the encoding: a BOM, else valid UTF-8 (the whole file is checked), else Windows-1252. */
export async function detectEncoding(file: string): Promise<CsvEncoding> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await fd.read(head, 0, 3, 0);
    const marked = bomEncoding(head.subarray(0, bytesRead));
    if (marked) return marked;
  } finally {
    await fd.close();
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const bytes of readChunks(file)) {
      // Plain ASCII needs no decoding; only chunks with high bytes are checked.
      if (isAscii(bytes)) continue;
      decoder.decode(bytes, { stream: true });
    }
    decoder.decode();
    return 'utf-8';
  } catch (error) {
    if (error instanceof TypeError) return 'windows-1252';
    throw error;
  }
}

/**
 * The file's bytes, chunk by chunk, read into one reused buffer: each chunk is valid only until
 * the next is asked for. (A fresh Buffer per chunk is freed only when the GC gets round to it,
 * which let a large import's memory grow by a hundred megabytes.)
 */
async function* readChunks(file: string, size = 256 * 1024): AsyncGenerator<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(size);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, size, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** The file's text, chunk by chunk, decoded as `encoding`; `onBytes` hears how many bytes each chunk was. */
export async function* decodedText(file: string, encoding: CsvEncoding, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = decoderFor(encoding);
  for await (const chunk of readChunks(file)) {
    onBytes?.(chunk.length);
    yield decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

export function decoderFor(encoding: CsvEncoding): TextDecoder {
  // WHATWG TextDecoder strips the BOM of UTF-8 and UTF-16 by default.
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return new TextDecoder('utf-8');
    case 'utf-16le':
      return new TextDecoder('utf-16le');
    case 'utf-16be':
      return new TextDecoder('utf-16be');
    case 'windows-1252':
      return new TextDecoder('windows-1252');
  }
}

/** The delimiter that splits the header into the most columns (outside quotes). */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as CsvDelimiter)) counts.set(ch as CsvDelimiter, (counts.get(ch as CsvDelimiter) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** The first non-empty line of the file (its header), read from the first 64 KB only. */
export async function readHeaderLine(file: string, encoding: CsvEncoding): Promise<string> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await fd.read(buffer, 0, SAMPLE_BYTES, 0);
    const text = decoderFor(encoding).decode(buffer.subarray(0, bytesRead), { stream: true });
    return text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  } finally {
    await fd.close();
  }
}

interface Mapping {
  /** Per header column, the field it feeds (null: extra). */
  fields: (CustomerField | null)[];
  headers: string[];
}

const NAME_FIELDS: readonly CustomerField[] = ['name', 'firstName', 'lastName', 'company'];

function buildMapping(headers: string[], explicit: ColumnMap | undefined): Mapping {
  const fields: (CustomerField | null)[] = headers.map(() => null);
  const byNormalized = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    if (!byNormalized.has(key)) byNormalized.set(key, i);
  });
  const explicitFields = new Set<CustomerField>();
  for (const [field, columns] of Object.entries(explicit ?? {}) as [CustomerField, string[]][]) {
    explicitFields.add(field);
    for (const column of columns) {
      const index = byNormalized.get(column.trim().toLowerCase());
      if (index === undefined) {
        throw new CsvImportError(`--map ${field}=${column}: the file has no column "${column}"; its columns are: ${headers.join(', ')}`);
      }
      fields[index] = field;
    }
  }
  headers.forEach((header, i) => {
    if (fields[i] !== null) return;
    const field = fieldForHeader(header);
    if (field && !explicitFields.has(field) && !(field === 'mobile' && explicitFields.has('phone'))) {
      // A field other than the phones takes its first column only; later ones go to extra.
      if (field === 'phone' || field === 'mobile' || !fields.includes(field)) fields[i] = field;
    }
  });
  const has = (f: CustomerField) => fields.includes(f);
  const missing: string[] = [];
  if (!NAME_FIELDS.some(has)) missing.push('a name (Name, Vorname/Nachname, Firma, or name=/firstName=/lastName=/company= in --map)');
  if (!has('phone') && !has('mobile') && !has('customerNumber')) {
    missing.push('a phone number or a customer number (Telefon, Mobil, Phone, Kundennummer, …, or phone=/customerNumber= in --map)');
  }
  if (missing.length > 0) {
    throw new CsvImportError(
      `The file has no column for ${missing.join(' and no column for ')}. Its columns are: ${headers.join(', ') || '(none)'}. Nothing was imported.`,
    );
  }
  return { fields, headers };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The client id a file's value names. Lookups during a call filter by the call's client *id*, so a
 * customer stored under a name would never be found. The id is tried first (exported systems write
 * it), then the name as the agent sees it; both without regard to case or surrounding spaces, since
 * spreadsheets change neither meaning. An id that is also another client's name is taken as the id.
 */
export function clientMatcher(clients: readonly { id: string; name: string }[] | undefined): (value: string) => string | null {
  if (!clients || clients.length === 0) return (value) => value;
  const key = (text: string) => text.trim().toLocaleLowerCase('de');
  const byId = new Map(clients.map((c) => [key(c.id), c.id]));
  const byName = new Map<string, string>();
  for (const c of clients) if (!byName.has(key(c.name))) byName.set(key(c.name), c.id);
  return (value) => byId.get(key(value)) ?? byName.get(key(value)) ?? null;
}

/** The configured clients as a message names them: `nord (Stadtwerke Nord), sued (Stadtwerke Süd)`. */
export function knownClients(clients: readonly { id: string; name: string }[] | undefined): string {
  const list = (clients ?? []).map((c) => `${c.id} (${c.name})`);
  return list.length > 10 ? `${list.slice(0, 10).join(', ')}, … ${list.length - 10} more` : list.join(', ');
}

/** One CSV record made into a customer, or the reason it is rejected. */
function toCustomer(
  record: string[],
  mapping: Mapping,
  options: ImportOptions,
  client: (value: string) => string | null,
): CustomerInput | { rejected: Message } {
  const width = mapping.headers.length;
  if (record.length !== width && !(record.length > width && record.slice(width).every((v) => v.trim() === ''))) {
    return { rejected: said('customerImport.fieldCount', { fields: record.length, header: width }) };
  }
  const values: Partial<Record<CustomerField, string>> = {};
  const phones: CustomerPhone[] = [];
  let extra: Record<string, string> | null = null;
  for (let i = 0; i < width; i++) {
    const value = (record[i] ?? '').trim();
    if (!value) continue;
    const field = mapping.fields[i] ?? null;
    if (field === 'phone' || field === 'mobile') {
      for (const part of value.split(/[,;]/)) {
        const raw = part.trim();
        if (!raw) continue;
        const key = matchKey(raw, options.defaultRegion);
        if (!key) return { rejected: said('customerImport.badPhone', { number: raw, column: mapping.headers[i] ?? '' }) };
        if ('short' in key) return { rejected: said('customerImport.shortPhone', { number: raw, column: mapping.headers[i] ?? '' }) };
        if (!phones.some((p) => p.e164 === key.e164 && p.extension === key.extension)) phones.push(phoneFromKey(key, field));
      }
    } else if (field === null) {
      setOwn((extra ??= {}), mapping.headers[i] || `column ${i + 1}`, value);
    } else if (values[field] === undefined) {
      values[field] = value;
    }
  }
  const person = [values.firstName, values.lastName].filter(Boolean).join(' ');
  const name = values.name ?? (person || values.company) ?? null;
  if (values.company && name !== values.company) (extra ??= {}).company = values.company;
  const customerNumber = values.customerNumber ?? null;
  if (!name && !customerNumber) return { rejected: said('customerImport.noName', {}) };
  if (values.email && !EMAIL.test(values.email)) return { rejected: said('customerImport.badEmail', { email: values.email }) };
  // A salutation Anlauf does not know ("Firma", "Frau Dr.") is kept as written but not used: the
  // scripts then address the customer by full name rather than guess.
  const salutation = parseSalutation(values.salutation);
  if (values.salutation && salutation === null) (extra ??= {}).salutation = values.salutation;
  // The same for a language that is no code or known name ("Klingonisch"): kept, not followed.
  const language = languageCode(values.language);
  if (values.language && language === null) (extra ??= {}).language = values.language;
  const street = values.street && values.houseNumber ? `${values.street} ${values.houseNumber}` : (values.street ?? values.houseNumber ?? null);
  const clientId = values.client === undefined ? (options.client ?? null) : client(values.client);
  if (clientId === null && values.client !== undefined)
    return { rejected: said('customerImport.unknownClient', { client: values.client, known: knownClients(options.clients) }) };
  return {
    client: clientId,
    customerNumber,
    name,
    email: values.email ?? null,
    postcode: values.postcode ?? null,
    city: values.city ?? null,
    street,
    notes: values.notes ?? null,
    salutation,
    language,
    extra,
    source: 'import',
    phones,
  };
}

/** Lines a record spans beyond its first (quoted line breaks). */
export function extraLines(record: string[]): number {
  let n = 0;
  for (const field of record) {
    if (field.length > 0 && field.includes('\n')) n += field.split('\n').length - 1;
  }
  return n;
}

/**
 * Imports customers from a CSV file, streaming (memory stays bounded whatever the size) in
 * batched transactions. Encoding and delimiter are detected, columns mapped by their German or
 * English names (or `map`). A bad row is rejected with its line number and reason and the import
 * goes on; a file without the required columns is refused before anything is written.
 */
export async function importCsv(directory: CustomerDirectory, file: string, options: ImportOptions): Promise<ImportResult> {
  let totalBytes: number;
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) throw new Error('not a file');
    totalBytes = stat.size;
    await fs.promises.access(file, fs.constants.R_OK);
  } catch (error) {
    throw new CsvImportError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const client = clientMatcher(options.clients);
  if (options.client) {
    const id = client(options.client);
    if (id === null)
      throw new CsvImportError(
        `The client "${options.client}" matches no configured client by id or name (configured: ${knownClients(options.clients)}). Nothing was imported.`,
      );
    options = { ...options, client: id };
  }
  const encoding = await detectEncoding(file);
  const headerLine = await readHeaderLine(file, encoding);
  if (!headerLine.trim()) throw new CsvImportError(`${file} is empty: no header line with column names.`);
  const delimiter = detectDelimiter(headerLine);
  const explicit = typeof options.map === 'string' ? parseMapSpec(options.map) : options.map;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const maxListed = options.maxRejectedListed ?? DEFAULT_MAX_REJECTED;

  let bytesRead = 0;
  const decoded = () => decodedText(file, encoding, (bytes) => (bytesRead += bytes));

  const rejected: RejectedRow[] = [];
  let rejectedCount = 0;
  const languagesNotUnderstood: ImportResult['languagesNotUnderstood'] = [];
  let languagesNotUnderstoodCount = 0;
  const reject = (row: number, reason: Message) => {
    rejectedCount++;
    if (rejected.length < maxListed) rejected.push({ row, reason: wordMessage('en', reason), said: reason });
  };

  const parser = parse({
    delimiter,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  parser.on('skip', (error: CsvError & { lines?: number }) => reject(error.lines ?? 0, said('customerImport.unreadable', { detail: error.message })));
  const source = Readable.from(decoded());
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let mapping: Mapping | null = null;
  let rows = 0;
  let imported = 0;
  let batch: CustomerInput[] = [];
  const progress = () => options.onProgress?.({ bytesRead, totalBytes, rows, imported, rejected: rejectedCount });
  const indexEvery = options.indexEvery ?? DEFAULT_INDEX_EVERY;
  let sinceIndexed = 0;
  const writeBatch = (last = false) => {
    if (batch.length === 0 && !last) return;
    sinceIndexed += batch.length;
    const index = last || sinceIndexed >= indexEvery;
    directory.writeMany(batch, (options.now ?? systemClock.now)(), index);
    if (index) sinceIndexed = 0;
    imported += batch.length;
    batch = [];
    progress();
  };

  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const record = item.record;
      if (mapping === null) {
        mapping = buildMapping(
          record.map((h) => h.trim()),
          explicit,
        );
        continue;
      }
      rows++;
      const customer = toCustomer(record, mapping, options, client);
      if ('rejected' in customer) {
        reject(item.info.lines - extraLines(record), customer.rejected);
        continue;
      }
      const language = customer.extra?.language;
      if (language !== undefined && customer.language === null) {
        languagesNotUnderstoodCount++;
        if (languagesNotUnderstood.length < 20) languagesNotUnderstood.push({ row: item.info.lines - extraLines(record), value: language });
      }
      batch.push(customer);
      if (batch.length >= batchSize) writeBatch();
    }
    writeBatch(true);
  } finally {
    source.destroy();
  }
  if (mapping === null) throw new CsvImportError(`${file} has no header line with column names.`);
  rows = imported + rejectedCount;
  progress();
  const finalMapping: Mapping = mapping;
  return {
    imported,
    languagesNotUnderstood,
    languagesNotUnderstoodCount,
    rejected,
    rejectedCount,
    rows,
    encoding,
    delimiter,
    columns: finalMapping.headers.map((column, i) => ({ column, field: finalMapping.fields[i] ?? null })),
  };
}
