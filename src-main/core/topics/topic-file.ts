import { LineCounter, parseDocument } from 'yaml';
import { TOPIC_PRIORITIES, type TopicPriority, type TopicProblem } from '../../contract';
import { closestName } from '../../shared/closest-name';
import { Positions, type Path, type Where } from '../scripts/problems';

/** One topic as written, checked; times already read as this desk's local time. */
export interface TopicEntry {
  id: string;
  client: string;
  title: string;
  priority: TopicPriority;
  from: number | null;
  until: number | null;
  campaigns: string[];
  text: string;
  /** Where the topic is written (for a clash with another file or the backend). */
  line: number;
  col: number;
}

export type TopicFileResult = { ok: true; topics: TopicEntry[] } | { ok: false; problems: TopicProblem[] };

export interface TopicCheckOptions {
  /** The client ids the settings know; empty: any client id is taken (a desk without `clients`). */
  clients: readonly string[];
}

const TOP_KEYS = ['topics'] as const;
const TOPIC_KEYS = ['id', 'client', 'title', 'priority', 'from', 'until', 'campaigns', 'text'] as const;
const ID = /^[A-Za-z0-9_-]{1,200}$/;
const MAX_TEXT = 20_000;

/**
 * Reads a topics file (docs/topics.md) and checks it as scripts are checked: every problem with
 * file, line, column and the field, unknown keys with the name most likely meant. A file with any
 * problem yields none of its topics, so the caller keeps the version it had.
 */
export function checkTopicFile(text: string, file: string, options: TopicCheckOptions): TopicFileResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const problems: TopicProblem[] = [];
  const add = (where: Where, message: string) => problems.push({ file, line: where.line, col: where.col, message });
  if (doc.errors.length) {
    for (const error of doc.errors.slice(0, 1)) {
      const where = counter.linePos(error.pos[0]);
      add(where, `YAML: ${error.message.split('\n')[0] ?? error.message}`);
    }
    return { ok: false, problems };
  }
  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    add({ line: 1, col: 1 }, `YAML: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, problems };
  }
  const at = new Positions(doc, counter, text);
  if (!isRecord(plain)) {
    add({ line: 1, col: 1 }, 'a topics file starts with `topics:` and a list of topics (docs/topics.md)');
    return { ok: false, problems };
  }
  unknownKeys(plain, [], TOP_KEYS, at, add);
  // `topics:` with nothing under it: the trainer removed the last topic, which ends them all.
  const list = plain.topics === null ? [] : plain.topics;
  if (!Array.isArray(list)) {
    add(list === undefined ? { line: 1, col: 1 } : at.value(['topics']), '`topics:` must be a list of topics, each starting with `- id:`');
    return { ok: false, problems };
  }
  const topics: TopicEntry[] = [];
  const seen = new Map<string, number>();
  list.forEach((raw, index) => {
    const path: Path = ['topics', index];
    const before = problems.length;
    if (!isRecord(raw)) {
      add(at.value(path), `topic ${index + 1}: a topic is a mapping with id, client, title and text`);
      return;
    }
    unknownKeys(raw, path, TOPIC_KEYS, at, add);
    const str = (key: string): string | null => {
      const value = raw[key];
      if (value === undefined || value === null) return null;
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      add(at.value([...path, key]), `${key}: must be text`);
      return null;
    };
    const id = str('id');
    const label = id ? `topic ${id}` : `topic ${index + 1}`;
    if (id === null) add(at.value(path), `${label}: id is missing (letters, digits, - and _)`);
    else if (!ID.test(id)) add(at.value([...path, 'id']), `${label}: id may hold only letters, digits, - and _`);
    const client = str('client');
    if (client === null) add(at.value(path), `${label}: client is missing (the client id whose calls show the topic)`);
    else if (options.clients.length && !options.clients.includes(client)) {
      const near = closestName(client, options.clients);
      add(
        at.value([...path, 'client']),
        `${label}: client ${client} is not among the settings' clients${near ? ` — did you mean ${near}?` : ` (${options.clients.join(', ')})`}`,
      );
    }
    const title = str('title')?.trim() ?? '';
    if (!title) add(raw.title === undefined ? at.value(path) : at.value([...path, 'title']), `${label}: title is missing or empty`);
    const body = str('text')?.trim() ?? '';
    if (!body) add(raw.text === undefined ? at.value(path) : at.value([...path, 'text']), `${label}: text is missing or empty (the talking points)`);
    else if (body.length > MAX_TEXT) add(at.value([...path, 'text']), `${label}: text is longer than ${MAX_TEXT} characters`);
    let priority: TopicPriority = 'normal';
    if (raw.priority !== undefined) {
      const value = String(raw.priority);
      if ((TOPIC_PRIORITIES as readonly string[]).includes(value)) priority = value as TopicPriority;
      else {
        const near = closestName(value, TOPIC_PRIORITIES);
        add(at.value([...path, 'priority']), `${label}: priority ${value} is unknown${near ? ` — did you mean ${near}?` : ''} (high or normal)`);
      }
    }
    const from = dateField(raw.from, 'from', label, at.value([...path, 'from']), add, false);
    const until = dateField(raw.until, 'until', label, at.value([...path, 'until']), add, true);
    if (typeof from === 'number' && typeof until === 'number' && until <= from)
      add(
        at.value([...path, 'until']),
        `${label}: until ${String(raw.until)} is not after from ${String(raw.from)}: the topic would never show (a date alone as until means through that day)`,
      );
    let campaigns: string[] = [];
    if (raw.campaigns !== undefined && raw.campaigns !== null) {
      if (Array.isArray(raw.campaigns) && raw.campaigns.every((c) => typeof c === 'string' && c.trim()))
        campaigns = (raw.campaigns as string[]).map((c) => c.trim());
      else add(at.value([...path, 'campaigns']), `${label}: campaigns must be a list of campaign ids, e.g. [support]`);
    }
    if (id && client) {
      const key = `${client}\u0000${id}`;
      const first = seen.get(key);
      if (first !== undefined) add(at.value([...path, 'id']), `${label}: the id is used twice for client ${client} (also topic ${first + 1})`);
      else seen.set(key, index);
    }
    if (problems.length === before && id && client) {
      const where = at.value(path);
      topics.push({ id, client, title, priority, from: from ?? null, until: until ?? null, campaigns, text: body, line: where.line, col: where.col });
    }
  });
  return problems.length ? { ok: false, problems } : { ok: true, topics };
}

