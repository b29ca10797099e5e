// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

describe('settings: create a support bundle', () => {
  it('asks main for the bundle and shows where it was saved; the browser host offers it as a download', async () => {
    const { fake } = await renderApp();
    fireEvent.click(screen.getByTestId('settings-open'));
    fireEvent.click(screen.getByTestId('support-bundle-create'));
    await waitFor(() => expect(screen.getByTestId('support-bundle-path').textContent).toBe('/data/reports/anlauf-support-2026.zip'));
    expect(fake.api.support.bundle).toHaveBeenCalledWith({});
    expect(screen.getByTestId('support-bundle-done').textContent).toBe('The support bundle was saved here:');
    expect(screen.getByTestId('support-bundle-download').textContent).toBe('Download the support bundle');
  });

  it('in Electron shows the path only: the file is on this computer', async () => {
    const snapshot = makeSnapshot();
    await renderApp({ snapshot: { ...snapshot, app: { ...snapshot.app, host: 'electron' } } });
    fireEvent.click(screen.getByTestId('settings-open'));
    fireEvent.click(screen.getByTestId('support-bundle-create'));
    await waitFor(() => expect(screen.getByTestId('support-bundle-path')).toBeTruthy());
    expect(screen.queryByTestId('support-bundle-download')).toBeNull();
  });

  it('sends customer data only when the agent ticks the box, and the box starts unticked', async () => {
    const { fake } = await renderApp();
    fireEvent.click(screen.getByTestId('settings-open'));
    const box = screen.getByTestId('support-bundle-customer-data') as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(screen.getByLabelText("Include customer data (the callers' numbers and names)")).toBe(box);
    fireEvent.click(box);
    fireEvent.click(screen.getByTestId('support-bundle-create'));
    await waitFor(() => expect(screen.getByTestId('support-bundle-path')).toBeTruthy());
    expect(fake.api.support.bundle).toHaveBeenCalledWith({ includeCustomerData: true });
  });
});
