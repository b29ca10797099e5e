import { describe, expect, it } from 'vitest';
import type { CallbackView, CallView } from '../../src-main/contract';
import { makeCallView } from '../support/call-view';
import { alertLanguage, callbackAlertText, DueCallbacks, ringAlertText, RingingCalls, SignedInAgent } from '../../src-main/electron/notify-text';

const call = (overrides: Partial<CallView>): CallView => makeCallView({ client: 'Stadtwerke Nord', ...overrides });

describe("the Electron host's incoming-call notification", () => {
  it("names the caller, the number and the client, in the agent's language", () => {
    expect(ringAlertText(call({}), 'en', 'linux')).toEqual({ title: 'Incoming call: Erika Mustermann', body: '+4940123 · for Stadtwerke Nord' });
    expect(ringAlertText(call({}), 'de', 'linux')).toEqual({ title: 'Eingehender Anruf: Erika Mustermann', body: '+4940123 · für Stadtwerke Nord' });
    expect(ringAlertText(call({ remoteName: null, client: null }), 'en', 'linux')).toEqual({ title: 'Incoming call: +4940123', body: 'Answer in Anlauf' });
    expect(alertLanguage('auto', 'de-AT')).toBe('de');
    expect(alertLanguage('auto', 'en-US')).toBe('en');
    expect(alertLanguage('en', 'de-DE')).toBe('en');
  });

  it("shows a caller's markup as text on the Linux desktop, where the body is markup", () => {
    // A caller controls the number's user part and the display name; on Linux the body goes to
    // libnotify unescaped, so a link or a broken tag would be rendered (or blank the body).
    const caller = call({ remoteNumber: '<a href="https://evil.example">Rückruf</a>', client: 'Bäcker & Söhne <GmbH>' });
    const linux = ringAlertText(caller, 'en', 'linux');
    expect(linux.body).toBe('&lt;a href="https://evil.example"&gt;Rückruf&lt;/a&gt; · for Bäcker &amp; Söhne &lt;GmbH&gt;');
    // The title (the notification's summary) is plain text on every platform.
    expect(linux.title).toBe('Incoming call: Erika Mustermann');
    // macOS and Windows show the body as plain text: escaping there would show "&lt;".
    for (const platform of ['darwin', 'win32'] as const) {
      expect(ringAlertText(caller, 'en', platform).body, platform).toBe('<a href="https://evil.example">Rückruf</a> · for Bäcker & Söhne <GmbH>');
    }
  });

  it('appears once when a call starts ringing and goes when it stops', () => {
    const ringing = new RingingCalls();
    expect(ringing.update([call({})]).started.map((c) => c.id)).toEqual(['c1']);
    expect(ringing.update([call({}), call({ id: 'c2', direction: 'outbound', state: 'dialing' })])).toEqual({ started: [], stopped: [] });
    expect(ringing.update([call({ state: 'active' })])).toEqual({ started: [], stopped: ['c1'] });
  });
});

describe("the Electron host's notification of a callback that falls due", () => {
  const callback = (over: Partial<CallbackView>): CallbackView => ({
    id: 'cb-1',
    dueAt: 0,
    due: true,
    number: '+4940123',
    customerName: 'Hans Berger',
    customerNumber: 'K-1',
    client: { id: 'mb', name: 'Marktblick Research' },
    campaign: { id: 'survey', name: 'Kundenzufriedenheit 2026' },
    note: 'nach 18 Uhr',
    state: 'open',
    fromCallId: null,
    createdAt: 0,
    ...over,
  });

  it("names whom to call back, the number, campaign and note, in the agent's language", () => {
    expect(callbackAlertText(callback({}), 'en', 'linux')).toEqual({
      title: 'Callback due: Hans Berger',
      body: '+4940123 · Kundenzufriedenheit 2026 · nach 18 Uhr',
    });
    expect(callbackAlertText(callback({ customerName: null, campaign: null, note: null }), 'de', 'linux')).toEqual({
      title: 'Rückruf fällig: +4940123',
      body: 'Aus Anlauf zurückrufen',
    });
  });

  it("shows the note's markup as text on the Linux desktop", () => {
    const note = callback({ note: 'Kunde sagt: <b>dringend</b> & <i>vor 18 Uhr', campaign: { id: 's', name: 'Q&A <2026>' } });
    expect(callbackAlertText(note, 'en', 'linux').body).toBe(
      '+4940123 · Q&amp;A &lt;2026&gt; · Kunde sagt: &lt;b&gt;dringend&lt;/b&gt; &amp; &lt;i&gt;vor 18 Uhr',
    );
    expect(callbackAlertText(note, 'en', 'win32').body).toBe('+4940123 · Q&A <2026> · Kunde sagt: <b>dringend</b> & <i>vor 18 Uhr');
  });

  it('reports each callback once, when it falls due, and not while it is being dialled', () => {
    const due = new DueCallbacks();
    expect(due.update([callback({ due: false })])).toEqual([]);
    expect(due.update([callback({})]).map((c) => c.id)).toEqual(['cb-1']);
    expect(due.update([callback({})])).toEqual([]);
    expect(due.update([callback({ state: 'dialed' }), callback({ id: 'cb-2' })]).map((c) => c.id)).toEqual(['cb-2']);
  });
});

describe("the Electron host's notifications on a shared desk", () => {
  it('all go when the agent signs out, so the next agent finds none of theirs; a personal desk keeps them', () => {
    const agents = new SignedInAgent();
    expect(agents.changed({ status: 'signedOut', agentId: null })).toBe(false);
    expect(agents.changed({ status: 'signingIn', agentId: 'carla' })).toBe(false);
    expect(agents.changed({ status: 'signedIn', agentId: 'carla' })).toBe(true);
    expect(agents.changed({ status: 'signedIn', agentId: 'carla' })).toBe(false); // Carla's callbacks fall due: shown, kept
    expect(agents.changed({ status: 'signedOut', agentId: null })).toBe(true); // Carla signs out: hers go
    expect(agents.changed({ status: 'signedIn', agentId: 'dora' })).toBe(true);

    const personal = new SignedInAgent();
    for (let i = 0; i < 3; i++) expect(personal.changed({ status: 'signedIn', agentId: null })).toBe(false);
  });
});