function unknownKeys(value: Record<string, unknown>, path: Path, known: readonly string[], at: Positions, add: (where: Where, message: string) => void): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const near = closestName(key, known);
    add(at.key([...path, key]), `unknown field ${key}${near ? ` — did you mean ${near}?` : ` (known: ${known.join(', ')})`}`);
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A date or date-time: without an offset it is this desk's local time (a topic "from 12 May"
 * starts at midnight where the agent sits); with `Z` or `+02:00` it is that instant.
 * Returns undefined when absent, null after a problem.
 */
function dateField(
  value: unknown,
  key: string,
  label: string,
  where: Where,
  add: (where: Where, message: string) => void,
  endOfDay: boolean,
): number | null | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value instanceof Date ? value.toISOString() : String(value).trim();
  const parsed = parseLocalDate(text, endOfDay);
  if (parsed === null) add(where, `${label}: ${key} ${text} is not a date (2026-05-12) or date and time (2026-05-12T08:00)`);
  return parsed;
}

/**
 * `until: 2026-06-30` means "through the 30th": a date alone as an end is the start of the next
 * day, so a topic written for a day shows all that day.
 */
export function parseLocalDate(text: string, endOfDay = false): number | null {
  const local = DATE.exec(text);
  if (local) {
    const [y, mo, d, h, mi, s] = local.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
    const date = new Date(y!, mo! - 1, d, h ?? 0, mi ?? 0, s ?? 0);
    if (date.getFullYear() !== y || date.getMonth() !== mo! - 1 || date.getDate() !== d || (h ?? 0) > 23 || (mi ?? 0) > 59 || (s ?? 0) > 59) return null;
    if (endOfDay && h === undefined) date.setDate(date.getDate() + 1);
    return date.getTime();
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
