import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AnlaufState, AnlaufStore } from './index';

const StoreContext = createContext<AnlaufStore | null>(null);

export function StoreProvider({ store, children }: { store: AnlaufStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** Reads the smallest value a component needs; wrap object results in `useShallow`. */
export function useAnlauf<T>(selector: (state: AnlaufState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAnlauf needs a <StoreProvider>');
  return useStore(store, selector);
}
