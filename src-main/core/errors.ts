/** Errors the core raises on purpose; their messages are written for the person who reads them. */
export class AnlaufError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'conflict' | 'invalid' | 'failed' = 'failed',
  ) {
    super(message);
    this.name = 'AnlaufError';
  }
}
