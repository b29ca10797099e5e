// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCallback, makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const HOUR = 3_600_000;

describe('callbacks', () => {
  it('lists the callbacks soonest first, the due ones marked, and says how many are due in the phone bar', async () => {
    const now = Date.now();
    await renderApp({
      snapshot: makeSnapshot({
        callbacks: [
          makeCallback({ id: 'later', dueAt: now + 2 * HOUR, customerName: 'Hans Meier', note: null }),
          makeCallback({ id: 'due', dueAt: now - 5 * 60_000, due: true }),
          // Main has not said so yet, but its time has come.
          makeCallback({ id: 'just-now', dueAt: now - 1_000, customerName: null, number: '+4940999' }),
        ],
      }),
    });
    expect(screen.getByTestId('callbacks-due-badge').getAttribute('role')).toBe('alert');
    expect(screen.getByTestId('callbacks-due-badge').textContent).toBe('2 callbacks due');

    fireEvent.click(screen.getByTestId('callbacks-tab'));
    const items = screen.getAllByTestId('callback-item');
    expect(items.map((item) => item.getAttribute('data-callback-id'))).toEqual(['due', 'just-now', 'later']);
    expect(items.map((item) => item.hasAttribute('data-due'))).toEqual([true, true, false]);
    const first = items[0] as HTMLElement;
    expect(first.textContent).toContain('Erika Mustermann');
    expect(first.textContent).toContain('+49301234567');
    expect(first.textContent).toContain('Customer no. K-1001');
    expect(first.textContent).toContain('Stadtwerke Nord · Störungshotline');
    expect(first.textContent).toContain('Wants the new tariff explained');
    expect(within(first).getByText('Due')).toBeTruthy();
    expect((items[1] as HTMLElement).textContent).toContain('+4940999');
  });

  it('calls back now or cancels, through main', async () => {
    const { fake } = await renderApp({
      snapshot: makeSnapshot({
        callbacks: [makeCallback({ id: 'cb-1', dueAt: Date.now() + HOUR }), makeCallback({ id: 'cb-2', dueAt: Date.now() + 9 * HOUR })],
      }),
    });
    expect(screen.queryByTestId('callbacks-due-badge')).toBeNull();
    fireEvent.click(screen.getByTestId('callbacks-tab'));
    const [first, second] = screen.getAllByTestId('callback-item') as HTMLElement[];
    fireEvent.click(within(first as HTMLElement).getByTestId('callback-dial'));
    expect(fake.api.callbacks.dial).toHaveBeenCalledWith({ id: 'cb-1' });
    await waitFor(() => expect((within(first as HTMLElement).getByTestId('callback-dial') as HTMLButtonElement).disabled).toBe(true));
    expect((first as HTMLElement).textContent).toContain('Calling');

    fireEvent.click(within(second as HTMLElement).getByTestId('callback-cancel'));
    expect(fake.api.callbacks.cancel).toHaveBeenCalledWith({ id: 'cb-2' });
    await waitFor(() => expect(screen.getAllByTestId('callback-item')).toHaveLength(1));
  });

  it('opens the list from the badge, and the badge goes when nothing is due', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ callbacks: [makeCallback({ due: true, dueAt: Date.now() - 1000 })] }) });
    fireEvent.click(within(screen.getByTestId('callbacks-due-badge')).getByRole('button'));
    expect(screen.getByTestId('callbacks-tab').getAttribute('aria-selected')).toBe('true');
    act(() => void fake.emitState({ callbacks: [] }));
    expect(screen.queryByTestId('callbacks-due-badge')).toBeNull();
    expect(screen.getByTestId('callbacks-empty').textContent).toBe('No callbacks open.');
  });
});
