import fs from 'node:fs';
import type { CallLogEntry, CommandRequest, DirectoryCustomer, PopCustomer, Settings, Snapshot } from '../../contract';
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../clock';
import { nationalDigits } from './calling-codes';
import { CsvImportError, importCsv } from './csv-import';
import { phoneFromKey, type Customer, type CustomerDirectory, type CustomerInput, type CustomerPhone } from './directory';
import { crmCustomerOf, type CustomerChanges } from './customer-changes';
import type { CrmWriter } from './crm-writer';
import { directoryView, popFromDirectory } from './directory-views';
import type { CrmSearch, CrmSearchResult } from './crm-search';
import { matchKey } from './phone-number';
import { phoneForDisplay } from './phone-display';
import { AnlaufError } from '../errors';
import { Emitter } from '../events';
import { errorForLog, type Logger } from '../log';
import type { CallLogRepository } from '../store/call-log';

/** What the Dispatcher may ask of the customers at the desk. */
export interface ICustomerDesk {
  searchCustomers(query: string, limit: number, client?: string): DirectoryCustomer[];
  /** The same search, with the CRM asked beside it and its customers merged in. */
  searchWithCrm(query: string, limit: number, client?: string): Promise<CrmSearchResult>;
  customer(id: string): { customer: DirectoryCustomer; recentCalls: CallLogEntry[] };
  createCustomer(request: CommandRequest<'customers:create'>): DirectoryCustomer;
  updateCustomer(request: CommandRequest<'customers:update'>): DirectoryCustomer;
  resolveConflict(request: CommandRequest<'customers:resolveConflict'>): DirectoryCustomer;
  importCustomers(request: { fileName: string; file: string; client: string | null }): Promise<Awaited<ReturnType<typeof importCsv>>>;
  pickCustomer(callId: string, customer: PopCustomer): void;
}

export interface CustomerDeskDeps {
  settings: () => Settings;
  directory: CustomerDirectory;
  /**
   * The folder of the shared directory when this user may only read it (imports and new customers
   * are refused, naming it), else null.
   */
  readOnlyFolder?: string | null;
  callLog: Pick<CallLogRepository, 'recentForCustomer' | 'recordCustomer'>;
  /** The calls' contexts: a customer created during a call belongs to its client and becomes its customer. */
  contexts: { clientOf(callId: string): string | null; pick(callId: string, customer: PopCustomer): void };
  /**
   * Where created and corrected customers go on: the backend (outbox) and the CRM's queue. Absent:
   * they stay in the directory (tools and tests that have no call log).
   */
  sync?: { changes: CustomerChanges; crm: CrmWriter };
  /** The search in the CRM (`crm.searchUrl`); absent: only the directory is searched. */
  crmSearch?: CrmSearch;
  clock: Clock;
  logger: Logger;
  /** A call's customer was written to the call log. */
  written: (callId: string) => void;
}

/**
 * The local directory as the agent uses it during calls: search, one customer's calls, a new
 * customer, a CSV import from the window (one at a time, with its progress), and the call's customer.
 */
export class CustomerDesk implements ICustomerDesk {
  /** The customer import under way from the window, for its progress bar. */
  private customerImport: Snapshot['customerImport'] = null;
  private readonly changed = new Emitter<void>();
  /** The import's progress changed (the snapshot shows it). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: CustomerDeskDeps) {}

  get importProgress(): Snapshot['customerImport'] {
    return this.customerImport;
  }

  /** Search as you type in the local directory. */
  searchCustomers(query: string, limit: number, client?: string): DirectoryCustomer[] {
    return this.deps.directory.search(query, limit, { defaultRegion: this.deps.settings().sip.defaultCountry, client }).map(directoryView);
  }

  /** Search in the directory and the CRM: the CRM's failure leaves the local rows, with its words. */
  async searchWithCrm(query: string, limit: number, client?: string): Promise<CrmSearchResult> {
    const local = this.searchCustomers(query, limit, client);
    if (!this.deps.crmSearch) {
      return { customers: local.map((customer) => ({ ...customer, sources: ['directory'] })), crm: { asked: false, failure: null, superseded: false } };
    }
    const result = await this.deps.crmSearch.search(query, local, limit);
    if (result.crm.failure) this.deps.logger.log('warn', 'the CRM search failed', { failure: result.crm.failure.key });
    return result;
  }

