import type { AnlaufApi } from '../src-main/contract';

/**
 * The host's API, if the host set one up. The declaration in global.d.ts says what a host provides;
 * this says what a page opened without its host actually has.
 */
export function readBridge(): AnlaufApi | null {
  if (typeof window === 'undefined') return null;
  const api = (window as { anlauf?: unknown }).anlauf;
  return typeof api === 'object' && api !== null ? (api as AnlaufApi) : null;
}
