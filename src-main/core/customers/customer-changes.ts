import type { Database, Statement } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../clock';
import { errorForLog, type Logger } from '../log';
import type { OutboxRepository } from '../store/outbox';
import type { CrmCustomer, CrmWriter } from './crm-writer';
import type { Customer, CustomerDirectory, CustomerInput } from './directory';

/** The fields a change can touch, as `changed` names them. */
const FIELDS = ['client', 'customerNumber', 'name', 'salutation', 'email', 'postcode', 'city', 'street', 'phones'] as const;
export type CustomerField = (typeof FIELDS)[number];

/** The outbox payload of `customer.upsert` (docs/sync-api.yaml). */
export interface CustomerUpsert {
  id: string;
  /** The change's id: the same change told twice is one change. */
  change: string;
  created: boolean;
  /** `desk`: the agent typed it; `crm`: the agent kept the CRM's details in a conflict. */
  origin: 'desk' | 'crm';
  customer: {
    id: string;
    client: string | null;
    customerNumber: string | null;
    name: string | null;
    salutation: string | null;
    email: string | null;
    postcode: string | null;
    city: string | null;
    street: string | null;
    phones: string[];
  };
  changed: CustomerField[];
  agent: { id: string | null; name: string | null };
  callId: string | null;
  at: number;
}

export interface CustomerChangesDeps {
  /** The call log's database: the outbox and the CRM's queue. */
  db: Database;
  directory: CustomerDirectory;
  outbox: OutboxRepository;
  crm: CrmWriter;
  agent: () => { id: string | null; name: string | null };
  clock: Clock;
  logger: Logger;
  /** Outbox rows were written: the sync delivers them soon. */
  told?: () => void;
}

export function crmCustomerOf(customer: Customer, created: boolean): CrmCustomer {
  return {
    customerNumber: customer.customerNumber,
    name: customer.name,
    email: customer.email,
    postcode: customer.postcode,
    city: customer.city,
    street: customer.street,
    salutation: customer.salutation,
    phones: customer.phones.map((phone) => phone.e164),
    created,
  };
}

function fieldsOf(customer: Customer): CustomerUpsert['customer'] {
  return {
    id: customer.id,
    client: customer.client,
    customerNumber: customer.customerNumber,
    name: customer.name,
    salutation: customer.salutation,
    email: customer.email,
    postcode: customer.postcode,
    city: customer.city,
    street: customer.street,
    phones: customer.phones.map((phone) => (phone.extension ? `${phone.e164};ext=${phone.extension}` : phone.e164)),
  };
}

/**
 * A customer created or corrected at the desk, told to the backend (`customer.upsert` in the
 * outbox) and queued for the CRM exactly once. When the directory is kept in the call log's
 * database, the change, its outbox row and its CRM write are one transaction. When it is its own
 * (shared) file, one transaction cannot span both: the change's id is first written here, then the
 * directory's change with a note under the same id, then here the outbox row and the CRM write,
 * removing the id. A crash in between leaves the id here, and the next start (`recover`) finishes
 * it when the directory has the note, or drops it when the change never committed.
 */
export class CustomerChanges {
  private readonly insertPending: Statement;
  private readonly deletePending: Statement;
  private readonly selectPending: Statement;

  constructor(private readonly deps: CustomerChangesDeps) {
    this.insertPending = deps.db.prepare('INSERT INTO customer_changes (id, created_at) VALUES (?, ?)');
    this.deletePending = deps.db.prepare('DELETE FROM customer_changes WHERE id = ?');
    this.selectPending = deps.db.prepare('SELECT id FROM customer_changes ORDER BY id').pluck();
  }

  /**
   * Writes `input` to the directory (a new customer when no stored one has its id) and tells the
   * backend and, for changes the agent made, the CRM. A correction that changes nothing is no
   * change. Returns the customer as stored.
   */
  apply(input: CustomerInput & { id: string }, meta: { origin: 'desk' | 'crm'; callId: string | null }): Customer {
    const { db, directory } = this.deps;
    const changeId = uuidv7();
    const at = this.deps.clock.now();
    const sameDatabase = directory.isIn(db);
    let result: { customer: Customer; payload: CustomerUpsert | null } | null = null;
    const inDirectory = () => {
      const before = directory.get(input.id);
      directory.write(input, at);
      directory.indexPending();
      const after = directory.get(input.id) as Customer;
      const changed = before ? FIELDS.filter((field) => JSON.stringify(fieldsOf(before)[field]) !== JSON.stringify(fieldsOf(after)[field])) : [...FIELDS];
      const payload: CustomerUpsert | null =
        changed.length === 0
          ? null
          : {
              id: after.id,
              change: changeId,
              created: before === null,
              origin: meta.origin,
              customer: fieldsOf(after),
              changed,
              agent: this.deps.agent(),
              callId: meta.callId,
              at,
            };
      // One database: the outbox row commits with the change, no note is needed.
      if (payload && !sameDatabase) directory.markApplied(changeId, JSON.stringify(payload), at);
      result = { customer: after, payload };
    };
    if (sameDatabase) {
      db.transaction(() => {
        inDirectory();
        if (result?.payload) this.handOn(result.payload);
      }).immediate();
    } else {
      this.insertPending.run(changeId, at);
      try {
        directory.transaction(inDirectory);
      } catch (error) {
        this.deletePending.run(changeId);
        throw error;
      }
      const payload = (result as { payload: CustomerUpsert | null } | null)?.payload ?? null;
      if (payload) this.confirm(changeId, payload);
      else this.deletePending.run(changeId);
    }
    this.deps.told?.();
    this.deps.crm.notify();
    return (result as unknown as { customer: Customer }).customer;
  }

  /** Finishes the changes a crash interrupted: those the directory has are told, the others dropped. */
  recover(): { told: number; dropped: number } {
    const { directory } = this.deps;
    const counts = { told: 0, dropped: 0 };
    for (const id of this.selectPending.all() as string[]) {
      const payload = directory.applied(id);
      if (payload === null) {
        this.deletePending.run(id);
        counts.dropped++;
      } else {
        this.confirm(id, JSON.parse(payload) as CustomerUpsert);
        counts.told++;
      }
    }
    if (counts.told > 0) this.deps.told?.();
    if (counts.told + counts.dropped > 0) this.deps.logger.log('info', 'finished customer changes a stop interrupted', counts);
    return counts;
  }

  /** The outbox row and the CRM write of a change the directory has, and its pending id gone: one transaction. */
  private confirm(changeId: string, payload: CustomerUpsert): void {
    this.deps.db.transaction(() => {
      this.handOn(payload);
      this.deletePending.run(changeId);
    })();
    try {
      this.deps.directory.forgetApplied(changeId);
    } catch (error) {
      // Only a note: left behind, it is never read again.
      this.deps.logger.log('warn', "a customer change's note could not be removed from the directory", { error: errorForLog(error) });
    }
  }

  private handOn(payload: CustomerUpsert): void {
    this.deps.outbox.enqueue('customer.upsert', payload.id, payload, payload.at);
    if (payload.origin === 'desk' && this.deps.crm.configured) {
      const c = payload.customer;
      this.deps.crm.enqueue(
        payload.id,
        {
          customerNumber: c.customerNumber,
          name: c.name,
          email: c.email,
          postcode: c.postcode,
          city: c.city,
          street: c.street,
          salutation: c.salutation,
          phones: c.phones.map((phone) => phone.replace(/;ext=.*$/, '')),
          created: payload.created,
        },
        payload.at,
      );
    }
  }
}
