import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { listOf, said, type CrmMapping, type CrmSettings, type Message } from '../../contract';
import { wordMessage } from '../../shared/messages';
import { normalizeNumber, numberPart } from '../clients/numbers';
import type { Clock } from '../clock';
import { parseSalutation, type Salutation } from '../scripts/salutation';
import { languageCode } from '../../shared/language-code';

/** A customer as the screen-pop shows it, whichever source it came from. */
export interface PopCustomer {
  id: string | null;
  customerNumber: string | null;
  name: string;
  email: string | null;
  postcode: string | null;
  city: string | null;
  phones: string[];
  salutation?: Salutation | null;
  language?: string | null;
}

/** `message` is the English for logs and the CLI; `said` the same for people, worded by the UI. */
export type CrmFailure = (
  | { kind: 'not-configured' }
  | { kind: 'timeout' }
  | { kind: 'unreachable' }
  | { kind: 'unauthorized'; status: number }
  | { kind: 'garbage' }
  | { kind: 'http'; status: number }
  | { kind: 'redirect'; status: number }
  | { kind: 'refused' }
) & { message: string; said: Message };

/** What to look up: the IVR's customer number wins over the caller's number, which wins over a query. */
export interface LookupKeys {
  number?: string | null;
  customerNumber?: string | null;
  query?: string | null;
}

export type CrmAnswer =
  { ok: true; source: 'crm'; key: string; customers: PopCustomer[]; fetchedAt: number } | { ok: false; key: string | null; failure: CrmFailure };

/**
 * The HTTP port (global `fetch` satisfies it), so tests and hosts can supply their own. Redirects
 * are never followed (`manual`): a redirect would carry the auth header to wherever it points.
 */
export type HttpGet = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal; redirect: 'manual' },
) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

export interface CrmLookupDeps {
  settings: () => CrmSettings;
  /** Country for numbers without a country code (`sip.defaultCountry`). */
  defaultRegion: () => string;
  get?: HttpGet;
  clock: Clock;
}

/** A lookup to make: its cache key, and its URL — or why the value may not be sent at all. */
type Request = { key: string; url: string; refused?: undefined } | { key: string; url: null; refused: string };

/**
 * The HTTP CRM: fills a URL template, sends it with the configured auth header, maps the JSON
 * answer to customers, and reports every way it can fail as a typed failure with a sentence the
 * agent can read. It never throws for the CRM's sake.
 */
export class CrmLookup {
  private readonly get: HttpGet;

  constructor(private readonly deps: CrmLookupDeps) {
    this.get = deps.get ?? ((url, init) => fetch(url, init));
  }

  /** True when at least one lookup URL is configured. */
  get configured(): boolean {
    const s = this.deps.settings();
    return s.byNumberUrl !== null || s.byCustomerNumberUrl !== null || s.searchUrl !== null;
  }

  /** The cache key and URL a lookup would use; null when no configured URL fits the keys. */
  request(keys: LookupKeys): Request | null {
    const s = this.deps.settings();
    const customerNumber = keys.customerNumber?.trim();
    if (customerNumber && s.byCustomerNumberUrl) {
      return filled(`customerNumber:${customerNumber}`, s.byCustomerNumberUrl, { customerNumber }, 'the customer number from the IVR');
    }
    const number = keys.number ? numberPart(keys.number) : '';
    if (number && s.byNumberUrl) {
      const region = this.deps.defaultRegion();
      return filled(
        `number:${normalizeNumber(number, region)}`,
        s.byNumberUrl,
        { number: formatNumber(number, region, s.numberFormat) },
        "the caller's number",
      );
    }
    const query = keys.query?.trim();
    if (query && s.searchUrl) return filled(`query:${query.toLowerCase()}`, s.searchUrl, { query }, 'the search');
    return null;
  }

