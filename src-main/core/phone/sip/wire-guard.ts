/**
 * Every SIP message from the proxy passes here before JsSIP reads it. JsSIP 3.13 drops a message
 * without a word, and without an answer, when one header it parses fails its grammar (Parser.js
 * parseMessage): an INVITE with an unquoted display name that is not a token (`From: Müller
 * <sip:…>`), a garbled Session-Expires or Record-Route never rings, the caller hears nothing until
 * the proxy gives up (408), and Anlauf never learns there was a call. Kamailio forwards all of these.
 *
 * So the guard reads each header JsSIP would parse with JsSIP's own grammar, and
 * - repairs what has one honest reading (an unquoted display name gets its quotes),
 * - leaves out a header a call can do without (JsSIP then acts as if it was never sent),
 * - and when a header every message needs cannot be read, drops the message itself, answering a
 *   request with 400 so the caller learns at once.
 * Each of these is a note for the log. Headers JsSIP does not parse (X-…, P-Asserted-Identity)
 * pass as they are; inbound.ts judges those that carry call context.
 */

export interface GrammarLike {
  /** JsSIP's Grammar.parse: -1 when `input` is not a `rule`. */
  parse(input: string, rule: string): unknown;
}

export interface WireNote {
  header: string;
  /** What happened to it. */
  action: 'repaired' | 'ignored' | 'dropped-message' | 'not-utf8';
  /** The value as received, cut short for the log. */
  value: string;
}

export interface GuardResult {
  /** The message to hand to JsSIP, or null when it cannot be read. */
  message: string | null;
  notes: WireNote[];
  /** For a request dropped here: a 400 to send back (null for ACK and for responses). */
  reply: string | null;
  /** The Call-ID as received (for the log), if there is one. */
  callId: string | null;
  /** The request's method or the response's status line, for the log. */
  what: string;
}

const COMPACT: Record<string, string> = {
  v: 'via',
  f: 'from',
  t: 'to',
  i: 'call-id',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  x: 'session-expires',
  r: 'refer-to',
  o: 'event',
};

/** Headers JsSIP parses, with its grammar rule (SIPMessage.parseHeader: the name, '-' → '_'). */
const RULES: Record<string, string> = {
  via: 'Via',
  from: 'From',
  to: 'To',
  'call-id': 'Call_ID',
  cseq: 'CSeq',
  'content-length': 'Content_Length',
  'www-authenticate': 'WWW_Authenticate',
  'proxy-authenticate': 'Proxy_Authenticate',
  contact: 'Contact',
  'record-route': 'Record_Route',
  'content-type': 'Content_Type',
  'max-forwards': 'Max_Forwards',
  'session-expires': 'Session_Expires',
  'refer-to': 'Refer_To',
  replaces: 'Replaces',
  event: 'Event',
};

/**
 * Without these JsSIP still handles the message as the protocol says for a missing header: no
 * session timer, no Replaces (a new call), a 500 for an INVITE without Contact, a 415 for a body
 * without Content-Type, a 400 for a REFER without Refer-To or a NOTIFY without Event, a shorter
 * route set. Every other header JsSIP parses is one no message can do without.
 */
const OPTIONAL = new Set(['contact', 'record-route', 'content-type', 'max-forwards', 'session-expires', 'refer-to', 'replaces', 'event']);

const MAX_VALUE = 200;
const short = (value: string) => (value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value);

interface Line {
  name: string;
  /** canonical lower-case name */
  key: string;
  value: string;
  text: string;
}

