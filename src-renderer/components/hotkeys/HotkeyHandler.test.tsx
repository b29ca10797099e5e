// @vitest-environment jsdom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallView } from '../../../src-main/contract';
import { makeCall, makeSettings, makeSnapshot, T0 } from '../../test/fixtures';
import type { FakeAnlauf } from '../../test/fakeAnlauf';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const active = (id: string, more: Partial<CallView> = {}) => makeCall({ id, state: 'active', answerAt: T0, ...more });
const ctrlShift = (key: string) => ({ key, code: `Key${key}`, ctrlKey: true, shiftKey: true });

function show(fake: FakeAnlauf, ...calls: CallView[]) {
  act(() => void fake.emitState({ calls }));
}

/** Lets the fake main answer the command on its way (its button, and the hotkey, wait for that). */
async function press(init: Parameters<typeof fireEvent.keyDown>[1], target: Window | HTMLElement = window) {
  fireEvent.keyDown(target, init);
  await act(async () => {});
}

function announcement(): string {
  return screen.getByTestId('hotkey-announcement').textContent ?? '';
}

describe('keyboard call control in the window', () => {
  it('sends the command the button sends, to the call the button belongs to', async () => {
    const { fake } = await renderApp();
    show(fake, active('talking'), makeCall({ id: 'waiting', ringAt: T0 + 5_000 }));

    await press(ctrlShift('A'));
    expect(fake.api.phone.answer).toHaveBeenCalledWith({ callId: 'waiting' });
    await press(ctrlShift('L'));
    expect(fake.api.phone.hold).toHaveBeenCalledWith({ callId: 'talking' });
    await press(ctrlShift('M'));
    expect(fake.api.phone.mute).toHaveBeenCalledWith({ callId: 'talking', muted: true });
    await press(ctrlShift('H'));
    expect(fake.api.phone.hangup).toHaveBeenCalledWith({ callId: 'talking' });

    // A held call alone: the hold hotkey resumes it.
    show(fake, active('talking', { hold: 'held' }));
    await press(ctrlShift('L'));
    expect(fake.api.phone.resume).toHaveBeenCalledWith({ callId: 'talking' });
  });

  it('says so when the last command of that button is still on its way, and sends no second one', async () => {
    const { fake } = await renderApp();
    show(fake, active('c1'));
    fireEvent.keyDown(window, ctrlShift('L'));
    fireEvent.keyDown(window, ctrlShift('L'));
    expect(fake.api.phone.hold).toHaveBeenCalledTimes(1);
    expect(announcement()).toBe('Hold / resume: the last command is still on its way');
    await act(async () => {});
  });

  it('opens the transfer form of the active call, with the focus in its target field', async () => {
    const { fake } = await renderApp();
    show(fake, active('c1'));
    expect(screen.queryByTestId('transfer-form')).toBeNull();
    await press(ctrlShift('X'));
    const form = screen.getByTestId('transfer-form');
    expect(document.activeElement).toBe(within(form).getByTestId('transfer-target'));
  });

  it('switches between Ready and Not ready', async () => {
    const { fake } = await renderApp();
    await press(ctrlShift('S'));
    expect(fake.api.agent.setState).toHaveBeenCalledWith({ state: 'notReady' });
    act(() => void fake.emitState({ agent: { ...makeSnapshot().agent, state: 'notReady', chosen: 'notReady' } }));
    await press(ctrlShift('S'));
    expect(fake.api.agent.setState).toHaveBeenLastCalledWith({ state: 'ready' });
  });

  it('says what it cannot do, in the live region, and sends nothing', async () => {
    const { fake } = await renderApp();
    expect(screen.getByTestId('hotkey-announcement').getAttribute('aria-live')).toBe('assertive');
    await press(ctrlShift('H'));
    expect(announcement()).toBe('Hang up: there is no call');
    await press(ctrlShift('A'));
    expect(announcement()).toBe('Answer: no call is ringing');
    expect(fake.api.phone.hangup).not.toHaveBeenCalled();
    expect(fake.api.phone.answer).not.toHaveBeenCalled();
  });

  it('works while a text field has the focus: F-keys type nothing, and Ctrl+Shift combinations are no typing', async () => {
    const snapshot = makeSnapshot();
    const { fake } = await renderApp({
      snapshot: { ...snapshot, settings: makeSettings({ hotkeys: { ...snapshot.settings.hotkeys, answer: 'F9', hangup: 'F2' } }) },
    });
    show(fake, makeCall({ id: 'ringing' }));
    const dial = screen.getByTestId('dial-input');
    dial.focus();
    // F-keys type nothing, so even in a field they are hotkeys.
    await press({ key: 'F9', code: 'F9' }, dial);
    expect(fake.api.phone.answer).toHaveBeenCalledWith({ callId: 'ringing' });
    show(fake, active('ringing'));
    await press({ key: 'M', code: 'KeyM', ctrlKey: true, shiftKey: true }, dial);
    expect(fake.api.phone.mute).toHaveBeenCalledWith({ callId: 'ringing', muted: true });
  });

  it('acts on a global hotkey from the Electron host as on the same key pressed in the window', async () => {
    const { fake } = await renderApp();
    show(fake, makeCall({ id: 'ringing' }));
    act(() => fake.emitHotkey('answer'));
    expect(fake.api.phone.answer).toHaveBeenCalledWith({ callId: 'ringing' });
    show(fake);
    act(() => fake.emitHotkey('hangup'));
    expect(announcement()).toBe('Hang up: there is no call');
  });

  it('lists the hotkeys in the settings, as this platform names the keys, in German too', async () => {
    const snapshot = makeSnapshot();
    await renderApp({ snapshot: { ...snapshot, settings: makeSettings({ ui: { language: 'de' }, hotkeys: { ...snapshot.settings.hotkeys, mute: null } }) } });
    fireEvent.click(screen.getByTestId('settings-open'));
    const list = screen.getByTestId('hotkey-list');
    expect(within(list).getByText('Tastenkürzel')).toBeTruthy();
    const answer = list.querySelector('[data-action="answer"]');
    // As a German keyboard prints the keys, and as the list's own hint names them.
    expect(answer?.textContent).toBe('AnnehmenStrg+Umschalt+A');
    expect(list.querySelector('[data-action="mute"]')).toBeNull();
  });
});