  /** `signal` aborts the request early (a newer search replaced it); the configured timeout applies as well. */
  async lookup(keys: LookupKeys, signal?: AbortSignal): Promise<CrmAnswer> {
    const request = this.request(keys);
    if (!request) return { ok: false, key: null, failure: { kind: 'not-configured', ...worded(said('crm.notConfigured', {})) } };
    if (request.url === null) return { ok: false, key: request.key, failure: { kind: 'refused', ...worded(said('crm.notSent', { detail: request.refused })) } };
    const s = this.deps.settings();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (s.auth) headers[s.auth.header] = s.auth.value;
    let status: number;
    let body: string;
    try {
      const response = await this.get(request.url, {
        method: 'GET',
        headers,
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(s.timeoutMs)]) : AbortSignal.timeout(s.timeoutMs),
        redirect: 'manual',
      });
      status = response.status;
      body = await response.text();
    } catch (error) {
      return { ok: false, key: request.key, failure: describeNetworkError(error, s.timeoutMs) };
    }
    const fail = (failure: CrmFailure): CrmAnswer => ({ ok: false, key: request.key, failure });
    if (status === 401 || status === 403) {
      return fail({ kind: 'unauthorized', status, ...worded(said('crm.badCredentials', { status })) });
    }
    // A lookup by id (`/customers/{customerNumber}`) says "no such customer" with 404.
    if (status === 404) return { ok: true, source: 'crm', key: request.key, customers: [], fetchedAt: this.deps.clock.now() };
    if (status >= 300 && status <= 399) {
      return fail({
        kind: 'redirect',
        status,
        ...worded(said('crm.redirect', { status })),
      });
    }
    if (status < 200 || status > 299) {
      const excerpt = body.slice(0, 120).replace(/\s+/g, ' ').trim();
      return fail({ kind: 'http', status, ...worded(excerpt ? said('crm.httpStatusSaid', { status, excerpt }) : said('crm.httpStatus', { status })) });
    }
    if (status === 204) return { ok: true, source: 'crm', key: request.key, customers: [], fetchedAt: this.deps.clock.now() };
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return fail({ kind: 'garbage', ...worded(said('crm.notJson', {})) });
    }
    const mapped = mapCustomers(json, s.mapping);
    if (!mapped.ok) return fail({ kind: 'garbage', ...worded(said('crm.mappingMismatch', { detail: mapped.error })) });
    return { ok: true, source: 'crm', key: request.key, customers: mapped.customers, fetchedAt: this.deps.clock.now() };
  }
}

type TemplateValues = Partial<Record<'number' | 'customerNumber' | 'query', string>>;

function filled(key: string, template: string, values: TemplateValues, what: string): Request {
  const result = fill(template, values);
  return result.ok ? { key, url: result.url } : { key, url: null, refused: `${what} was not sent to the CRM: ${result.problem}` };
}

/**
 * Fills `{number}`, `{customerNumber}`, `{query}` with URL-encoded values; unknown placeholders
 * stay. The values come from outside (an IVR entry, a SIP header), and the request carries the
 * CRM's credentials, so a value that could move it elsewhere on the CRM is refused, not encoded:
 * in the path, `.` and `..` (which URL parsers resolve: `/customers/../profile` is `/profile`),
 * `/` and `\` — also percent-encoded, since servers and proxies decode before routing — and
 * anywhere, control characters (a NUL ends the string for some servers).
 */
