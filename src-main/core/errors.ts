import type { Message, MessageArgs } from '../contract/messages';
import { wordMessage } from '../shared/messages';

export type AnlaufErrorCode = 'not-found' | 'conflict' | 'invalid' | 'failed';

/**
 * Errors the core raises on purpose. They carry a key of the contract's message table and its
 * parameters, never a sentence: the UI words them in the agent's language. `message` is the
 * English wording, for logs, the CLI and hosts.
 */
export class AnlaufError extends Error {
  readonly said: Message;
  readonly code: AnlaufErrorCode;

  constructor(...[key, params, code = 'failed']: [...MessageArgs, code?: AnlaufErrorCode]) {
    const said = { key, params } as Message;
    super(wordMessage('en', said));
    this.name = 'AnlaufError';
    this.said = said;
    this.code = code;
  }

  /** For a message built before it is known that it is thrown (e.g. also sent as a notice). */
  static from(said: Message, code?: AnlaufErrorCode): AnlaufError {
    return new AnlaufError(...([said.key, said.params, code] as [...MessageArgs, AnlaufErrorCode?]));
  }
}
