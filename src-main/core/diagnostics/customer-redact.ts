import type { Settings } from '../../contract';

/**
 * Customer data out of what support reads, unless the agent opted in: the numbers and names of
 * the people called, and what the IVR learnt about them. Each value becomes a placeholder that
 * is the same wherever the value appears in one bundle (`[number-1]` in the INVITE, its 180 and
 * its BYE), so a trace still reads as a conversation between the same parties.
 */
export class Placeholders {
  private readonly byValue = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  of(kind: 'number' | 'name' | 'data', value: string): string {
    const key = `${kind}\u0000${value}`;
    let placeholder = this.byValue.get(key);
    if (!placeholder) {
      const n = (this.counts.get(kind) ?? 0) + 1;
      this.counts.set(kind, n);
      placeholder = `[${kind}-${n}]`;
      this.byValue.set(key, placeholder);
    }
    return placeholder;
  }
}

export interface CustomerRedaction {
  placeholders: Placeholders;
  /** The agent's own user parts (the SIP URI's, the auth user): support needs to see who registered. */
  ownUsers: ReadonlySet<string>;
  /** The agent's own display name: not the customer's. */
  ownName: string | null;
  /** Headers whose whole value is customer data (lower case): the IVR's headers, and every X- header. */
  dataHeaders: ReadonlySet<string>;
}

export function customerRedaction(settings: Settings, placeholders = new Placeholders()): CustomerRedaction {
  const ownUsers = new Set<string>();
  const user = settings.sip.uri ? /^sips?:([^@]+)@/i.exec(settings.sip.uri)?.[1] : undefined;
  if (user) ownUsers.add(user);
  if (settings.sip.authorizationUser) ownUsers.add(settings.sip.authorizationUser);
  return {
    placeholders,
    ownUsers,
    ownName: settings.sip.displayName,
    dataHeaders: new Set(Object.values(settings.sip.headers).map((name) => name.toLowerCase())),
  };
}

/** Headers that name a party of the call (RFC 3261, 3325, 3892, 5806, 7044, and their compact forms). */
const PARTY_HEADERS = new Set([
  'from',
  'f',
  'to',
  't',
  'contact',
  'm',
  'p-asserted-identity',
  'p-preferred-identity',
  'p-called-party-id',
  'remote-party-id',
  'referred-by',
  'b',
  'refer-to',
  'r',
  'diversion',
  'history-info',
]);
const SIP_USER = /\b(sips?:)([^@;>\s,"]+)@/gi;
const TEL_URI = /\b(tel:)([^;>\s,"]+)/gi;
const QUOTED_NAME = /"((?:[^"\\]|\\.)*)"(\s*<)/g;
/** A display name without quotes: the tokens before `<` at the start of the value or after a comma. */
const BARE_NAME = /(^|,)(\s*)([^<>",;]*[^<>",;\s])(\s*<)/g;

/** One SIP message with every party's number and name replaced, the agent's own kept. */
export function redactSipCustomer(message: string, r: CustomerRedaction): string {
  const end = message.indexOf('\r\n\r\n');
  const head = end < 0 ? message : message.slice(0, end);
  const body = end < 0 ? '' : message.slice(end);
  const lines = head.split('\r\n');
  let current = '';
  const out = lines.map((line, index) => {
    if (index === 0) return / SIP\/2\.0$/.test(line) ? redactUris(line, r) : line;
    const header = /^([A-Za-z0-9!%'*+.^_`|~-]+)\s*:(.*)$/.exec(line);
    if (header) current = header[1]!.toLowerCase();
    // Continuation lines (RFC 3261 §7.3.1) belong to the header above them.
    const [name, value] = header ? [line.slice(0, line.length - header[2]!.length), header[2]!] : ['', line];
    if (r.dataHeaders.has(current) || current.startsWith('x-')) return value.trim() ? `${name} ${r.placeholders.of('data', value.trim())}` : line;
    if (PARTY_HEADERS.has(current)) return name + redactNames(redactUris(value, r), r);
    return line;
  });
  return out.join('\r\n') + body;
}

function redactUris(text: string, r: CustomerRedaction): string {
  return text
    .replace(SIP_USER, (all, scheme: string, user: string) => (r.ownUsers.has(user) ? all : `${scheme}${r.placeholders.of('number', user)}@`))
    .replace(TEL_URI, (_all, scheme: string, number: string) => `${scheme}${r.placeholders.of('number', number)}`);
}

function redactNames(value: string, r: CustomerRedaction): string {
  const name = (shown: string) => (shown === r.ownName || shown === '' ? shown : r.placeholders.of('name', shown));
  return value
    .replace(QUOTED_NAME, (_all, shown: string, rest: string) => `"${name(shown)}"${rest}`)
    .replace(BARE_NAME, (_all, lead: string, space: string, shown: string, rest: string) => `${lead}${space}${name(shown)}${rest}`);
}

/** Field names in our own records that carry a customer's number or name (log lines, recorder notes). */
const CUSTOMER_FIELD = /^(target|remoteNumber|remoteName|dialedNumber|customerNumber|number|caller|callee|customer)$/i;

/** A value of ours (a log record, a recorder entry): customer fields replaced, SIP messages in it redacted. */
export function redactCustomerFields(value: unknown, r: CustomerRedaction, depth = 0): unknown {
  if (typeof value === 'string') return / SIP\/2\.0(\r\n|$)|^SIP\/2\.0 /m.test(value) ? redactSipCustomer(value, r) : value;
  if (typeof value !== 'object' || value === null || depth > 32) return value;
  if (Array.isArray(value)) return value.map((item) => redactCustomerFields(item, r, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!CUSTOMER_FIELD.test(key)) out[key] = redactCustomerFields(item, r, depth + 1);
    else if (typeof item === 'string') out[key] = r.placeholders.of(/name/i.test(key) ? 'name' : 'number', item);
    else out[key] = typeof item === 'object' && item !== null ? '[customer data left out]' : item;
  }
  return out;
}

/** A log file, line by line: each JSON record redacted; a line that is not JSON (cut by a crash) is left out. */
export function redactCustomerLog(text: string, r: CustomerRedaction): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.stringify(redactCustomerFields(JSON.parse(line), r)));
    } catch {
      out.push(JSON.stringify({ note: 'a line that is not a whole record was left out (customer data is not in this bundle)' }));
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}
