// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const memoryOnly = makeSnapshot({ secrets: { store: 'memory', notice: { key: 'secrets.memoryOnly', params: {} } } });

describe('where the desk keeps passwords, in the settings dialog', () => {
  it('says that passwords last only until Anlauf closes when the computer has no protected store', async () => {
    await renderApp({ snapshot: memoryOnly });
    fireEvent.click(screen.getByTestId('settings-open'));
    expect(screen.getByTestId('settings-secrets-notice').textContent).toBe(
      'Passwords are kept only until Anlauf closes on this computer: it has no protected password store that Anlauf can use.',
    );
  });

  it('says nothing where the OS keeps them', async () => {
    await renderApp();
    fireEvent.click(screen.getByTestId('settings-open'));
    expect(screen.getByTestId('settings-dialog')).toBeTruthy();
    expect(screen.queryByTestId('settings-secrets-notice')).toBeNull();
  });

  it('speaks German', async () => {
    await renderApp({ snapshot: { ...memoryOnly, settings: { ...memoryOnly.settings, ui: { language: 'de' } } } });
    fireEvent.click(screen.getByTestId('settings-open'));
    await waitFor(() => expect(screen.getByTestId('settings-secrets-notice').textContent).toContain('nur aufbewahrt, bis Anlauf geschlossen wird'));
  });
});
