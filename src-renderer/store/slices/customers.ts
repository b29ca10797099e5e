import { uploadFile } from '../../lib/upload';
import { runCommand } from '../command';
import type { CustomersSlice, SliceCreator } from '../types';

/** How many customers one search shows; the agent narrows the text rather than scrolling on. */
export const CUSTOMER_SEARCH_LIMIT = 20;

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
      loaded: false,
      details: NO_DETAILS,
      picking: null,
      saving: false,
      importing: null,
      imported: null,
    },

    showWorkspaceTab: (tab) => patch({ tab }),

    setCustomerSearchText: (text) => patch({ text }),

    async searchCustomers(text) {
      const query = text.trim().slice(0, 200);
      const mine = ++generation;
      if (!query) {
        patch({ query: '', results: [], searching: false, loaded: false });
        return;
      }
      patch({ query, searching: true });
      const answer = await runCommand(get, () => api.customers.search({ query, limit: CUSTOMER_SEARCH_LIMIT }));
      if (mine !== generation) return;
      patch(answer ? { results: answer.customers, searching: false, loaded: true } : { searching: false });
    },

    async findCustomer(text) {
      patch({ tab: 'customers', text, details: NO_DETAILS });
      await get().searchCustomers(text);
    },

    async openCustomer(id) {
      const known = get().customers.results.find((customer) => customer.id === id) ?? null;
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
