import { describe, expect, it } from 'vitest';
import { makeCall } from '../test/fixtures';
import { newlyRinging, RingNotifier, type NotificationApi, type ShownNotification } from './ringNotifications';

type Shown = { title: string; body: string; tag: string; closed: boolean; note: ShownNotification };

function fakeApi(permission: NotificationPermission = 'granted') {
  const shown: Shown[] = [];
  const api: NotificationApi & { permission: NotificationPermission } = {
    permission,
    requestPermission: async () => permission,
    show: (title, options) => {
      const entry: Shown = { title, ...options, closed: false, note: { close: () => undefined, onclick: null } };
      entry.note.close = () => {
        entry.closed = true;
      };
      shown.push(entry);
      return entry.note;
    },
  };
  return { api, shown };
}

describe('incoming-call notifications in the browser host', () => {
  it('notify once per call that starts ringing while the page is hidden, and close when it stops', () => {
    const { api, shown } = fakeApi();
    let focused = 0;
    const notifier = new RingNotifier({
      api,
      isHidden: () => true,
      text: (call) => ({ title: call.remoteName ?? '', body: call.remoteNumber }),
      focus: () => focused++,
    });
    const ringing = makeCall({ id: 'c1' });
    notifier.update([ringing]);
    notifier.update([ringing]);
    expect(shown.map(({ title, body, tag }) => ({ title, body, tag }))).toEqual([{ title: 'Erika Mustermann', body: '+49301234567', tag: 'c1' }]);

    shown[0]!.note.onclick?.(new Event('click'));
    expect(focused).toBe(1);
    expect(shown[0]!.closed).toBe(true);

    notifier.update([makeCall({ id: 'c2' })]);
    notifier.update([makeCall({ id: 'c2', state: 'active' })]);
    expect(shown[1]).toMatchObject({ tag: 'c2', closed: true });
  });

  it('stay away while the agent sees the page, without permission, and for outbound calls', () => {
    for (const [permission, hidden] of [
      ['granted', false],
      ['denied', true],
      ['default', true],
    ] as const) {
      const { api, shown } = fakeApi(permission);
      new RingNotifier({ api, isHidden: () => hidden, text: () => ({ title: 't', body: 'b' }), focus: () => undefined }).update([makeCall()]);
      expect(shown, `${permission} ${hidden}`).toEqual([]);
    }
    expect(newlyRinging(new Set(), [makeCall({ direction: 'outbound', state: 'dialing' })])).toEqual([]);
    expect(newlyRinging(new Set(['call-1']), [makeCall()])).toEqual([]);
  });
});
