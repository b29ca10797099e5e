import type { AnlaufState } from './types';

/**
 * Runs a command against main. A rejected command becomes a notice for the agent, never an
 * unhandled rejection: the UI only mirrors main, so there is nothing to roll back.
 */
export async function runCommand<T>(get: () => AnlaufState, command: () => Promise<T>): Promise<T | undefined> {
  try {
    return await command();
  } catch (error) {
    get().reportError(error);
    return undefined;
  }
}
