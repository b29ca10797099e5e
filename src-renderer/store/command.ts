import { errorMessage, errorSaid } from '../lib/format';
import type { AnlaufState, Outcome } from './types';

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

/**
 * Runs a command whose refusal the agent should read next to what they typed (a script answer,
 * a disposition, an import) rather than in the notice at the top.
 */
export async function attemptCommand<T>(command: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await command() };
  } catch (error) {
    return { ok: false, message: errorMessage(error), said: errorSaid(error) };
  }
}
