import type {
  CallLogEntry,
  CommandRequest,
  CommandResponse,
  CustomerSearchRow,
  DirectoryCustomer,
  Message,
  PopCustomer,
  Snapshot,
} from '../../../src-main/contract';
import { uploadFile } from '../../lib/upload';
import { runCommand } from '../command';
import type { SliceCreator } from '../types';

export type CustomerImportResult = CommandResponse<'customers:import'> & { fileName: string };

/** The workspace's tabs below the call banner. */
export type WorkspaceTab = 'callLog' | 'customers' | 'colleagues' | 'callbacks' | 'callLists' | 'scripts';

/** A new customer as the form gives it (`customers:create` without the call id). */
export type NewCustomer = Omit<CommandRequest<'customers:create'>, 'callId'>;

export type CustomersSlice = {
  customers: {
    tab: WorkspaceTab;
    /** What the search box holds; searched once typing pauses. */
    text: string;
    /** The text the results are for ('' : none). */
    query: string;
    /** One row per customer, each saying where it came from (this desk's directory, the CRM, both). */
    results: CustomerSearchRow[];
    /** A search is on its way. */
    searching: boolean;
    /** The CRM is being asked for `query` (its rows join the local ones when it answers). */
    askingCrm: boolean;
    /** Why the CRM gave no rows for `query`; the local rows stay. */
    crmFailure: Message | null;
    /** The results of `query` have arrived. */
    loaded: boolean;
    /** The customer whose details are open, as `customers:get` last returned them. */
    details: { id: string | null; customer: DirectoryCustomer | null; recentCalls: CallLogEntry[]; loading: boolean };
    /** `customers:pick` is on its way for this call. */
    picking: string | null;
    /** `customers:create` is on its way. */
    saving: boolean;
    /** An import running in main (from any window), for the progress bar. */
    importing: Snapshot['customerImport'];
    /** The last import's outcome, from this window. */
    imported: CustomerImportResult | null;
    /** The machine's shared directory as main found it at start (read-only, unreachable: its notice). */
    directory: Snapshot['customerDirectory'];
  };
  showWorkspaceTab: (tab: WorkspaceTab) => void;
  /** Imports a CSV file into the local directory; the result or null (the notice says why). */
  importCustomers: (file: { name: string; bytes: ArrayBuffer; client: string | null }) => Promise<CustomerImportResult | null>;
  /** Sets the search box; the search itself follows with `searchCustomers`. */
  setCustomerSearchText: (text: string) => void;
  /** Searches the directory for `text`; an answer for an older text is dropped. */
  searchCustomers: (text: string) => Promise<void>;
  /** Shows the customer search with `text` searched at once (e.g. an unknown caller's number). */
  findCustomer: (text: string) => Promise<void>;
  openCustomer: (id: string) => Promise<void>;
  closeCustomer: () => void;
  /** Creates a customer (the call's customer too, with `callId`); the new customer or null (the notice says why). */
  createCustomer: (customer: NewCustomer, callId?: string) => Promise<DirectoryCustomer | null>;
  /** Corrects a customer (`customers:update`); the corrected customer or null (the notice says why). */
  updateCustomer: (request: CommandRequest<'customers:update'>) => Promise<DirectoryCustomer | null>;
  /** The agent's answer to a conflict with the CRM; the customer as it is then, or null. */
  resolveCustomerConflict: (id: string, keep: 'theirs' | 'ours') => Promise<DirectoryCustomer | null>;
  /** Reads the open customer again (its CRM status may have moved on). */
  refreshCustomer: () => Promise<void>;
  /** Makes `customer` the call's customer; true if main accepted. */
  pickCustomer: (callId: string, customer: PopCustomer) => Promise<boolean>;
};

/** How many customers one search shows; the agent narrows the text rather than scrolling on. */
export const CUSTOMER_SEARCH_LIMIT = 20;

/** The CRM is asked once the text has this many characters… */
export const CRM_SEARCH_MIN_LENGTH = 3;
/** …and typing paused this long after the local answer: search as you type must not flood it. */
export const CRM_SEARCH_DEBOUNCE_MS = 300;

const fromDirectory = (customers: DirectoryCustomer[]): CustomerSearchRow[] => customers.map((customer) => ({ ...customer, sources: ['directory'] }));

const NO_DETAILS: CustomersSlice['customers']['details'] = { id: null, customer: null, recentCalls: [], loading: false };