  /** One customer with their recent calls. */
  customer(id: string): { customer: DirectoryCustomer; recentCalls: CallLogEntry[] } {
    const customer = this.deps.directory.get(id);
    if (!customer) throw new AnlaufError('customer.notFound', {}, 'not-found');
    // Calls are matched on the national part of each number, however the line wrote it.
    const digits = customer.phones.map((phone) => nationalDigits(phone.e164));
    return { customer: this.view(customer), recentCalls: this.deps.callLog.recentForCustomer(customer.customerNumber, digits, 20) };
  }

  /** A customer as the window shows it, with where this desk's last change stands with the CRM. */
  private view(customer: Customer): DirectoryCustomer {
    const status = this.deps.sync?.crm.status(customer.id) ?? null;
    if (!status) return directoryView(customer);
    // The CRM's numbers written as ours are, so the same number reads the same on both sides.
    const region = this.deps.settings().sip.defaultCountry;
    const shown = (raw: string) => {
      const key = matchKey(raw, region);
      return key ? phoneForDisplay(phoneFromKey(key)) : raw;
    };
    const theirs = status.theirs && { ...status.theirs, phones: status.theirs.phones.map(shown) };
    return { ...directoryView(customer), crm: { ...status, theirs } };
  }

  /** Phones as typed, as the directory stores them; a number that is none is refused, naming it. */
  private phones(raw: readonly string[]): CustomerPhone[] {
    const region = this.deps.settings().sip.defaultCountry;
    const phones: CustomerPhone[] = [];
    for (const typed of raw) {
      const key = matchKey(typed, region);
      if (!key) throw new AnlaufError('customer.badNumber', { number: typed }, 'invalid');
      phones.push(phoneFromKey(key));
    }
    return phones;
  }

  /** Writes a change through the outbox and the CRM's queue when there are, else to the directory alone. */
  private write(input: CustomerInput & { id: string }, origin: 'desk' | 'crm', callId: string | null): Customer {
    if (this.deps.sync) return this.deps.sync.changes.apply(input, { origin, callId });
    return this.deps.directory.upsert(input, this.deps.clock.now());
  }

  /**
   * Corrects a customer: the fields given replace the stored ones. The backend and the CRM hear of
   * it (a correction that changes nothing is not sent).
   */
  updateCustomer(request: CommandRequest<'customers:update'>): DirectoryCustomer {
    this.refuseReadOnly();
    const stored = this.deps.directory.get(request.id);
    if (!stored) throw new AnlaufError('customer.notFound', {}, 'not-found');
    const text = (value: string | null | undefined, current: string | null) => (value === undefined ? current : value?.trim() || null);
    const customerNumber = text(request.customerNumber, stored.customerNumber);
    if (
      customerNumber &&
      customerNumber !== stored.customerNumber &&
      this.deps.directory.findByCustomerNumber(customerNumber, stored.client ?? undefined).some((c) => c.client === stored.client && c.id !== stored.id)
    ) {
      throw new AnlaufError('customer.exists', { number: customerNumber }, 'conflict');
    }
    const updated = this.write(
      {
        ...stored,
        id: stored.id,
        source: 'manual',
        customerNumber,
        name: request.name?.trim() ?? stored.name,
        email: text(request.email, stored.email),
        postcode: text(request.postcode, stored.postcode),
        city: text(request.city, stored.city),
        street: text(request.street, stored.street),
        salutation: request.salutation === undefined ? stored.salutation : request.salutation,
        phones: request.phones === undefined ? stored.phones : this.phones(request.phones),
      },
      'desk',
      request.callId ?? null,
    );
    if (request.callId) this.deps.contexts.pick(request.callId, popFromDirectory(updated));
    return this.view(updated);
  }

  /**
   * The agent's answer to a conflict with the CRM: keep the CRM's details (the directory takes
   * them; the backend hears of it) or send ours again over exactly the CRM version shown.
   */
  resolveConflict(request: CommandRequest<'customers:resolveConflict'>): DirectoryCustomer {
    const sync = this.deps.sync;
    if (!sync) throw new AnlaufError('customerSync.notConfigured', {}, 'conflict');
    const stored = this.deps.directory.get(request.id);
    if (!stored) throw new AnlaufError('customer.notFound', {}, 'not-found');
    const conflict = sync.crm.conflict(stored.id);
    if (!conflict) throw new AnlaufError('customerSync.noConflict', {}, 'conflict');
    const theirs = conflict.theirs;
    if (request.keep === 'ours' || !theirs) {
      sync.crm.sendOursAgain(stored.id, crmCustomerOf(stored, false), theirs);
      return this.view(stored);
    }
    this.refuseReadOnly();
    const region = this.deps.settings().sip.defaultCountry;
    const phones = theirs.phones.flatMap((raw) => {
      const key = matchKey(raw, region);
      return key ? [phoneFromKey(key)] : [];
    });
    const updated = this.write(
      {
        ...stored,
        id: stored.id,
        source: 'crm',
        customerNumber: theirs.customerNumber ?? stored.customerNumber,
        name: theirs.name ?? stored.name,
        email: theirs.email,
        postcode: theirs.postcode,
        city: theirs.city,
        phones,
      },
      'crm',
      null,
    );
    sync.crm.keptTheirs(stored.id, theirs);
    return this.view(updated);
  }

