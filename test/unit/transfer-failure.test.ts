import { describe, expect, it } from 'vitest';
import { said } from '../../src-main/contract';
import { transferFailureDetail } from '../../src-main/core/phone/call';

// The call's transfer line reads "Vermittlung an … fehlgeschlagen: {{detail}}": the detail is the
// far end's own words, never main's English sentence that the notice words already.
describe('the detail of a failed transfer', () => {
  it('is the SIP status the far end answered with', () => {
    expect(transferFailureDetail(said('sip.transferRefused', { target: '+49 40 555', status: '486 Busy Here' }))).toBe('486 Busy Here');
  });

  it('is nothing when main has no status to pass on', () => {
    expect(transferFailureDetail(said('sip.transferFailed', { target: '+49 40 555' }))).toBeNull();
    expect(transferFailureDetail(said('sip.cannotTransfer', {}))).toBeNull();
  });
});
