import { XMLParser } from 'fast-xml-parser';
import type { AgentState, ColleaguePresence } from '../../contract';

/** The agent's state as published: RFC 3863 PIDF with RFC 4480 RPID activities and a note. */
export interface PublishedState {
  presence: Exclude<ColleaguePresence, 'unknown' | 'away' | 'busy' | 'available'>;
  /** The state in words, for people reading it elsewhere (a supervisor's tool, a desk phone). */
  note: string;
}

/** RPID's own words for each state; `other` carries ours where RPID has none (RFC 4480 §3.2). */
const ACTIVITIES: Record<PublishedState['presence'], { rpid: string | null; other: string }> = {
  ready: { rpid: null, other: 'ready' },
  notReady: { rpid: 'away', other: 'not-ready' },
  onCall: { rpid: 'on-the-phone', other: 'on-call' },
  wrapUp: { rpid: 'busy', other: 'wrap-up' },
  offline: { rpid: null, other: 'offline' },
};

const NOTES: Record<PublishedState['presence'], string> = {
  ready: 'Ready',
  notReady: 'Not ready',
  onCall: 'On a call',
  wrapUp: 'Wrap-up',
  offline: 'Offline',
};

/** What is published for the agent's state: the note in English, as the log (a server's words stay as they are). */
export function publishedState(state: AgentState, reasonLabel: string | null): PublishedState {
  const presence: PublishedState['presence'] = state;
  const note = state === 'notReady' && reasonLabel ? `${NOTES.notReady}: ${reasonLabel}` : NOTES[state];
  return { presence, note };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `id` names this desk's tuple and person: the server merges every publication for the agent into
 * one document (RFC 3863 §4.1.1 asks for ids unique within it), and Kamailio keeps only one of
 * several elements with the same id — a stale offline state from another desk would hide this one.
 */
export function pidfDocument(entity: string, state: PublishedState, id = 'anlauf'): string {
  const activity = ACTIVITIES[state.presence];
  const basic = state.presence === 'offline' ? 'closed' : 'open';
  const note = escapeXml(state.note);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="${escapeXml(entity)}">`,
    `  <tuple id="${escapeXml(id)}">`,
    `    <status><basic>${basic}</basic></status>`,
    `    <contact>${escapeXml(entity)}</contact>`,
    `    <note>${note}</note>`,
    '  </tuple>',
    `  <dm:person id="${escapeXml(id)}-agent">`,
    `    <rpid:activities>${activity.rpid ? `<rpid:${activity.rpid}/>` : ''}<rpid:other>${activity.other}</rpid:other></rpid:activities>`,
    `    <dm:note>${note}</dm:note>`,
    '  </dm:person>',
    '</presence>',
  ].join('\n');
}

/** What a NOTIFY's PIDF says of a colleague. */
export interface ReadPresence {
  presence: Exclude<ColleaguePresence, 'unknown'>;
  note: string | null;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  // Every element that may repeat is a list, so one and many read alike.
  isArray: (name) => ['tuple', 'person', 'activities', 'note', 'other'].includes(name),
  parseTagValue: false,
  trimValues: true,
});

type Node = Record<string, unknown>;

function texts(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (typeof v === 'object' && v !== null ? String((v as Node)['#text'] ?? '') : String(v))).filter((t) => t.trim() !== '');
}

const OURS: Record<string, ReadPresence['presence']> = {
  ready: 'ready',
  'not-ready': 'notReady',
  'on-call': 'onCall',
  'wrap-up': 'wrapUp',
  offline: 'offline',
};

/**
 * Reads a PIDF document (a presence NOTIFY's body, as the server aggregated it). A colleague on
 * Anlauf says its own state in RPID's `other`; any other publisher (a desk phone, a softphone)
 * is read by basic status and RPID activity. An empty body (nobody published) reads as offline.
 */
export function readPidf(xml: string | null): ReadPresence {
  if (!xml || !xml.trim()) return { presence: 'offline', note: null };
  const doc = parser.parse(xml) as Node;
  const presence = (doc.presence ?? {}) as Node;
  const tuples = (presence.tuple as Node[] | undefined) ?? [];
  const persons = (presence.person as Node[] | undefined) ?? [];
  const open = tuples.some((t) => texts(((t.status as Node | undefined) ?? {}).basic).includes('open'));
  const activities = persons.flatMap((p) => (p.activities as Node[] | undefined) ?? []);
  const others = activities.flatMap((a) => texts(a.other));
  const names = new Set(activities.flatMap((a) => Object.keys(a)));
  const note = [...persons.flatMap((p) => texts(p.note)), ...tuples.flatMap((t) => texts(t.note))][0] ?? null;
  if (!open) return { presence: 'offline', note };
  // Several publications (two devices, a restart's beside a shutdown's): while one is open, an
  // offline one does not count, and the latest (the server lists them in order) wins.
  const own = others
    .map((o) => OURS[o])
    .filter((o) => o !== undefined && o !== 'offline')
    .at(-1);
  if (own) return { presence: own, note };
  if (names.has('on-the-phone')) return { presence: 'onCall', note };
  if (names.has('busy')) return { presence: 'busy', note };
  if (names.has('away') || names.has('appointment') || names.has('meal') || names.has('vacation')) return { presence: 'away', note };
  return { presence: 'available', note };
}
