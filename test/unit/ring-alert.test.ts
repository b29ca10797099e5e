import { describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contract';
import { alertLanguage, ringAlertText, RingingCalls } from '../../src-main/electron/notify-text';

const call = (overrides: Partial<CallView>): CallView => ({
  id: 'c1',
  line: 'sip',
  direction: 'inbound',
  state: 'ringing',
  remoteNumber: '+4940123',
  remoteName: 'Erika Mustermann',
  dialedNumber: null,
  client: 'Stadtwerke Nord',
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
});

describe('the Electron host\'s incoming-call notification', () => {
  it('names the caller, the number and the client, in the agent\'s language', () => {
    expect(ringAlertText(call({}), 'en')).toEqual({ title: 'Incoming call: Erika Mustermann', body: '+4940123 · for Stadtwerke Nord' });
    expect(ringAlertText(call({}), 'de')).toEqual({ title: 'Eingehender Anruf: Erika Mustermann', body: '+4940123 · für Stadtwerke Nord' });
    expect(ringAlertText(call({ remoteName: null, client: null }), 'en')).toEqual({ title: 'Incoming call: +4940123', body: 'Answer in Anlauf' });
    expect(alertLanguage('auto', 'de-AT')).toBe('de');
    expect(alertLanguage('auto', 'en-US')).toBe('en');
    expect(alertLanguage('en', 'de-DE')).toBe('en');
  });

  it('appears once when a call starts ringing and goes when it stops', () => {
    const ringing = new RingingCalls();
    expect(ringing.update([call({})]).started.map((c) => c.id)).toEqual(['c1']);
    expect(ringing.update([call({}), call({ id: 'c2', direction: 'outbound', state: 'dialing' })])).toEqual({ started: [], stopped: [] });
    expect(ringing.update([call({ state: 'active' })])).toEqual({ started: [], stopped: ['c1'] });
  });
});
