// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message, Snapshot } from '../../../src-main/contract';
import { makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

/** A desk whose machine policy sets the language, the SIP server and updates off. */
function lockedDesk(locked: string[] = ['ui.language', 'sip.websocketUrl', 'updates.enabled'], notices: Message[] = []): Snapshot {
  const snapshot = makeSnapshot();
  return {
    ...snapshot,
    settings: {
      ...snapshot.settings,
      ui: { language: 'en' },
      sip: { ...snapshot.settings.sip, websocketUrl: 'wss://sip.example.org:7443' },
      updates: { ...snapshot.settings.updates, enabled: false },
    },
    policy: { locked, notices },
  };
}

async function openSettings(snapshot: Snapshot) {
  const rendered = await renderApp({ snapshot });
  fireEvent.click(screen.getByTestId('settings-open'));
  return { ...rendered, dialog: screen.getByTestId('settings-dialog') };
}

/** The text an element's aria-describedby points to. */
const description = (element: HTMLElement) =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

describe('settings locked by policy', () => {
  it('shows a locked language with its value, disabled, and says IT set it', async () => {
    const { dialog } = await openSettings(lockedDesk());
    const select = within(dialog).getByTestId('language-select') as HTMLSelectElement;
    expect(select.value).toBe('en');
    expect(select.disabled).toBe(true);
    expect(description(select)).toBe('Set by your IT department');
    expect(within(dialog).getByTestId('locked-hint').dataset.setting).toBe('ui.language');
    // The disabled select cannot take the focus; the dialog keeps it, so Escape and Tab still work there.
    expect(document.activeElement).toBe(dialog);
  });

  it('lists the other settings IT set, with their values, and not the ones shown in place', async () => {
    const { dialog } = await openSettings(lockedDesk());
    const list = within(dialog).getByTestId('policy-locked-list');
    expect(within(list).getByRole('heading').textContent).toBe('Set by your IT department');
    const items = within(list)
      .getAllByTestId('policy-locked-item')
      .map((item) => [item.dataset.setting, item.querySelector('dt')?.textContent, item.querySelector('dd')?.textContent]);
    expect(items).toEqual([
      ['sip.websocketUrl', 'SIP server (WebSocket URL)', 'wss://sip.example.org:7443'],
      ['updates.enabled', 'Updates on', 'Off'],
    ]);
  });

  it('leaves every field open, with no list, when policy locks nothing', async () => {
    const { dialog } = await openSettings(lockedDesk([]));
    const select = within(dialog).getByTestId('language-select') as HTMLSelectElement;
    expect(select.disabled).toBe(false);
    expect(select.hasAttribute('aria-describedby')).toBe(false);
    expect(document.activeElement).toBe(select);
    expect(within(dialog).queryByTestId('locked-hint')).toBeNull();
    expect(within(dialog).queryByTestId('policy-locked-list')).toBeNull();
  });

  it("locks the agent's name and audio devices the same way when policy sets them", async () => {
    const { dialog } = await openSettings(lockedDesk(['agent.name', 'audio.microphoneId']));
    const name = within(dialog).getByTestId('settings-agent-name') as HTMLInputElement;
    expect(name.disabled).toBe(true);
    expect(description(name)).toBe('Set by your IT department');
    expect((within(dialog).getByTestId('settings-agent-name-save') as HTMLButtonElement).disabled).toBe(true);
    const microphone = within(dialog).getByTestId('audio-microphone') as HTMLSelectElement;
    expect(microphone.disabled).toBe(true);
    expect(description(microphone)).toBe('Set by your IT department');
    expect((within(dialog).getByTestId('audio-speaker') as HTMLSelectElement).hasAttribute('aria-describedby')).toBe(false);
    expect((within(dialog).getByTestId('language-select') as HTMLSelectElement).disabled).toBe(false);
  });

  it('follows main: a key policy locks later is disabled at once, one it releases opens again', async () => {
    const { fake, dialog } = await openSettings(lockedDesk([]));
    const select = within(dialog).getByTestId('language-select') as HTMLSelectElement;
    act(() => void fake.emitState({ policy: { locked: ['ui.language'], notices: [] } }));
    expect(select.disabled).toBe(true);
    act(() => void fake.emitState({ policy: { locked: [], notices: [] } }));
    expect(select.disabled).toBe(false);
  });

  it('speaks German', async () => {
    const german = lockedDesk();
    const { dialog } = await openSettings({ ...german, settings: { ...german.settings, ui: { language: 'de' } } });
    await waitFor(() => expect(within(dialog).getByTestId('locked-hint').textContent).toBe('Von Ihrer IT-Abteilung festgelegt'));
    const items = within(dialog)
      .getAllByTestId('policy-locked-item')
      .map((item) => item.textContent);
    expect(items).toEqual(['SIP-Server (WebSocket-URL)wss://sip.example.org:7443', 'Updates eingeschaltetAus']);
  });
});

describe('notice of machine policy', () => {
  // h16-policy's own message keys arrive with its readers; any catalogue message shows the path.
  const notices: Message[] = [{ key: 'settings.lastGood', params: { file: '/etc/anlauf/policy.json', errors: 2 } }];

  it('tells the agent what is wrong with the policy, like a broken settings file, until dismissed', async () => {
    await renderApp({ snapshot: lockedDesk(['ui.language'], notices) });
    const notice = screen.getByTestId('policy-notice');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('/etc/anlauf/policy.json from your IT department has 2 error(s)');
    expect(screen.queryByTestId('settings-file-notice')).toBeNull();
    fireEvent.click(within(notice).getByTestId('policy-notice-dismiss'));
    expect(screen.queryByTestId('policy-notice')).toBeNull();
  });

  it('is not shown without notices', async () => {
    await renderApp({ snapshot: lockedDesk() });
    expect(screen.queryByTestId('policy-notice')).toBeNull();
  });
});
