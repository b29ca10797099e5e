import type { CallView } from '../../src-main/contract';

/**
 * A call as the phone service reports it, for tests of the services that follow calls (audio
 * devices, headsets, notifications): an inbound SIP call ringing, changed by `overrides`.
 */
export function makeCallView(overrides: Partial<CallView> = {}): CallView {
  return {
    id: 'c1',
    line: 'sip',
    direction: 'inbound',
    state: 'ringing',
    remoteNumber: '+4940123',
    remoteName: 'Erika Mustermann',
    dialedNumber: null,
    client: null,
    campaign: null,
    ivr: {},
    ringAt: 0,
    answerAt: null,
    endAt: null,
    hold: 'none',
    muted: false,
    consultFor: null,
    transfer: null,
    ...overrides,
  };
}
