import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDialogInfo } from '../../src-main/core/colleagues/dialog-info';
import { pidfDocument, publishedState, readPidf } from '../../src-main/core/colleagues/pidf';
import { projectRoot } from '../support/paths';

// What the test Kamailio sent a watcher while a colleague was ready, rang, talked, hung up and
// wrapped up (recorded by test/integration/presence-sip.test.ts with RECORD_PRESENCE_FIXTURES=1).
const recorded = JSON.parse(fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'presence', 'kamailio-notify-bodies.json'), 'utf8')) as Array<{
  event: string;
  body: string;
}>;
const bodies = (event: string) => recorded.filter((r) => r.event === event).map((r) => r.body);

describe("a colleague's presence as the server sends it (PIDF, RFC 3863 + RPID)", () => {
  it('reads the states a colleague on Anlauf published, with their note', () => {
    expect(bodies('presence').map(readPidf)).toEqual([
      { presence: 'ready', note: 'Ready' },
      { presence: 'onCall', note: 'On a call' },
      { presence: 'wrapUp', note: 'Wrap-up' },
    ]);
  });

  it('reads what it publishes itself back as the same state, for every state', () => {
    for (const state of ['ready', 'notReady', 'onCall', 'wrapUp', 'offline'] as const) {
      const published = publishedState(state, state === 'notReady' ? 'Lunch' : null);
      expect(readPidf(pidfDocument('sip:agent7@anlauf.test', published))).toEqual({ presence: state, note: published.note });
    }
    expect(publishedState('notReady', 'Lunch & <more>').note).toBe('Not ready: Lunch & <more>');
    expect(readPidf(pidfDocument('sip:a@b', publishedState('notReady', 'Lunch & <more>'))).note).toBe('Not ready: Lunch & <more>');
  });

  it("reads another publisher's PIDF by basic status and RPID activity", () => {
    const other = (basic: string, activity: string) =>
      `<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" entity="sip:desk@x"><tuple id="t1"><status><basic>${basic}</basic></status></tuple><dm:person id="p">${activity}</dm:person></presence>`;
    expect(readPidf(other('open', ''))).toEqual({ presence: 'available', note: null });
    expect(readPidf(other('open', '<rpid:activities><rpid:on-the-phone/></rpid:activities>')).presence).toBe('onCall');
    expect(readPidf(other('open', '<rpid:activities><rpid:busy/></rpid:activities>')).presence).toBe('busy');
    expect(readPidf(other('open', '<rpid:activities><rpid:away/></rpid:activities>')).presence).toBe('away');
    expect(readPidf(other('closed', '<rpid:activities><rpid:on-the-phone/></rpid:activities>')).presence).toBe('offline');
    expect(readPidf('')).toEqual({ presence: 'offline', note: null });
  });

  it('reads two publications (a restart beside a shutdown) as the open one', () => {
    const [ready] = bodies('presence');
    const offline = pidfDocument('sip:colleague@anlauf.test', publishedState('offline', null));
    const tuples = (doc: string) => doc.slice(doc.indexOf('<tuple'), doc.lastIndexOf('</presence>'));
    // The shutdown's offline state is the older publication: the server lists it first.
    const both = offline.replace('</presence>', `${tuples(ready!)}</presence>`);
    expect(readPidf(both).presence).toBe('ready');
  });
});

describe("a colleague's calls as the server sends them (dialog-info, RFC 4235: BLF)", () => {
  it('reads ringing (early), on a call (confirmed) and idle (terminated) from what Kamailio sent', () => {
    expect(bodies('dialog').map(readDialogInfo)).toEqual(['ringing', 'onCall', 'idle']);
  });

  it('reads no dialogs as idle, and one confirmed among several as on a call', () => {
    expect(readDialogInfo('<?xml version="1.0"?><dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="0" state="full" entity="sip:a@b"/>')).toBe(
      'idle',
    );
    const [early, confirmed] = bodies('dialog');
    const dialog = (doc: string) => doc.slice(doc.indexOf('<dialog '), doc.lastIndexOf('</dialog-info>'));
    expect(readDialogInfo(early!.replace('</dialog-info>', `${dialog(confirmed!)}</dialog-info>`))).toBe('onCall');
    expect(readDialogInfo(null)).toBe('idle');
  });
});