  /** A new customer in the local directory; with a call, also that call's customer. */
  createCustomer(request: CommandRequest<'customers:create'>): DirectoryCustomer {
    this.refuseReadOnly();
    const phones = this.phones(request.phones ?? []);
    const client = request.client !== undefined ? request.client : request.callId ? this.deps.contexts.clientOf(request.callId) : null;
    const customerNumber = request.customerNumber?.trim() || null;
    if (customerNumber && this.deps.directory.findByCustomerNumber(customerNumber, client ?? undefined).some((c) => c.client === client)) {
      throw new AnlaufError('customer.exists', { number: customerNumber }, 'conflict');
    }
    const input: CustomerInput = {
      source: 'manual',
      client,
      customerNumber,
      name: request.name.trim(),
      email: request.email?.trim() || null,
      postcode: request.postcode?.trim() || null,
      city: request.city?.trim() || null,
      street: request.street?.trim() || null,
      phones,
    };
    // The same customer stored before (same number and client; or same name and phones) is updated, as before.
    const id = this.deps.directory.findSame(input)?.id ?? uuidv7();
    const created = this.write({ ...input, id }, 'desk', request.callId ?? null);
    if (request.callId) this.deps.contexts.pick(request.callId, popFromDirectory(created));
    return this.view(created);
  }

  /**
   * Imports customers from a CSV file the window sent (its upload's file, which the caller
   * deletes), streaming like the command line's; progress reaches the snapshot a few times a second.
   */
  async importCustomers(request: { fileName: string; file: string; client: string | null }): Promise<Awaited<ReturnType<typeof importCsv>>> {
    if (this.customerImport) throw new AnlaufError('customer.importRunning', {}, 'conflict');
    this.refuseReadOnly();
    const file = request.file;
    this.customerImport = { fileName: request.fileName, bytesRead: 0, totalBytes: fs.statSync(file).size, rows: 0, imported: 0, rejected: 0 };
    this.changed.fire();
    let shownAt = 0;
    try {
      const result = await importCsv(this.deps.directory, file, {
        now: () => this.deps.clock.now(),
        client: request.client,
        clients: this.deps.settings().clients,
        defaultRegion: this.deps.settings().sip.defaultCountry,
        maxRejectedListed: 200,
        onProgress: (p) => {
          this.customerImport = { fileName: request.fileName, ...p };
          const now = this.deps.clock.now();
          if (now - shownAt >= 200) {
            shownAt = now;
            this.changed.fire();
          }
        },
      });
      this.deps.logger.log('info', 'customers imported from the window', { file: request.fileName, imported: result.imported, rejected: result.rejectedCount });
      return result;
    } catch (error) {
      if (error instanceof CsvImportError) throw new AnlaufError('customer.importRefused', { detail: error.message }, 'invalid');
      throw error;
    } finally {
      this.customerImport = null;
      this.changed.fire();
    }
  }

  /**
   * A read-only directory would fail at the first write with SQLite's "attempt to write a readonly
   * database", which tells the agent nothing: say which folder, before anything is read.
   */
  private refuseReadOnly(): void {
    const folder = this.deps.readOnlyFolder ?? null;
    if (folder !== null) throw new AnlaufError('customer.directoryReadOnly', { folder }, 'conflict');
  }

  /** The agent names the call's customer. */
  pickCustomer(callId: string, customer: PopCustomer): void {
    this.deps.contexts.pick(callId, customer);
  }

  recordCustomer(callId: string, customer: { customerNumber: string | null; name: string }): void {
    try {
      this.deps.callLog.recordCustomer(callId, customer, this.deps.clock.now());
    } catch (error) {
      this.deps.logger.log('error', "the call's customer could not be saved in the call log", { callId, error: errorForLog(error) });
      return;
    }
    this.deps.written(callId);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
