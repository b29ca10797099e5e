// @vitest-environment jsdom
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../src-main/contract';
import { App } from './App';
import { makeCall, makeLogEntry, makeSnapshot, T0 } from './test/fixtures';
import { renderApp, unmountApp } from './test/renderApp';

afterEach(() => {
  unmountApp();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const withLanguage = (language: 'auto' | 'de' | 'en', snapshot: Snapshot = makeSnapshot()): Snapshot => ({
  ...snapshot,
  settings: { ...snapshot.settings, ui: { language } },
});

function cell(row: HTMLElement, column: string): HTMLElement {
  const found = row.querySelector<HTMLElement>(`[data-col="${column}"]`);
  if (!found) throw new Error(`row has no ${column} cell`);
  return found;
}

describe('without a host', () => {
  it('explains that the workstation is not connected instead of crashing', () => {
    render(<App />);
    const error = screen.getByTestId('app-error');
    expect(error.textContent).toMatch(/not connected/);
    expect(screen.queryByTestId('line-kind')).toBeNull();
  });
});

describe('phone bar', () => {
  it('shows a ringing call with caller and client, and answers it', async () => {
    const { fake } = await renderApp();
    expect(screen.queryByTestId('incoming-call')).toBeNull();

    act(() => {
      fake.emitState({ calls: [makeCall({ id: 'call-42', remoteNumber: '+4940123', client: 'Hanse Energie' })] });
    });

    const incoming = screen.getByTestId('incoming-call');
    expect(within(incoming).getByTestId('call-remote-number').textContent).toBe('+4940123');
    expect(within(incoming).getByTestId('call-client').textContent).toBe('Hanse Energie');
    expect(incoming.textContent).toContain('Erika Mustermann');
    expect(incoming.textContent).toContain('Stromausfall');
    expect(incoming.textContent).toContain('Incoming call');

    fireEvent.click(within(incoming).getByTestId('answer'));
    expect(fake.api.phone.answer).toHaveBeenCalledWith({ callId: 'call-42' });
    expect(fake.api.phone.reject).not.toHaveBeenCalled();
  });

  it('rejects a ringing call by its id', async () => {
    const { fake } = await renderApp();
    act(() => void fake.emitState({ calls: [makeCall({ id: 'call-7' })] }));
    fireEvent.click(screen.getByTestId('reject'));
    expect(fake.api.phone.reject).toHaveBeenCalledWith({ callId: 'call-7' });
  });

  it('runs a timer on the active call and hangs it up', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(T0 + 65_000);
    const { fake } = await renderApp();
    act(() => void fake.emitState({ calls: [makeCall({ id: 'call-9', state: 'active', answerAt: T0 })] }));

    const active = screen.getByTestId('active-call');
    expect(screen.queryByTestId('incoming-call')).toBeNull();
    expect(within(active).getByTestId('call-client').textContent).toBe('Stadtwerke Nord');
    expect(within(active).getByTestId('call-timer').textContent).toBe('01:05');

    act(() => void vi.advanceTimersByTime(2_000));
    expect(within(active).getByTestId('call-timer').textContent).toBe('01:07');

    fireEvent.click(within(active).getByTestId('hangup'));
    expect(fake.api.phone.hangup).toHaveBeenCalledWith({ callId: 'call-9' });
  });

  it('ignores a snapshot older than the one shown', async () => {
    const { fake } = await renderApp();
    const current = fake.emitState({ calls: [makeCall({ id: 'ringing-now' })] });
    await screen.findByTestId('incoming-call');
    act(() => fake.emitRawState({ ...current, revision: current.revision - 1, calls: [] }));
    expect(screen.getByTestId('incoming-call')).toBeTruthy();
  });

  it('shows the training badge on the training line only', async () => {
    const { fake } = await renderApp();
    expect(screen.getByTestId('line-kind').textContent).toBe('Training line');
    expect(screen.getByTestId('training-badge')).toBeTruthy();

    act(() => void fake.emitState({ line: { kind: 'sip', status: 'registered', detail: null, since: T0 } }));
    expect(screen.getByTestId('line-kind').textContent).toBe('Phone line');
    expect(screen.getByTestId('line-status').textContent).toContain('Connected');
    expect(screen.queryByTestId('training-badge')).toBeNull();
    expect(screen.queryByTestId('simulate-call')).toBeNull();
  });

  it('switches the agent between ready and not ready', async () => {
    const { fake } = await renderApp();
    expect(screen.getByTestId('agent-state').textContent).toBe('Ready');
    fireEvent.click(screen.getByTestId('agent-state-menu'));
    fireEvent.click(screen.getByTestId('agent-state-reason-break'));
    expect(fake.api.agent.setState).toHaveBeenCalledWith({ state: 'notReady', reason: 'break' });
    await waitFor(() => expect(screen.getByTestId('agent-state').textContent).toBe('Not ready — Break'));

    await waitFor(() => expect(screen.getByTestId('agent-state-menu').hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByTestId('agent-state-menu'));
    fireEvent.click(screen.getByTestId('agent-state-option-ready'));
    await waitFor(() => expect(fake.api.agent.setState).toHaveBeenLastCalledWith({ state: 'ready' }));
    await waitFor(() => expect(screen.getByTestId('agent-state').getAttribute('data-state')).toBe('ready'));
  });
});

describe('training panel', () => {
  it('simulates calls and starts and stops the scenario', async () => {
    const { fake } = await renderApp();
    expect(screen.getByTestId('scenario-progress').textContent).toBe('0 / 5');
    expect(screen.getByText('Built-in scenario')).toBeTruthy();

    fireEvent.click(screen.getByTestId('simulate-call'));
    expect(fake.api.training.placeCall).toHaveBeenCalledWith({});

    await waitFor(() => expect(screen.getByTestId('scenario-start').hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByTestId('scenario-start'));
    expect(fake.api.training.startScenario).toHaveBeenCalledTimes(1);

    act(() => void fake.emitState({ training: { ...fake.snapshot.training, running: true, placed: 2 } }));
    expect(screen.getByTestId('scenario-progress').textContent).toBe('2 / 5');
    await waitFor(() => expect(screen.getByTestId('scenario-stop').hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByTestId('scenario-stop'));
    expect(fake.api.training.stopScenario).toHaveBeenCalledTimes(1);
  });
});

describe('call log', () => {
  const log = [
    makeLogEntry({ id: 'done', direction: 'inbound', ringAt: T0 + 2_000, answerAt: T0 + 7_000, endAt: T0 + 127_000, endCause: 'completed' }),
    makeLogEntry({ id: 'missed', direction: 'outbound', line: 'training', ringAt: T0 + 1_000, answerAt: null, endAt: T0 + 46_000, endCause: 'missed' }),
    makeLogEntry({ id: 'refused', ringAt: T0, answerAt: null, endAt: T0 + 3_000, endCause: 'rejected', client: null }),
  ];

  it('lists calls newest first with translated direction and result in English', async () => {
    await renderApp({ log });
    const rows = await screen.findAllByTestId('calllog-row');
    expect(rows.map((row) => row.getAttribute('data-call-id'))).toEqual(['done', 'missed', 'refused']);
    const [done, missed, refused] = rows as [HTMLElement, HTMLElement, HTMLElement];

    expect(cell(done, 'direction').textContent).toBe('Inbound');
    expect(cell(done, 'endCause').textContent).toBe('Completed');
    expect(cell(done, 'duration').textContent).toBe('02:00');
    expect(cell(done, 'ringAt').getAttribute('data-value')).toBe(String(T0 + 2_000));
    expect(cell(done, 'answerAt').getAttribute('data-value')).toBe(String(T0 + 7_000));
    expect(cell(done, 'endAt').getAttribute('data-value')).toBe(String(T0 + 127_000));
    expect(cell(done, 'remoteNumber').textContent).toContain('+49301234567');
    expect(cell(done, 'remoteNumber').textContent).toContain('Erika Mustermann');
    expect(cell(done, 'client').textContent).toBe('Stadtwerke Nord');
    expect(cell(done, 'campaign').textContent).toBe('Störungshotline');
    expect(cell(done, 'line').textContent).toBe('');

    expect(cell(missed, 'direction').textContent).toBe('Outbound');
    expect(cell(missed, 'endCause').textContent).toBe('Missed');
    expect(cell(missed, 'duration').textContent).toBe('–');
    expect(cell(missed, 'answerAt').hasAttribute('data-value')).toBe(false);
    expect(cell(missed, 'line').textContent).toBe('Training');

    expect(cell(refused, 'endCause').textContent).toBe('Rejected');
  });

  it('speaks German when the settings say so', async () => {
    await renderApp({ log, snapshot: withLanguage('de') });
    await waitFor(() => expect(screen.getByTestId('line-kind').textContent).toBe('Übungsleitung'));
    const [done, missed, refused] = (await screen.findAllByTestId('calllog-row')) as [HTMLElement, HTMLElement, HTMLElement];
    expect(cell(done, 'direction').textContent).toBe('Eingehend');
    expect(cell(done, 'endCause').textContent).toBe('Abgeschlossen');
    expect(cell(missed, 'direction').textContent).toBe('Ausgehend');
    expect(cell(missed, 'endCause').textContent).toBe('Verpasst');
    expect(cell(refused, 'endCause').textContent).toBe('Abgelehnt');
    expect(cell(done, 'ringAt').textContent).toMatch(/\d{2}\.\d{2}\.\d{2}/);
    expect(document.documentElement.lang).toBe('de');
  });

  it('re-reads the newest page when main reports a changed row', async () => {
    const { fake } = await renderApp({ log });
    await screen.findAllByTestId('calllog-row');
    act(() => fake.upsertLogEntry(makeLogEntry({ id: 'fresh', ringAt: T0 + 9_000, endAt: null, answerAt: null, endCause: null, endedBy: null })));
    await waitFor(() => expect(screen.getAllByTestId('calllog-row')[0]?.getAttribute('data-call-id')).toBe('fresh'));
    const fresh = screen.getAllByTestId('calllog-row')[0] as HTMLElement;
    expect(cell(fresh, 'endCause').textContent).toBe('Ongoing');
    expect(screen.getAllByTestId('calllog-row')).toHaveLength(4);
  });

  const handedOn = [
    makeLogEntry({
      id: 'nobody',
      direction: 'outbound',
      remoteNumber: '+4930555',
      remoteName: null,
      ringAt: T0 + 2_000,
      answerAt: null,
      endAt: T0 + 30_000,
      endCause: 'unanswered',
    }),
    makeLogEntry({ id: 'passed', ringAt: T0 + 1_000, endCause: 'transferred', transferTarget: '+49 40 999' }),
    makeLogEntry({ id: 'anon', remoteNumber: 'anonymous', remoteName: null, ringAt: T0 }),
  ];

  it('shows unanswered and transferred calls, with the transfer target', async () => {
    await renderApp({ log: handedOn });
    const [nobody, passed] = (await screen.findAllByTestId('calllog-row')) as [HTMLElement, HTMLElement];
    expect(cell(nobody, 'direction').textContent).toBe('Outbound');
    expect(cell(nobody, 'endCause').textContent).toBe('Not answered');
    expect(cell(nobody, 'endCause').getAttribute('data-value')).toBe('unanswered');
    expect(cell(passed, 'endCause').textContent).toBe('Transferred → +49 40 999');
    expect(cell(passed, 'endCause').getAttribute('data-value')).toBe('transferred');
  });

  it('says so in German', async () => {
    await renderApp({ log: handedOn, snapshot: withLanguage('de') });
    await waitFor(() => expect(screen.getByTestId('line-kind').textContent).toBe('Übungsleitung'));
    const [nobody, passed] = (await screen.findAllByTestId('calllog-row')) as [HTMLElement, HTMLElement];
    expect(cell(nobody, 'direction').textContent).toBe('Ausgehend');
    expect(cell(nobody, 'endCause').textContent).toBe('Nicht erreicht');
    expect(cell(passed, 'endCause').textContent).toBe('Vermittelt → +49 40 999');
  });

  it('dials a number from the log with one click', async () => {
    const { fake } = await renderApp({ log: handedOn });
    const [nobody, , anon] = (await screen.findAllByTestId('calllog-row')) as [HTMLElement, HTMLElement, HTMLElement];
    fireEvent.click(within(cell(nobody, 'remoteNumber')).getByTestId('calllog-dial'));
    expect(fake.api.phone.dial).toHaveBeenCalledWith({ target: '+4930555' });
    // An anonymous caller has no number to call back.
    expect(within(cell(anon, 'remoteNumber')).queryByTestId('calllog-dial')).toBeNull();
    expect(cell(anon, 'remoteNumber').textContent).toBe('anonymous');

    act(() => void fake.emitState({ line: { kind: 'sip', status: 'unreachable', detail: null, since: T0 } }));
    expect((within(cell(nobody, 'remoteNumber')).getByTestId('calllog-dial') as HTMLButtonElement).disabled).toBe(true);
  });

  it('loads older calls page by page', async () => {
    const many = Array.from({ length: 130 }, (_, i) => makeLogEntry({ id: `c${String(i).padStart(3, '0')}`, ringAt: T0 + i * 1_000 }));
    const { fake } = await renderApp({ log: many });
    // The table renders only the rows in view (virtualized), so the count tells what is loaded.
    await waitFor(() => expect(screen.getByTestId('calllog-count').textContent).toBe('100 of 130 calls'));
    expect(screen.getAllByTestId('calllog-row').length).toBeLessThanOrEqual(50);
    fireEvent.click(screen.getByTestId('calllog-more'));
    await waitFor(() => expect(screen.getByTestId('calllog-count').textContent).toBe('130 of 130 calls'));
    expect(fake.api.callLog.list).toHaveBeenLastCalledWith({ limit: 100, before: { ringAt: T0 + 30_000, id: 'c030' } });
    expect(screen.queryByTestId('calllog-more')).toBeNull();
  });
});

describe('settings', () => {
  it('changes the language through main and follows the result', async () => {
    const { fake } = await renderApp();
    fireEvent.click(screen.getByTestId('settings-open'));
    const select = screen.getByTestId('language-select') as HTMLSelectElement;
    expect(select.value).toBe('en');
    expect([...select.options].map((option) => option.value)).toEqual(['auto', 'de', 'en']);

    fireEvent.change(select, { target: { value: 'de' } });
    expect(fake.api.settings.update).toHaveBeenCalledWith({ ui: { language: 'de' } });
    await waitFor(() => expect(screen.getByTestId('line-kind').textContent).toBe('Übungsleitung'));
    expect(document.documentElement.lang).toBe('de');
    expect((screen.getByTestId('language-select') as HTMLSelectElement).value).toBe('de');
  });

  it('follows a German system locale on auto', async () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
    await renderApp({ snapshot: withLanguage('auto') });
    await waitFor(() => expect(screen.getByTestId('agent-state').textContent).toBe('Bereit'));
  });
});

describe('errors', () => {
  it('shows a rejected command as a notice the agent can dismiss', async () => {
    const { fake } = await renderApp();
    fake.api.phone.answer.mockRejectedValueOnce(new Error('call-1 is no longer ringing'));
    act(() => void fake.emitState({ calls: [makeCall()] }));
    fireEvent.click(screen.getByTestId('answer'));

    const notice = await screen.findByTestId('notice');
    expect(notice.textContent).toContain('call-1 is no longer ringing');
    expect(screen.getByTestId('incoming-call')).toBeTruthy();

    fireEvent.click(within(notice).getByRole('button'));
    expect(screen.queryByTestId('notice')).toBeNull();
  });

  it('offers a retry when the first state cannot be read', async () => {
    const { createFakeAnlauf } = await import('./test/fakeAnlauf');
    const fake = createFakeAnlauf();
    fake.api.app.snapshot.mockRejectedValueOnce(new Error('host went away'));
    window.anlauf = fake.api;
    render(<App />);
    expect((await screen.findByTestId('notice')).textContent).toContain('host went away');
    fireEvent.click(screen.getByTestId('retry'));
    expect((await screen.findByTestId('line-kind')).textContent).toBe('Training line');
  });
});
