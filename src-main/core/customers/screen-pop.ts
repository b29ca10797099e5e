import { said, type InnerMessage, type Message } from '../../contract';
import type { Clock } from '../clock';
import { describeAge, type CrmCache } from './crm-cache';
import type { CrmAnswer, CrmFailure, CrmLookup, LookupKeys, PopCustomer } from './crm';

/** A customer as a local directory may return it: a name, the rest as far as it knows. */
export type DirectoryCustomer = { name: string } & Partial<Omit<PopCustomer, 'name'>>;

/**
 * The local customer directory as the screen-pop uses it (the imported customer list satisfies
 * it). `client` is the call's client id, for directories kept per client.
 */
export interface CustomerDirectoryPort {
  findByCustomerNumber(customerNumber: string, client?: string | null): readonly DirectoryCustomer[];
  findByNumber(raw: string, region: string, client?: string | null): readonly DirectoryCustomer[];
}

export interface ScreenPopKeys extends LookupKeys {
  /** The call's client id (from resolveContext), passed to the directory. */
  client?: string | null;
}

export interface ScreenPopDeps {
  crm?: CrmLookup | null;
  cache?: CrmCache | null;
  directory?: CustomerDirectoryPort | null;
  clock: Clock;
  /** Country for numbers without a country code (`sip.defaultCountry`). */
  region: string;
  /** How long the card waits for the CRM before it shows the best local answer. */
  fastMs?: number;
}

export interface ScreenPopResult {
  customers: PopCustomer[];
  /** Where the customers come from; `none` when no source knew an answer. */
  source: 'crm' | 'cache' | 'directory' | 'none';
  /** The source in words, with the cache's age: "crm", "cache (3 hours ago)", "directory", "nothing found". */
  from: string;
  /** When the CRM gave this answer (crm and cache), else null. */
  fetchedAt: number | null;
  ageMs: number | null;
  /** Why the CRM's own answer is not (yet) shown, in a sentence; null when all is well. */
  problem: string | null;
  /** The same for people, worded by the UI; null when `problem` is. */
  problemSaid: Message | null;
  crmFailure: CrmFailure | null;
  /** False while the CRM may still answer (another result follows). */
  final: boolean;
}

type Local = Omit<ScreenPopResult, 'problem' | 'problemSaid' | 'crmFailure' | 'final'>;

const NOTHING: Local = { customers: [], source: 'none', from: 'nothing found', fetchedAt: null, ageMs: null };

function fromDirectory(customer: DirectoryCustomer): PopCustomer {
  return {
    id: customer.id ?? null,
    customerNumber: customer.customerNumber ?? null,
    name: customer.name,
    email: customer.email ?? null,
    postcode: customer.postcode ?? null,
    city: customer.city ?? null,
    phones: [...(customer.phones ?? [])],
    // Only when the source has one: a directory without the column says nothing either way.
    ...(customer.salutation ? { salutation: customer.salutation } : {}),
    ...(customer.language ? { language: customer.language } : {}),
  };
}

/** What is known without the CRM: the local directory's matches, else the cached CRM answer. */
function localAnswer(keys: ScreenPopKeys, deps: ScreenPopDeps, cacheKey: string | null): Local {
  const directory = deps.directory;
  if (directory) {
    let found: readonly DirectoryCustomer[] = [];
    try {
      const customerNumber = keys.customerNumber?.trim();
      if (customerNumber) found = directory.findByCustomerNumber(customerNumber, keys.client ?? null);
      if (found.length === 0 && keys.number?.trim()) found = directory.findByNumber(keys.number.trim(), deps.region, keys.client ?? null);
    } catch {
      found = [];
    }
    if (found.length > 0) return { customers: found.map(fromDirectory), source: 'directory', from: 'directory', fetchedAt: null, ageMs: null };
  }
  const cached = cacheKey && deps.cache ? deps.cache.get(cacheKey) : null;
  if (cached) {
    return { customers: cached.customers, source: 'cache', from: `cache (${describeAge(cached.ageMs)})`, fetchedAt: cached.fetchedAt, ageMs: cached.ageMs };
  }
  return NOTHING;
}

function showing(local: Local): string {
  if (local.source === 'cache') return `showing the answer from ${describeAge(local.ageMs ?? 0)}`;
  if (local.source === 'directory') return 'showing the local customer directory';
  return 'no other answer is available';
}

/** What the card shows instead, for people; the cache's age is on the card's source line. */
function showingSaid(local: Local): InnerMessage {
  if (local.source === 'cache') return said('customerCard.showingCache', {});
  if (local.source === 'directory') return said('customerCard.showingDirectory', {});
  return said('customerCard.showingNothing', {});
}

function fromCrm(answer: Extract<CrmAnswer, { ok: true }>, now: number): ScreenPopResult {
  return {
    customers: answer.customers,
    source: 'crm',
    from: 'crm',
    fetchedAt: answer.fetchedAt,
    ageMs: Math.max(0, now - answer.fetchedAt),
    problem: null,
    problemSaid: null,
    crmFailure: null,
    final: true,
  };
}

/**
 * The customer card's answers for a call, best first: the CRM's answer when it comes within
 * `fastMs` (300 ms); otherwise at once the best local answer (directory, else the cached CRM
 * answer with its age), then the CRM's answer when it arrives — or, when the CRM fails, the local
 * answer again with the reason. Every result says where it came from; the last has `final`.
 * Fresh CRM answers are written to the cache even when the caller stops listening.
 */
export async function* screenPop(keys: ScreenPopKeys, deps: ScreenPopDeps): AsyncGenerator<ScreenPopResult, void, undefined> {
  const fastMs = deps.fastMs ?? 300;
  const crm = deps.crm ?? null;
  const request = crm?.request(keys) ?? null;
  if (!crm || !request) {
    yield { ...localAnswer(keys, deps, null), problem: null, problemSaid: null, crmFailure: null, final: true };
    return;
  }

  const pending = crm.lookup(keys).then((answer) => {
    if (answer.ok) {
      try {
        deps.cache?.put(answer.key, answer.customers, answer.fetchedAt);
      } catch {
        // A full or read-only disk must not cost the agent the CRM's answer.
      }
    }
    return answer;
  });

  const failed = (failure: CrmFailure): ScreenPopResult => {
    const local = localAnswer(keys, deps, request.key);
    return {
      ...local,
      problem: `${capitalize(failure.message)}; ${showing(local)}.`,
      problemSaid: said('customerCard.crmFailed', { reason: failure.said as InnerMessage, showing: showingSaid(local) }),
      crmFailure: failure,
      final: true,
    };
  };

  let timer: unknown = null;
  const early = await Promise.race([
    pending,
    new Promise<null>((resolve) => {
      timer = deps.clock.setTimeout(() => resolve(null), fastMs);
    }),
  ]);
  deps.clock.clearTimeout(timer);
  if (early) {
    yield early.ok ? fromCrm(early, deps.clock.now()) : failed(early.failure);
    return;
  }

  const local = localAnswer(keys, deps, request.key);
  yield {
    ...local,
    problem: `The CRM has not answered yet; ${showing(local)}.`,
    problemSaid: said('customerCard.crmSlow', { showing: showingSaid(local) }),
    crmFailure: null,
    final: false,
  };
  const answer = await pending;
  yield answer.ok ? fromCrm(answer, deps.clock.now()) : failed(answer.failure);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
