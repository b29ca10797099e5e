import type { CustomerSearchRow, DirectoryCustomer, Message } from '../../contract';
import type { CrmAnswer, LookupKeys, PopCustomer } from './crm';
import { matchKey, type MatchKey } from './phone-number';

/** The CRM is asked only for queries this long: a letter or two would match half of its customers. */
export const CRM_SEARCH_MIN_LENGTH = 3;

export interface CrmSearchDeps {
  /** The configured CRM; `configured` false when no URL is set. */
  crm: { readonly configured: boolean; lookup(keys: LookupKeys, signal?: AbortSignal): Promise<CrmAnswer> };
  /** Whether `crm.searchUrl` is set (the other URLs do not search). */
  searchConfigured: () => boolean;
  defaultRegion: () => string;
}

export interface CrmSearchResult {
  customers: CustomerSearchRow[];
  crm: { asked: boolean; failure: Message | null; superseded: boolean };
}

/**
 * The customer search beside the CRM: the local rows at once, the CRM's answer merged into them.
 * Only the latest search is asked of the CRM: a new one aborts the request of the one before.
 */
export class CrmSearch {
  private running: AbortController | null = null;

  constructor(private readonly deps: CrmSearchDeps) {}

  async search(query: string, local: DirectoryCustomer[], limit: number): Promise<CrmSearchResult> {
    const text = query.trim();
    const localRows = local.map((customer): CustomerSearchRow => ({ ...customer, sources: ['directory'] }));
    this.running?.abort();
    this.running = null;
    if (text.length < CRM_SEARCH_MIN_LENGTH || !this.deps.searchConfigured()) {
      return { customers: localRows, crm: { asked: false, failure: null, superseded: false } };
    }
    const controller = new AbortController();
    this.running = controller;
    const answer = await this.deps.crm.lookup({ query: text }, controller.signal);
    if (this.running === controller) this.running = null;
    if (controller.signal.aborted) return { customers: localRows, crm: { asked: true, failure: null, superseded: true } };
    if (!answer.ok) return { customers: localRows, crm: { asked: true, failure: answer.failure.said, superseded: false } };
    return { customers: mergeRows(localRows, answer.customers, this.deps.defaultRegion(), limit), crm: { asked: true, failure: null, superseded: false } };
  }
}

/**
 * One row per customer: a CRM customer joins the local row with the same customer number, else the
 * one sharing a phone number (compared as numbers, however each source writes them); the rest are
 * new rows after the local ones, up to `limit` rows in all.
 */
export function mergeRows(local: CustomerSearchRow[], crm: PopCustomer[], region: string, limit: number): CustomerSearchRow[] {
  const rows = local.map((row) => ({ ...row, sources: [...row.sources] }));
  const keyOf = (phone: string) => {
    const key: MatchKey | null = matchKey(phone, region);
    if (!key) return null;
    return 'e164' in key ? `${key.e164};${key.extension ?? ''}` : `short:${key.short}`;
  };
  const phonesOf = (phones: string[]) => new Set(phones.map(keyOf).filter((key): key is string => key !== null));
  for (const [index, customer] of crm.entries()) {
    const number = customer.customerNumber?.trim().toLowerCase() || null;
    const phones = phonesOf(customer.phones);
    const byNumber = number === null ? undefined : rows.find((row) => row.customerNumber?.trim().toLowerCase() === number);
    const match =
      byNumber ??
      rows.find(
        (row) =>
          // Two different customer numbers are two customers, whatever phone they share.
          (number === null || row.customerNumber === null) && [...phonesOf(row.phones)].some((key) => phones.has(key)),
      );
    if (match) {
      if (!match.sources.includes('crm')) match.sources.push('crm');
      continue;
    }
    rows.push({
      id: `crm:${customer.id ?? customer.customerNumber ?? index}`,
      client: null,
      customerNumber: customer.customerNumber,
      name: customer.name,
      email: customer.email,
      postcode: customer.postcode,
      city: customer.city,
      street: null,
      notes: null,
      source: 'crm',
      updatedAt: 0,
      phones: customer.phones,
      sources: ['crm'],
    });
  }
  return rows.slice(0, Math.max(limit, local.length));
}
