// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LineView, Snapshot } from '../../src-main/contract';
import { makeSnapshot } from '../test/fixtures';
import { renderApp, unmountApp } from '../test/renderApp';

afterEach(unmountApp);

// Local time, so the clock in the status text is predictable in any time zone.
const today = new Date();
const at1403 = new Date(today.getFullYear(), today.getMonth(), today.getDate(), 14, 3).getTime();
const sipLine = (status: LineView['status'], detail: string | null = null): LineView => ({ kind: 'sip', status, detail, since: at1403 });
const german = (snapshot: Snapshot): Snapshot => ({ ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } });

describe('dial box', () => {
  it('dials the typed number with Enter and clears the box once main took it', async () => {
    const { fake } = await renderApp();
    const input = screen.getByTestId('dial-input') as HTMLInputElement;
    expect((screen.getByTestId('dial-call') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: ' 030 1234567 ' } });
    fireEvent.submit(input.form as HTMLFormElement);
    expect(fake.api.phone.dial).toHaveBeenCalledWith({ target: '030 1234567' });
    await waitFor(() => expect(input.value).toBe(''));
  });

  it('dials with the button, and keeps the number when main refuses', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ line: sipLine('registered') }) });
    fake.api.phone.dial.mockRejectedValueOnce(new Error('busy'));
    const input = screen.getByTestId('dial-input') as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'sip:desk@example.org' } });
    fireEvent.click(screen.getByTestId('dial-call'));
    expect(fake.api.phone.dial).toHaveBeenCalledWith({ target: 'sip:desk@example.org' });
    expect((await screen.findByTestId('notice')).textContent).toContain('busy');
    expect(input.value).toBe('sip:desk@example.org');
  });

  it('is off while the phone line is not registered', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ line: sipLine('unreachable', 'connection refused') }) });
    expect((screen.getByTestId('dial-input') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByTestId('dial-call') as HTMLButtonElement).disabled).toBe(true);
    act(() => void fake.emitState({ line: sipLine('registered') }));
    expect((screen.getByTestId('dial-input') as HTMLInputElement).disabled).toBe(false);
  });
});

describe('line status', () => {
  it('says since when and why the phone line is unreachable', async () => {
    await renderApp({ snapshot: makeSnapshot({ line: sipLine('unreachable', 'connection refused') }) });
    const status = screen.getByTestId('line-status');
    expect(status.getAttribute('data-status')).toBe('unreachable');
    expect(screen.getByTestId('line-detail').textContent?.trim()).toMatch(/^since 0?2:03\sPM — connection refused$/);
    expect(status.textContent).toMatch(/^Unreachable since 0?2:03\sPM — connection refused$/);
  });

  it('says it in German too', async () => {
    await renderApp({ snapshot: german(makeSnapshot({ line: sipLine('unreachable', 'connection refused') })) });
    await waitFor(() => expect(screen.getByTestId('line-status').textContent).toBe('Nicht erreichbar seit 14:03 — connection refused'));
  });

  it("words main's reason in the agent's language, and keeps the server's own words as they came", async () => {
    const refused: LineView = { ...sipLine('unreachable', 'connection refused'), said: { key: 'line.connectionRefused', params: {} } };
    const { fake } = await renderApp({ snapshot: german(makeSnapshot({ line: refused })) });
    await waitFor(() => expect(screen.getByTestId('line-status').textContent).toBe('Nicht erreichbar seit 14:03 — Verbindung abgelehnt'));
    expect(screen.getByTestId('line-status').getAttribute('title')).toBe('Verbindung abgelehnt');
    act(() => void fake.emitState({ line: { ...sipLine('failed', '403 Forbidden'), said: { key: 'line.serverSaid', params: { detail: '403 Forbidden' } } } }));
    expect(screen.getByTestId('line-status').textContent).toBe('Fehlgeschlagen — 403 Forbidden');
  });

  it("gives the server's words on a failure and nothing more when connected", async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ line: sipLine('failed', '403 Forbidden') }) });
    expect(screen.getByTestId('line-status').textContent).toBe('Failed — 403 Forbidden');
    act(() => void fake.emitState({ line: sipLine('registered') }));
    expect(screen.getByTestId('line-status').textContent).toBe('Connected');
    expect(screen.queryByTestId('line-detail')).toBeNull();
  });

  it('shows a lost connection as reconnecting, and once back, how long it was down', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ line: sipLine('reconnecting', 'no answer to the keep-alive') }) });
    const status = screen.getByTestId('line-status');
    expect(status.getAttribute('data-status')).toBe('reconnecting');
    expect(status.textContent).toMatch(/^Reconnecting… since 0?2:03\sPM — no answer to the keep-alive$/);
    act(() => void fake.emitState({ line: { ...sipLine('registered'), lastOutage: { at: at1403, ms: 6400 } } }));
    expect(status.textContent).toBe('Connected');
    expect(status.getAttribute('title')).toMatch(/^Was down for 6 s \(from 0?2:03\sPM\) and reconnected by itself\.$/);
  });

  it('says that in German too', async () => {
    const { fake } = await renderApp({ snapshot: german(makeSnapshot({ line: sipLine('reconnecting', 'no answer to the keep-alive') })) });
    await waitFor(() => expect(screen.getByTestId('line-status').textContent).toBe('Verbindet neu… seit 14:03 — no answer to the keep-alive'));
    act(() => void fake.emitState({ line: { ...sipLine('registered'), lastOutage: { at: at1403, ms: 6400 } } }));
    expect(screen.getByTestId('line-status').getAttribute('title')).toBe('War 6 s lang getrennt (ab 14:03) und hat sich selbst wieder verbunden.');
  });
});

describe('rehearsal beside a phone line', () => {
  it('keeps the training controls folded away until asked for', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ line: sipLine('registered') }) });
    const toggle = screen.getByTestId('training-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.textContent).toContain('Rehearsal');
    expect(screen.queryByTestId('simulate-call')).toBeNull();

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(screen.getByTestId('simulate-call'));
    expect(fake.api.training.placeCall).toHaveBeenCalledWith({});
    expect(screen.getByTestId('scenario-progress').textContent).toBe('0 / 5');
  });

  it('is no toggle on the training line itself', async () => {
    await renderApp();
    expect(screen.queryByTestId('training-toggle')).toBeNull();
    expect(screen.getByTestId('simulate-call')).toBeTruthy();
  });
});
