import { describe, expect, it } from 'vitest';
import { said } from '../../src-main/contract';
import { quarantineReason, quarantineSaid } from '../../src-main/core/sync/quarantine-reasons';

describe('quarantine reasons', () => {
  it('reads back every reason the sync worker writes as the message it was written from', () => {
    for (const message of [
      said('syncQuarantine.rejected', { detail: 'HTTP 422: clientId unknown' }),
      said('syncQuarantine.rejectedNoReason', {}),
      said('syncQuarantine.notJson', {}),
      said('syncQuarantine.unknownTopic', { topic: 'fax' }),
      said('syncQuarantine.misfit', { topic: 'call' }),
    ]) {
      expect(quarantineSaid(quarantineReason(message))).toEqual(message);
    }
  });

  it('keeps the English that the command line and older versions read', () => {
    expect(quarantineReason(said('syncQuarantine.rejected', { detail: 'HTTP 422' }))).toBe('rejected by the backend: HTTP 422');
    expect(quarantineReason(said('syncQuarantine.misfit', { topic: 'call' }))).toBe('the stored call record does not fit its schema');
  });

  it('passes a reason it does not know on verbatim, and no reason as none', () => {
    expect(quarantineSaid('422 clientId unknown')).toEqual(said('syncQuarantine.other', { detail: '422 clientId unknown' }));
    expect(quarantineSaid(null)).toBeNull();
  });
});