export const createCustomersSlice: SliceCreator<CustomersSlice> = (api) => (set, get) => {
  // Every search gets a number; an answer for an older one is dropped, so typing fast never shows
  // the customers of a text the agent has already changed.
  let generation = 0;

  const patch = (change: Partial<CustomersSlice['customers']>) => set((s) => ({ customers: { ...s.customers, ...change } }));

  return {
    customers: {
      tab: 'callLog',
      text: '',
      query: '',
      results: [],
      searching: false,
      askingCrm: false,
      crmFailure: null,
      loaded: false,
      details: NO_DETAILS,
      picking: null,
      saving: false,
      importing: null,
      imported: null,
      directory: { folder: '', access: 'readwrite', notice: null },
    },

    showWorkspaceTab: (tab) => patch({ tab }),

    setCustomerSearchText: (text) => patch({ text }),

    async searchCustomers(text) {
      const query = text.trim().slice(0, 200);
      const mine = ++generation;
      if (!query) {
        patch({ query: '', results: [], searching: false, askingCrm: false, crmFailure: null, loaded: false });
        return;
      }
      patch({ query, searching: true, askingCrm: false, crmFailure: null });
      const answer = await runCommand(get, () => api.customers.search({ query, limit: CUSTOMER_SEARCH_LIMIT }));
      if (mine !== generation) return;
      patch(answer ? { results: fromDirectory(answer.customers), searching: false, loaded: true } : { searching: false });
      if (!answer || query.length < CRM_SEARCH_MIN_LENGTH || !get().settings.effective?.crm.searchUrl) return;
      // The local rows are on screen; the CRM is asked once typing has paused, for the latest text
      // only (main aborts the request of an older one), and its rows join the local ones.
      await new Promise((resolve) => setTimeout(resolve, CRM_SEARCH_DEBOUNCE_MS));
      if (mine !== generation || get().customers.text.trim() !== query) return;
      patch({ askingCrm: true });
      const merged = await runCommand(get, () => api.customers.searchCrm({ query, limit: CUSTOMER_SEARCH_LIMIT }));
      if (mine !== generation) return;
      if (!merged || merged.crm.superseded) {
        patch({ askingCrm: false });
        return;
      }
      patch({ results: merged.customers, askingCrm: false, crmFailure: merged.crm.failure });
    },

    async findCustomer(text) {
      patch({ tab: 'customers', text, details: NO_DETAILS });
      await get().searchCustomers(text);
    },

    async openCustomer(id) {
      const known = get().customers.results.find((customer) => customer.id === id) ?? null;
      // A customer only the CRM knows has no calls or record on this desk: the row is all there is.
      if (known && !known.sources.includes('directory')) {
        patch({ details: { id, customer: known, recentCalls: [], loading: false } });
        return;
      }
      patch({ details: { id, customer: known, recentCalls: [], loading: true } });
      const answer = await runCommand(get, () => api.customers.get({ id }));
      if (get().customers.details.id !== id) return; // closed, or another customer opened meanwhile
      patch({ details: answer ? { id, customer: answer.customer, recentCalls: answer.recentCalls, loading: false } : NO_DETAILS });
    },

    closeCustomer: () => patch({ details: NO_DETAILS }),

    async importCustomers(file) {
      patch({ imported: null });
      const answer = await runCommand(get, async () =>
        api.customers.import({ uploadId: await uploadFile(api, 'customers', file.name, file.bytes), client: file.client }),
      );
      if (!answer) return null;
      const result = { ...answer, fileName: file.name };
      patch({ imported: result });
      // What the agent had searched for may have new matches now.
      if (get().customers.query) await get().searchCustomers(get().customers.query);
      return result;
    },

    async createCustomer(customer, callId) {
      if (get().customers.saving) return null;
      patch({ saving: true });
      try {
        const answer = await runCommand(get, () => api.customers.create(callId === undefined ? customer : { ...customer, callId }));
        return answer?.customer ?? null;
      } finally {
        patch({ saving: false });
      }
    },

    async updateCustomer(request) {
      if (get().customers.saving) return null;
      patch({ saving: true });
      try {
        const answer = await runCommand(get, () => api.customers.update(request));
        if (answer && get().customers.details.id === request.id) patch({ details: { ...get().customers.details, customer: answer.customer } });
        return answer?.customer ?? null;
      } finally {
        patch({ saving: false });
      }
    },

    async resolveCustomerConflict(id, keep) {
      if (get().customers.saving) return null;
      patch({ saving: true });
      try {
        const answer = await runCommand(get, () => api.customers.resolveConflict({ id, keep }));
        if (answer && get().customers.details.id === id) patch({ details: { ...get().customers.details, customer: answer.customer } });
        return answer?.customer ?? null;
      } finally {
        patch({ saving: false });
      }
    },

    async refreshCustomer() {
      const { id } = get().customers.details;
      if (id === null) return;
      const answer = await api.customers.get({ id }).catch(() => null);
      if (answer && get().customers.details.id === id) patch({ details: { ...get().customers.details, customer: answer.customer } });
    },

    async pickCustomer(callId, customer) {
      if (get().customers.picking !== null) return false;
      patch({ picking: callId });
      try {
        return (await runCommand(get, () => api.customers.pick({ callId, customer }))) !== undefined;
      } finally {
        patch({ picking: null });
      }
    },
  };
};
