// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src-main/contract';
import { makeSnapshot } from '../test/fixtures';
import { renderApp, unmountApp } from '../test/renderApp';

afterEach(unmountApp);

const notices: Message[] = [
  { key: 'settings.lastGood', params: { file: 'anlauf.yaml', errors: 3 } },
  { key: 'settings.sipIncomplete', params: {} },
];
const broken = makeSnapshot({ settingsFile: { notices } });

describe("notice of IT's settings file", () => {
  it('tells the agent the desk runs on the last good settings and to tell IT, until dismissed', async () => {
    const { fake } = await renderApp({ snapshot: broken });
    const notice = screen.getByTestId('settings-file-notice');
    expect(notice.textContent).toContain(
      'The settings file anlauf.yaml from your IT department has 3 error(s), so this workstation runs on its last good version. Please tell your IT department.',
    );
    expect(notice.textContent).toContain('calls come from the training line, not the telephone system');
    fireEvent.click(within(notice).getByTestId('settings-file-notice-dismiss'));
    expect(screen.queryByTestId('settings-file-notice')).toBeNull();
    act(() => void fake.emitState({ agent: { ...fake.snapshot.agent, state: 'notReady', since: 0 } }));
    expect(screen.queryByTestId('settings-file-notice')).toBeNull();
  });

  it('is not shown when the settings file is fine', async () => {
    await renderApp();
    expect(screen.queryByTestId('settings-file-notice')).toBeNull();
  });

  it('speaks German', async () => {
    await renderApp({ snapshot: { ...broken, settings: { ...broken.settings, ui: { language: 'de' } } } });
    await waitFor(() =>
      expect(screen.getByTestId('settings-file-notice').textContent).toContain('läuft dieser Arbeitsplatz mit ihrer letzten fehlerfreien Fassung'),
    );
  });
});
