// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src-main/contract';
import { makeCall, makeContext, makeCustomerCard, makeSnapshot, T0 } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const share = '\\\\fileserver\\anlauf';
const directory = (access: 'readonly' | 'unreachable'): Snapshot['customerDirectory'] => ({
  folder: share,
  access,
  notice: { key: access === 'readonly' ? 'customerDirectory.readOnly' : 'customerDirectory.unreachable', params: { folder: share } },
});

async function customersTab(snapshot: Snapshot) {
  const view = await renderApp({ snapshot });
  fireEvent.click(screen.getByTestId('tab-customers'));
  return view;
}

describe('the shared customer directory, when it cannot be used as meant', () => {
  it('unreachable: the customers area says customers imported elsewhere are not found, naming the share; importing still works', async () => {
    const { fake } = await customersTab(makeSnapshot({ customerDirectory: directory('unreachable') }));
    const notice = screen.getByTestId('customer-directory-notice');
    expect(notice.textContent).toBe(
      'The shared customer directory in \\\\fileserver\\anlauf cannot be reached: customers imported on other desks are not found. ' +
        'Customers you import or add now are kept on this computer and join the shared directory when Anlauf next starts and reaches it. ' +
        'Your IT department can check the folder.',
    );
    expect((screen.getByTestId('customer-import-button') as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByTestId('customer-new') as HTMLButtonElement).disabled).toBe(false);
    // The next start reached the share: the notice goes, here and in the settings.
    act(() => void fake.emitState({ customerDirectory: { folder: share, access: 'readwrite', notice: null } }));
    expect(screen.queryByTestId('customer-directory-notice')).toBeNull();
    fireEvent.click(screen.getByTestId('settings-open'));
    expect(screen.getByTestId('settings-dialog')).toBeTruthy();
    expect(screen.queryByTestId('settings-customer-directory')).toBeNull();
  });

  it('read-only: lookups work, importing and adding are offered no more, and the notice says why', async () => {
    await customersTab(makeSnapshot({ customerDirectory: directory('readonly') }));
    expect(screen.getByTestId('customer-directory-notice').textContent).toContain(
      'The shared customer directory in \\\\fileserver\\anlauf is read-only for you: customers are found, but none can be imported or added on this computer.',
    );
    expect((screen.getByTestId('customer-import-button') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('customer-new') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('customer-search-input') as HTMLInputElement).disabled).toBe(false);
  });

  it('is said in the settings dialog too, for the trainer or IT, and in German', async () => {
    const snapshot = makeSnapshot({ customerDirectory: directory('unreachable') });
    await renderApp({ snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } } });
    fireEvent.click(screen.getByTestId('settings-open'));
    await waitFor(() =>
      expect(screen.getByTestId('settings-customer-directory').textContent).toContain(
        'Das gemeinsame Kundenverzeichnis in \\\\fileserver\\anlauf ist nicht erreichbar: Kunden, die an anderen Arbeitsplätzen importiert wurden, werden nicht gefunden.',
      ),
    );
  });

  it('on a call nobody matches: the card says a customer imported on another desk is not found while the directory is unreachable', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ customerDirectory: directory('unreachable') }) });
    const nobody = makeCustomerCard({ customers: [], source: 'none', from: 'nothing found', fetchedAt: null });
    const call = makeCall({ id: 'c', state: 'active', answerAt: T0, remoteNumber: '+4940555123' });
    act(() => void fake.emitState({ calls: [call], contexts: { c: makeContext({ customer: nobody }) } }));
    expect(screen.getByTestId('unknown-caller-directory').textContent).toBe(
      'The shared customer directory cannot be reached: a customer imported on another desk is not found here.',
    );
    // Read-only: the lookup was complete, but the caller cannot be added here.
    act(() => void fake.emitState({ customerDirectory: directory('readonly') }));
    expect(screen.queryByTestId('unknown-caller-directory')).toBeNull();
    expect((screen.getByTestId('unknown-caller-create') as HTMLButtonElement).disabled).toBe(true);
  });
});
