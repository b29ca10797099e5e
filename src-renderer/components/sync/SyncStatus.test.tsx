// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot, SyncView } from '../../../src-main/contract';
import { makeSnapshot, makeSyncView } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

// Local times today, so the clock in the status text is predictable in any time zone.
const today = new Date();
const at = (hours: number, minutes: number) => new Date(today.getFullYear(), today.getMonth(), today.getDate(), hours, minutes).getTime();
const withSync = (sync: Partial<SyncView>, more: Partial<Snapshot> = {}) => makeSnapshot({ sync: makeSyncView(sync), ...more });
const german = (snapshot: Snapshot): Snapshot => ({ ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } });

describe('sync status', () => {
  it('says when sync is off and offers no "sync now"', async () => {
    await renderApp({ snapshot: withSync({ state: 'disabled' }) });
    const status = screen.getByTestId('sync-status');
    expect(status.getAttribute('data-state')).toBe('disabled');
    expect(status.textContent).toBe('Sync off (local only)');
    expect(screen.queryByTestId('sync-now')).toBeNull();
  });

  it('says all is synced, with the last delivery on hover', async () => {
    await renderApp({ snapshot: withSync({ state: 'synced', lastSuccessAt: at(9, 41) }) });
    const status = screen.getByTestId('sync-status');
    expect(status.getAttribute('data-state')).toBe('synced');
    expect(status.textContent).toBe('All synced');
    expect(status.getAttribute('title')).toMatch(/^Last delivered: 0?9:41\sAM$/);
  });

  it('counts what waits and since when', async () => {
    await renderApp({ snapshot: withSync({ state: 'waiting', pending: 7, oldestAt: at(14, 3) }) });
    const status = screen.getByTestId('sync-status');
    expect(status.getAttribute('data-state')).toBe('waiting');
    expect(status.textContent).toMatch(/^7 waiting since 0?2:03\sPM$/);
  });

  it('says since when and why sync fails, and follows main as it recovers', async () => {
    const { fake } = await renderApp({
      snapshot: withSync({ state: 'failing', pending: 3, oldestAt: at(13, 0), failingSince: at(14, 3), error: '503 Service Unavailable' }),
    });
    const status = screen.getByTestId('sync-status');
    expect(status.getAttribute('data-state')).toBe('failing');
    expect(status.textContent).toMatch(/^Sync failing since 0?2:03\sPM — 503 Service Unavailable$/);

    act(() => void fake.emitState({ sync: makeSyncView({ state: 'synced', lastSuccessAt: at(14, 20) }) }));
    expect(screen.getByTestId('sync-status').textContent).toBe('All synced');
  });

  it('names the backend it never reached and why, in the agent\'s language, never "all synced"', async () => {
    const unreached: Partial<SyncView> = {
      state: 'unreached',
      url: 'https://sync.example',
      pending: 2,
      error: 'the backend refused the connection',
      said: { key: 'sync.connectionRefused', params: {} },
      headline: {
        key: 'syncStatus.neverReached',
        params: { url: 'https://sync.example', error: { key: 'sync.connectionRefused', params: {} }, pending: 2 },
      },
    };
    await renderApp({ snapshot: german(withSync(unreached)) });
    const status = screen.getByTestId('sync-status');
    expect(status.getAttribute('data-state')).toBe('unreached');
    await waitFor(() =>
      expect(screen.getByTestId('sync-status').textContent).toBe(
        'https://sync.example wurde noch nie erreicht: das Backend hat die Verbindung abgelehnt (2 Einträge warten).',
      ),
    );
    expect(screen.getByTestId('sync-now')).not.toBeNull();
  });

  it('speaks German', async () => {
    await renderApp({ snapshot: german(withSync({ state: 'failing', failingSince: at(14, 3), error: 'Zeitüberschreitung' })) });
    await waitFor(() => expect(screen.getByTestId('sync-status').textContent).toBe('Übertragung gestört seit 14:03 — Zeitüberschreitung'));
    expect(screen.getByTestId('sync-now').textContent).toBe('Jetzt übertragen');
  });

  it("words main's reason in German, with the backend's own reply as it came", async () => {
    const refused = { state: 'failing' as const, failingSince: at(14, 3), error: 'the backend refused the connection' };
    const { fake } = await renderApp({ snapshot: german(withSync({ ...refused, said: { key: 'sync.connectionRefused', params: {} } })) });
    await waitFor(() =>
      expect(screen.getByTestId('sync-status').textContent).toBe('Übertragung gestört seit 14:03 — das Backend hat die Verbindung abgelehnt'),
    );
    const reply = 'HTTP 401: invalid token';
    act(() => void fake.emitState({ sync: makeSyncView({ ...refused, error: reply, said: { key: 'sync.httpCheckToken', params: { reply } } }) }));
    expect(screen.getByTestId('sync-status').textContent).toBe('Übertragung gestört seit 14:03 — HTTP 401: invalid token (bitte das Sync-Token prüfen)');
  });

  it('syncs now on request, one attempt at a time', async () => {
    const { fake } = await renderApp({ snapshot: withSync({ state: 'failing', failingSince: at(14, 3), error: 'timeout' }) });
    let finish: (view: SyncView) => void = () => undefined;
    fake.api.sync.now.mockImplementationOnce(() => new Promise<SyncView>((resolve) => (finish = resolve)));
    const button = screen.getByTestId('sync-now') as HTMLButtonElement;
    fireEvent.click(button);
    expect(fake.api.sync.now).toHaveBeenCalledWith({});
    expect(button.disabled).toBe(true);
    fireEvent.click(button);
    expect(fake.api.sync.now).toHaveBeenCalledTimes(1);

    await act(async () => finish(makeSyncView({ state: 'synced', lastSuccessAt: at(14, 30) })));
    expect(button.disabled).toBe(false);
    expect(screen.getByTestId('sync-status').textContent).toBe('All synced');
  });

  it('shows a failed "sync now" as a notice', async () => {
    const { fake } = await renderApp({ snapshot: withSync({ state: 'waiting', pending: 1, oldestAt: at(14, 3) }) });
    fake.api.sync.now.mockRejectedValueOnce(new Error('backend unreachable'));
    fireEvent.click(screen.getByTestId('sync-now'));
    expect((await screen.findByTestId('notice')).textContent).toContain('backend unreachable');
  });
});

