// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot, UpdatesView } from '../../../src-main/contract';
import { makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const today = new Date();
const at = (hours: number, minutes: number) => new Date(today.getFullYear(), today.getMonth(), today.getDate(), hours, minutes).getTime();
const updates = (view: Partial<UpdatesView>): UpdatesView => ({ ...makeSnapshot().updates, state: 'idle', installed: '1.4.0', ...view });
const withUpdates = (view: Partial<UpdatesView>): Snapshot => makeSnapshot({ updates: updates(view) });
const german = (snapshot: Snapshot): Snapshot => ({ ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } });
const status = () => screen.getByTestId('update-status');

describe('the update status in the settings dialog', () => {
  it('says a ready update waits for the call, then the wrap-up, then the delivery, and when the app restarts', async () => {
    const { fake } = await renderApp({ snapshot: withUpdates({ state: 'ready', version: '1.5.0', waitingFor: ['call'] }) });
    fireEvent.click(screen.getByTestId('settings-open'));
    expect(status().textContent).toBe('Version 1.5.0 is ready. It installs after this call.');

    act(() => void fake.emitState({ updates: updates({ state: 'ready', version: '1.5.0', waitingFor: ['wrapUp'] }) }));
    expect(status().textContent).toBe('Version 1.5.0 is ready. It installs after the wrap-up.');
    act(() => void fake.emitState({ updates: updates({ state: 'ready', version: '1.5.0', waitingFor: ['outbox'] }) }));
    expect(status().textContent).toBe('Version 1.5.0 is ready. It installs once the call log has been delivered.');
    act(() => void fake.emitState({ updates: updates({ state: 'restarting', version: '1.5.0', installAt: at(14, 5) }) }));
    expect(status().textContent).toMatch(/^Anlauf restarts at 0?2:05\sPM to install version 1\.5\.0\.$/);
  });

  it("shows the last check's error in the agent's language; the installed version keeps running", async () => {
    const failed = withUpdates({
      lastCheck: { at: at(9, 0), outcome: 'failed', latest: '1.5.0', error: { key: 'updates.corrupt', params: { file: 'Anlauf-Setup-1.5.0.exe' } } },
    });
    await renderApp({ snapshot: german(failed) });
    fireEvent.click(screen.getByTestId('settings-open'));
    await waitFor(() =>
      expect(status().textContent).toBe(
        'Die letzte Update-Prüfung ist fehlgeschlagen: Das heruntergeladene Update Anlauf-Setup-1.5.0.exe stimmt nicht mit seiner Prüfsumme (sha512) überein und wurde verworfen. Die installierte Version läuft weiter.',
      ),
    );
    expect(status().getAttribute('data-state')).toBe('idle');
  });

  it('says when the desk is up to date, held by a pin, outside a rollout, or not updated by this window', async () => {
    const { fake } = await renderApp({ snapshot: withUpdates({ lastCheck: { at: at(9, 30), outcome: 'upToDate', latest: '1.4.0', error: null } }) });
    fireEvent.click(screen.getByTestId('settings-open'));
    expect(status().textContent).toMatch(/^Up to date \(checked at 0?9:30\sAM\)\.$/);
    act(() => void fake.emitState({ updates: updates({ pinned: '1.4', lastCheck: { at: at(9, 30), outcome: 'heldByPin', latest: '1.6.0', error: null } }) }));
    expect(status().textContent).toBe('Your IT department keeps this desk at version 1.4; 1.6.0 is not installed.');
    act(() => void fake.emitState({ updates: updates({ lastCheck: { at: at(9, 30), outcome: 'notForThisDesk', latest: '1.5.0', error: null } }) }));
    expect(status().textContent).toBe('Version 1.5.0 is being rolled out step by step and has not reached this desk yet.');
    act(() => void fake.emitState({ updates: updates({ state: 'unavailable' }) }));
    expect(status().textContent).toBe('Updates: this window is not the installed app; its installer updates it.');
  });
});
