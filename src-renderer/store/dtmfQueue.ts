/** The keys a DTMF command carries (the contract allows at most 32 per command). */
export const DTMF_TONES = /^[0-9A-Da-d#*,]+$/;
const MAX_TONES_PER_COMMAND = 32;

export type SendTones = (callId: string, tones: string) => Promise<boolean>;

/**
 * Sends key presses per call in the order they were made. Presses made while a command is on its
 * way are sent together in the next one, so fast typing neither reorders nor drops keys. After a
 * refused command the call's queue is dropped: the remaining keys would fail the same way.
 */
export function createDtmfQueue(send: SendTones) {
  const queues = new Map<string, { buffer: string; running: Promise<void> }>();

  return function enqueue(callId: string, tones: string): Promise<void> {
    if (!DTMF_TONES.test(tones)) return Promise.resolve();
    const queued = queues.get(callId);
    if (queued) {
      queued.buffer += tones;
      return queued.running;
    }
    const queue = { buffer: tones, running: Promise.resolve() };
    queues.set(callId, queue);
    queue.running = (async () => {
      try {
        while (queue.buffer) {
          const next = queue.buffer.slice(0, MAX_TONES_PER_COMMAND);
          queue.buffer = queue.buffer.slice(MAX_TONES_PER_COMMAND);
          if (!(await send(callId, next))) break;
        }
      } finally {
        queues.delete(callId);
      }
    })();
    return queue.running;
  };
}