export function guardIncoming(data: string, grammar: GrammarLike): GuardResult {
  const end = data.indexOf('\r\n\r\n');
  const first = data.slice(0, Math.max(0, data.indexOf('\r\n')));
  const what = /^SIP\/2\.0 /.test(first) ? first.slice(8) : (first.split(' ')[0] ?? '');
  // Not a SIP message at all: JsSIP says so itself (and no one can be answered).
  if (end < 0 || !first) return { message: data, notes: [], reply: null, callId: null, what };

  const lines = headerLines(data.slice(first.length + 2, end));
  const notes: WireNote[] = [];
  let fatal: Line | null = null;
  let firstVia = true;
  const kept: string[] = [];
  for (const line of lines) {
    if (line.value.includes('\uFFFD')) notes.push({ header: line.name, action: 'not-utf8', value: short(line.value) });
    const rule = Object.hasOwn(RULES, line.key) ? RULES[line.key] : undefined;
    const checked = rule && (line.key !== 'via' || firstVia);
    if (line.key === 'via') firstVia = false;
    if (!checked || grammar.parse(line.value, rule) !== -1) {
      kept.push(line.text);
      continue;
    }
    const repaired = line.key === 'from' || line.key === 'to' ? quoteDisplayName(line.value) : null;
    if (repaired !== null && grammar.parse(repaired, rule) !== -1) {
      notes.push({ header: line.name, action: 'repaired', value: short(line.value) });
      kept.push(`${line.name}: ${repaired}`);
    } else if (OPTIONAL.has(line.key)) {
      notes.push({ header: line.name, action: 'ignored', value: short(line.value) });
    } else {
      notes.push({ header: line.name, action: 'dropped-message', value: short(line.value) });
      fatal ??= line;
    }
  }
  const callId = lines.find((line) => line.key === 'call-id')?.value ?? null;
  if (fatal) {
    const isRequest = !/^SIP\/2\.0 /.test(first) && what !== 'ACK';
    return { message: null, notes, reply: isRequest ? badRequest(lines, fatal.name) : null, callId, what };
  }
  const changed = notes.some((note) => note.action === 'repaired' || note.action === 'ignored');
  return { message: changed ? [first, ...kept].join('\r\n') + data.slice(end) : data, notes, reply: null, callId, what };
}

/** Header lines with their continuation lines (RFC 3261 §7.3.1 folding) kept together. */
function headerLines(head: string): Line[] {
  const out: Line[] = [];
  for (const raw of head.split('\r\n')) {
    const previous = out.at(-1);
    if (previous && /^[ \t]/.test(raw)) {
      previous.text += `\r\n${raw}`;
      previous.value = `${previous.value}\r\n${raw}`.trim();
      continue;
    }
    const colon = raw.indexOf(':');
    const name = (colon < 0 ? raw : raw.slice(0, colon)).trim();
    const lower = name.toLowerCase();
    out.push({
      name,
      key: (Object.hasOwn(COMPACT, lower) ? COMPACT[lower] : undefined) ?? lower,
      value: colon < 0 ? '' : raw.slice(colon + 1).trim(),
      text: raw,
    });
  }
  return out;
}

/** `Müller, Hans <sip:…>;tag=1` → `"Müller, Hans" <sip:…>;tag=1`; null when there is nothing to quote. */
function quoteDisplayName(value: string): string | null {
  const m = /^([^"<]*[^\s"<])\s*(<[^>]*>.*)$/.exec(value);
  if (!m) return null;
  return `"${m[1]!.trim().replace(/[\\"]/g, (c) => `\\${c}`)}" ${m[2]}`;
}

/**
 * RFC 3261 §8.2.6: the answer carries the request's Vias, From, To (tagged), Call-ID and CSeq as
 * they came. The Warning names the header; its value stays out (it is the sender's own text).
 */
function badRequest(lines: Line[], header: string): string {
  const copy = (key: string) => lines.filter((line) => line.key === key).map((line) => line.text);
  const to = lines.find((line) => line.key === 'to');
  const toLine = to && !/;\s*tag=/i.test(to.value) ? `${to.text};tag=anlauf-400` : to?.text;
  return [
    'SIP/2.0 400 Bad Request',
    ...copy('via'),
    ...copy('from'),
    ...(toLine ? [toLine] : []),
    ...copy('call-id'),
    ...copy('cseq'),
    `Warning: 399 anlauf "The ${header.replace(/[^\w-]/g, '?')} header cannot be read"`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
