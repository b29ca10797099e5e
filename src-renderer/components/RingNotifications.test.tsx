// @vitest-environment jsdom
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeCall, makeCallback, makeSnapshot } from '../test/fixtures';
import { renderApp, unmountApp } from '../test/renderApp';

const created: { title: string; options: { body: string; tag: string } }[] = [];
const notifications: FakeNotification[] = [];
let permission: NotificationPermission = 'default';
const requestPermission = vi.fn(async () => {
  permission = 'granted';
  return permission;
});

class FakeNotification {
  static get permission() {
    return permission;
  }
  static requestPermission = requestPermission;
  onclick: (() => void) | null = null;
  constructor(title: string, options: { body: string; tag: string }) {
    created.push({ title, options });
    notifications.push(this);
  }
  close() {}
}

beforeEach(() => {
  created.length = 0;
  notifications.length = 0;
  permission = 'default';
  requestPermission.mockClear();
  vi.stubGlobal('Notification', FakeNotification);
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
});

afterEach(() => {
  unmountApp();
  vi.unstubAllGlobals();
  Reflect.deleteProperty(document, 'hidden');
});

describe('incoming calls while the browser page is hidden', () => {
  it('asks for permission on the first click, then notifies with caller, number and client', async () => {
    const { fake } = await renderApp();
    expect(requestPermission).not.toHaveBeenCalled();
    fireEvent.pointerDown(document.body);
    expect(requestPermission).toHaveBeenCalledTimes(1);
    await act(async () => undefined);

    act(() => void fake.emitState({ calls: [makeCall({ id: 'call-9' })] }));
    expect(created).toEqual([{ title: 'Incoming call: Erika Mustermann', options: { body: '+49301234567 · for Stadtwerke Nord', tag: 'call-9' } }]);
  });

  it('notifies once when a callback falls due, and the notification opens the callbacks', async () => {
    permission = 'granted';
    const { fake } = await renderApp();
    const waiting = makeCallback({ id: 'cb-7', due: false, customerName: 'Hans Berger', number: '+4940123', note: 'nach 18 Uhr' });
    act(() => void fake.emitState({ callbacks: [waiting] }));
    expect(created).toEqual([]);
    act(() => void fake.emitState({ callbacks: [{ ...waiting, due: true }] }));
    act(() => void fake.emitState({ callbacks: [{ ...waiting, due: true }] }));
    expect(created).toHaveLength(1);
    expect(created[0]!.title).toBe('Callback due: Hans Berger');
    expect(created[0]!.options.body).toContain('+4940123');
    expect(created[0]!.options.body).toContain('nach 18 Uhr');
    expect(created[0]!.options.tag).toBe('callback-cb-7');
    act(() => notifications[0]!.onclick?.());
    expect(screen.getByTestId('callbacks-tab').getAttribute('aria-selected')).toBe('true');
  });

  it('shows the permission in the settings and asks from there', async () => {
    await renderApp();
    fireEvent.click(screen.getByTestId('settings-open'));
    expect(screen.getByTestId('notification-state').dataset.permission).toBe('default');
    fireEvent.click(screen.getByTestId('notification-allow'));
    expect(await screen.findByText(/Incoming calls are shown as notifications/)).toBeTruthy();

    permission = 'denied';
    fireEvent.click(screen.getByTestId('settings-close'));
    fireEvent.click(screen.getByTestId('settings-open'));
    expect(screen.getByTestId('notification-state').textContent).toContain('blocked');
    expect(screen.queryByTestId('notification-allow')).toBeNull();
  });

  it('leaves it to main in Electron', async () => {
    permission = 'granted';
    const { fake } = await renderApp({ snapshot: makeSnapshot({ app: { version: '0.1.0', host: 'electron' } }) });
    act(() => void fake.emitState({ calls: [makeCall()] }));
    expect(created).toEqual([]);
    fireEvent.click(screen.getByTestId('settings-open'));
    expect(screen.queryByTestId('notification-setting')).toBeNull();
  });
});
