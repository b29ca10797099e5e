import { describe, expect, it } from 'vitest';
import { makeWorkstation } from '../support/workstation';

describe('stopping the workstation', () => {
  it('is idempotent: a quit, a shutdown and a session end may all ask, at once or one after another', async () => {
    const { ws } = makeWorkstation();
    await ws.start();
    const callId = ws.training.placeTrainingCall({});
    await ws.phone.answer(callId);
    const callLog = ws.callLog;

    const first = ws.stop();
    const second = ws.stop();
    expect(second).toBe(first);
    await expect(Promise.all([first, second])).resolves.toBeDefined();
    await expect(ws.stop()).resolves.toBeUndefined();

    // Stopped once: the live call ended once, and the database is closed.
    expect(() => callLog.get(callId)).toThrow(/not open/);
  });
});