describe('refused records', () => {
  const refused = [
    { id: 'q1', topic: 'call', entityId: 'call-17', createdAt: at(10, 15), reason: '422 clientId unknown' },
    { id: 'q2', topic: 'call', entityId: 'call-18', createdAt: at(11, 2), reason: null },
  ];

  it('are counted only when there are some', async () => {
    const { fake } = await renderApp({ snapshot: withSync({ state: 'synced' }) });
    expect(screen.queryByTestId('sync-quarantined')).toBeNull();
    act(() => void fake.emitState({ sync: makeSyncView({ state: 'synced', quarantined: 1 }) }));
    expect(screen.getByTestId('sync-quarantined').textContent).toBe('1 record refused — see details');
  });

  it('are listed with reason and time in a panel', async () => {
    const { fake } = await renderApp({ snapshot: withSync({ state: 'synced', quarantined: 2 }), quarantine: refused });
    const count = screen.getByTestId('sync-quarantined');
    expect(count.textContent).toBe('2 records refused — see details');
    fireEvent.click(count);
    expect(fake.api.sync.quarantine).toHaveBeenCalledWith({});

    const panel = screen.getByTestId('sync-quarantine-panel');
    const items = await within(panel).findAllByTestId('sync-quarantine-item');
    expect(items.map((item) => item.getAttribute('data-id'))).toEqual(['q1', 'q2']);
    const [first, second] = items as [HTMLElement, HTMLElement];
    expect(first.querySelector('[data-col="reason"]')?.textContent).toBe('422 clientId unknown');
    expect(first.querySelector('[data-col="createdAt"]')?.getAttribute('data-value')).toBe(String(at(10, 15)));
    expect(first.querySelector('[data-col="createdAt"]')?.textContent).toContain('10:15');
    expect(first.textContent).toContain('call-17');
    expect(second.querySelector('[data-col="reason"]')?.textContent).toBe('No reason given');

    // Another refusal while the panel is open: it is listed afresh.
    fake.setQuarantine([...refused, { id: 'q3', topic: 'call', entityId: 'call-19', createdAt: at(12, 0), reason: '400 bad record' }]);
    act(() => void fake.emitState({ sync: makeSyncView({ state: 'synced', quarantined: 3 }) }));
    await waitFor(() => expect(within(panel).getAllByTestId('sync-quarantine-item')).toHaveLength(3));

    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('sync-quarantine-panel')).toBeNull();
  });

  it('are listed in German', async () => {
    await renderApp({ snapshot: german(withSync({ state: 'synced', quarantined: 2 })), quarantine: refused });
    await waitFor(() => expect(screen.getByTestId('sync-quarantined').textContent).toBe('2 Datensätze abgelehnt — Details ansehen'));
    fireEvent.click(screen.getByTestId('sync-quarantined'));
    expect((await screen.findByTestId('sync-quarantine-panel')).textContent).toContain('Kein Grund angegeben');
  });

  it("word main's reasons in the agent's language, and keep the backend's own words as they came", async () => {
    const worded = [
      {
        id: 'q3',
        topic: 'call',
        entityId: 'call-19',
        createdAt: at(12, 0),
        reason: 'rejected by the backend: 422 clientId unknown',
        said: { key: 'syncQuarantine.rejected' as const, params: { detail: '422 clientId unknown' } },
      },
      {
        id: 'q4',
        topic: 'call',
        entityId: 'call-20',
        createdAt: at(12, 5),
        reason: 'the stored call record does not fit its schema',
        said: { key: 'syncQuarantine.misfit' as const, params: { topic: 'call' } },
      },
    ];
    await renderApp({ snapshot: german(withSync({ state: 'synced', quarantined: 2 })), quarantine: worded });
    fireEvent.click(await screen.findByTestId('sync-quarantined'));
    const items = await within(await screen.findByTestId('sync-quarantine-panel')).findAllByTestId('sync-quarantine-item');
    const reasons = items.map((item) => item.querySelector('[data-col="reason"]')?.textContent);
    expect(reasons).toEqual(['vom Backend abgelehnt: 422 clientId unknown', 'der gespeicherte Datensatz (call) passt nicht zu seinem Schema']);
  });
});