export function fill(template: string, values: TemplateValues): { ok: true; url: string } | { ok: false; problem: string } {
  const queryAt = template.search(/[?#]/);
  let problem: string | null = null;
  const url = template.replace(/\{(number|customerNumber|query)\}/g, (_, name: keyof TemplateValues, offset: number) => {
    const value = values[name] ?? '';
    problem ??= unsafeValue(value, queryAt < 0 || offset < queryAt);
    return encodeURIComponent(value);
  });
  return problem === null ? { ok: true, url } : { ok: false, problem };
}

/** Why `value` may not go into a URL, or null. `inPath`: before the template's `?`. */
function unsafeValue(value: string, inPath: boolean): string | null {
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  // The value as a server might see it after decoding it once, twice, or normalising Unicode.
  const forms = [value, value.normalize('NFKC')];
  for (let i = 0, current = value; i < 3; i++) {
    const decoded = percentDecoded(current);
    if (decoded === current) break;
    forms.push(decoded, decoded.normalize('NFKC'));
    current = decoded;
  }
  if (forms.some((form) => /[\u0000-\u001f\u007f]/.test(form))) return `${shown} contains control characters`;
  if (!inPath) return null;
  if (forms.some((form) => /[/\\]/.test(form))) return `${shown} contains a path separator`;
  if (forms.some((form) => /^\.{1,2}$/.test(form.trim()))) return `${shown} is a path step`;
  return null;
}

/** Percent-decoding as a lenient server does it: a malformed sequence elsewhere does not stop `%2F`. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

function formatNumber(number: string, region: string, format: CrmSettings['numberFormat']): string {
  if (format === 'digits') return number.replace(/[^\d+]/g, '');
  const parsed = parsePhoneNumberFromString(number.replace(/^00/, '+'), region.toUpperCase() as CountryCode);
  if (!parsed || !(parsed.isValid() || parsed.isPossible())) return number.replace(/[^\d+]/g, '');
  if (format === 'e164') return parsed.number;
  return parsed.formatNational().replace(/[^\d]/g, '');
}

export function describeNetworkError(error: unknown, timeoutMs: number): CrmFailure {
  const e = error as { name?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    const duration = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 100) / 10} s` : `${timeoutMs} ms`;
    return { kind: 'timeout', ...worded(said('crm.timeout', { duration })) };
  }
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return { kind: 'unreachable', ...worded(said('crm.connectionRefused', {})) };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return { kind: 'unreachable', ...worded(said('crm.connectionReset', {})) };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'unreachable', ...worded(said('crm.nameNotFound', {})) };
  return { kind: 'unreachable', ...worded(said('crm.unreachable', { detail: code ?? e?.message ?? String(error) })) };
}

/** A failure's words: the message for people, and its English for logs and the CLI from the same catalogue. */
function worded(message: Message): { message: string; said: Message } {
  return { message: wordMessage('en', message), said: message };
}

/** All values a path selects under `node`; `[]` steps into every element of a list. */
export function select(node: unknown, path: string): unknown[] {
  let current: unknown[] = [node];
  for (const segment of path.split('.')) {
    const each = segment.endsWith('[]');
    const name = each ? segment.slice(0, -2) : segment;
    const next: unknown[] = [];
    for (const value of current) {
      const child =
        name === '' ? value : value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
      if (child === undefined || child === null) continue;
      if (each) {
        if (Array.isArray(child)) next.push(...(child as unknown[]));
      } else next.push(child);
    }
    current = next;
  }
  return current;
}

export function scalar(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Maps a CRM answer to customers; an answer without the list or without names is an error. */
export function mapCustomers(json: unknown, mapping: CrmMapping): { ok: true; customers: PopCustomer[] } | { ok: false; error: string } {
  const list = listOf(mapping.name);
  let items: unknown[];
  if (list) {
    const containerPath = list.slice(0, -2);
    const container = containerPath === '' ? json : select(json, containerPath)[0];
    if (!Array.isArray(container)) return { ok: false, error: `no list at "${containerPath || '(the answer itself)'}"` };
    items = container;
  } else {
    items = [json];
  }
  const rest = (path: string | null) => (path === null ? null : list ? path.slice(list.length + 1) : path);
  const customers: PopCustomer[] = [];
  for (const [index, item] of items.entries()) {
    const field = (path: string | null) => {
      const inner = rest(path);
      return inner ? scalar(select(item, inner)[0]) : null;
    };
    const name = field(mapping.name);
    if (name === null) return { ok: false, error: `no name at "${list ? `${list.slice(0, -2)}[${index}].${rest(mapping.name)}` : mapping.name}"` };
    const phones = [mapping.phones]
      .flat()
      .flatMap((path) => {
        const inner = rest(path);
        return inner ? select(item, inner).map(scalar) : [];
      })
      .filter((phone): phone is string => phone !== null);
    customers.push({
      id: field(mapping.id),
      customerNumber: field(mapping.customerNumber),
      name,
      email: field(mapping.email),
      postcode: field(mapping.postcode),
      city: field(mapping.city),
      phones,
      ...(mapping.salutation ? { salutation: parseSalutation(field(mapping.salutation)) } : {}),
      ...(mapping.language ? { language: languageCode(field(mapping.language)) } : {}),
    });
  }
  return { ok: true, customers };
}
