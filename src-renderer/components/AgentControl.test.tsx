// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCall, makeSnapshot, makeSettings, makeWrapUp } from '../test/fixtures';
import { renderApp, unmountApp } from '../test/renderApp';

afterEach(unmountApp);

const openMenu = () => fireEvent.click(screen.getByTestId('agent-state-menu'));

describe('agent state', () => {
  it('offers ready, not ready with each configured reason, and offline', async () => {
    const settings = makeSettings();
    const reasons = [...settings.agent.notReadyReasons, { code: 'coaching', label: 'Coaching with the team lead' }];
    await renderApp({ snapshot: makeSnapshot({ settings: { ...settings, agent: { ...settings.agent, notReadyReasons: reasons } } }) });
    openMenu();
    const menu = screen.getByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitemradio')
        .map((item) => item.textContent?.replace('✓', '')),
    ).toEqual(['Ready', 'Break', 'Lunch', 'Training', 'Meeting', 'Technical problem', 'Coaching with the team lead', 'Offline']);
    expect(screen.getByTestId('agent-state-option-ready').getAttribute('aria-checked')).toBe('true');
  });

  it('sends the reason chosen and shows it with how long the state lasts', async () => {
    const { fake } = await renderApp();
    openMenu();
    fireEvent.click(screen.getByTestId('agent-state-reason-lunch'));
    expect(fake.api.agent.setState).toHaveBeenCalledWith({ state: 'notReady', reason: 'lunch' });
    expect(screen.queryByRole('menu')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('agent-state').textContent).toBe('Not ready — Lunch'));
    expect(screen.getByTestId('agent-state').getAttribute('data-state')).toBe('notReady');

    act(() => void fake.emitState({ agent: { ...fake.snapshot.agent, since: Date.now() - 65_000 } }));
    expect(screen.getByTestId('agent-state-timer').textContent).toMatch(/^01:0[45]$/);

    await waitFor(() => expect(screen.getByTestId('agent-state-menu').hasAttribute('disabled')).toBe(false));
    openMenu();
    fireEvent.click(screen.getByTestId('agent-state-option-offline'));
    await waitFor(() => expect(fake.api.agent.setState).toHaveBeenLastCalledWith({ state: 'offline' }));
    await waitFor(() => expect(screen.getByTestId('agent-state').textContent).toBe('Offline'));
  });

  it('says what comes after the call when the agent chooses during one', async () => {
    const call = makeCall({ state: 'active', answerAt: Date.now() });
    const { fake } = await renderApp({
      snapshot: makeSnapshot({ calls: [call], agent: { state: 'onCall', since: Date.now(), chosen: 'ready', reason: null, declining: true } }),
    });
    expect(screen.getByTestId('agent-state').textContent).toBe('On call');
    expect(screen.queryByTestId('agent-state-after')).toBeNull();

    openMenu();
    fireEvent.click(screen.getByTestId('agent-state-reason-break'));
    expect(fake.api.agent.setState).toHaveBeenCalledWith({ state: 'notReady', reason: 'break' });
    await waitFor(() => expect(screen.getByTestId('agent-state-after').textContent).toBe('after this call: Not ready — Break'));
    expect(screen.getByTestId('agent-state').getAttribute('data-state')).toBe('onCall');

    // The call ends into its wrap-up: the choice still waits.
    act(() => void fake.emitState({ calls: [], wrapUps: [makeWrapUp()], agent: { ...fake.snapshot.agent, state: 'wrapUp' } }));
    expect(screen.getByTestId('agent-state').textContent).toBe('Wrap-up');
    expect(screen.getByTestId('agent-state-after').textContent).toBe('after this call: Not ready — Break');
  });

  it('closes the menu with Escape and moves through it with the arrow keys', async () => {
    await renderApp();
    openMenu();
    const ready = screen.getByTestId('agent-state-option-ready');
    expect(document.activeElement).toBe(ready);
    fireEvent.keyDown(ready, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('agent-state-reason-break'));
    fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('agent-state-menu'));
  });

  it('speaks German, built-in reasons included', async () => {
    const snapshot = makeSnapshot({
      agent: { state: 'notReady', since: Date.now(), chosen: 'notReady', reason: { code: 'technical', label: 'Technical problem' }, declining: true },
    });
    await renderApp({ snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } } });
    await waitFor(() => expect(screen.getByTestId('agent-state').textContent).toBe('Nicht bereit — Technisches Problem'));
    openMenu();
    expect(screen.getByTestId('agent-state-reason-break').textContent).toContain('Pause');
    expect(screen.getByTestId('agent-state-option-offline').textContent).toContain('Abgemeldet');
  });
});