describe('storage notice', () => {
  const file = '/home/agent/.local/share/anlauf/anlauf.sqlite.unreadable-20250314T090000';

  it('names the file the unreadable call log was kept as until dismissed', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ storage: { setAside: file } }) });
    const notice = screen.getByTestId('storage-notice');
    expect(notice.textContent).toContain(`The call log could not be read. It was kept as ${file} and a new one was started.`);
    fireEvent.click(within(notice).getByTestId('storage-notice-dismiss'));
    expect(screen.queryByTestId('storage-notice')).toBeNull();
    // Later snapshots name the same file: it stays dismissed for this session.
    act(() => void fake.emitState({ agent: { ...fake.snapshot.agent, state: 'notReady', since: 0 } }));
    expect(screen.queryByTestId('storage-notice')).toBeNull();
  });

  it('is not shown when the call log was fine', async () => {
    await renderApp();
    expect(screen.queryByTestId('storage-notice')).toBeNull();
  });

  it('speaks German', async () => {
    await renderApp({ snapshot: german(makeSnapshot({ storage: { setAside: 'anlauf.sqlite.kaputt' } })) });
    await waitFor(() =>
      expect(screen.getByTestId('storage-notice').textContent).toContain(
        'Die Anrufliste konnte nicht gelesen werden. Sie wurde als anlauf.sqlite.kaputt aufbewahrt und eine neue begonnen.',
      ),
    );
  });
});
