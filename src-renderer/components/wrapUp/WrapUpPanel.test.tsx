// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WrapUpView } from '../../../src-main/contract';
import { makeSnapshot, makeWrapUp } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(() => {
  vi.useRealTimers();
  unmountApp();
});

const withWrapUps = (...wrapUps: WrapUpView[]) => renderApp({ snapshot: makeSnapshot({ wrapUps }) });
const done = () => screen.getByTestId('wrapup-done') as HTMLButtonElement;

describe('wrap-up', () => {
  it('shows the call, the timer, the codes with their keys, and how many calls wait', async () => {
    await withWrapUps(makeWrapUp({ startedAt: Date.now() - 75_000 }), makeWrapUp({ callId: 'call-2' }), makeWrapUp({ callId: 'call-3' }));
    const panel = screen.getByTestId('wrapup-panel');
    expect(panel.getAttribute('data-call-id')).toBe('call-1');
    expect(screen.getByTestId('wrapup-call').textContent).toContain('+49301234567');
    expect(screen.getByTestId('wrapup-call').textContent).toContain('Stadtwerke Nord');
    expect(screen.getByTestId('wrapup-timer').textContent).toMatch(/^01:1[45]$/);
    expect(screen.getByTestId('wrapup-waiting').textContent).toBe('2 more calls waiting for their wrap-up');
    expect(screen.getByTestId('wrapup-code-solved').textContent).toBe('1Solved');
    // Groups open to show their codes; the code's spaces become dashes in the id.
    expect(screen.queryByTestId('wrapup-code-wrong-number')).toBeNull();
    fireEvent.click(within(screen.getByTestId('wrapup-group-not-reached')).getByRole('button', { name: /Not reached/ }));
    expect(screen.getByTestId('wrapup-code-wrong-number').textContent).toContain('Wrong number');
    expect(done().disabled).toBe(true);
  });

  it("says the shipped default codes in the desk's language, and a code IT labelled with its own label", async () => {
    const snapshot = makeSnapshot({ wrapUps: [makeWrapUp({ autoAt: Date.now() + 25_000, autoCode: 'solved' })] });
    await renderApp({ snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } } });
    expect(screen.getByTestId('wrapup-code-solved').textContent).toBe('1Gelöst');
    expect(screen.getByTestId('wrapup-auto').textContent).toMatch(/^automatischer Code „Gelöst“/);
    expect(screen.getByTestId('wrapup-code-not-surveyed').textContent).toContain('Nicht befragt');
    // "callback" is shipped, but this desk labelled it: its label stays.
    expect(screen.getByTestId('wrapup-code-callback').textContent).toContain('Call back');
    fireEvent.click(within(screen.getByTestId('wrapup-group-not-reached')).getByRole('button', { name: /Not reached/ }));
    expect(screen.getByTestId('wrapup-code-wrong-number').textContent).toContain('Falsche Nummer');
    expect(screen.getByTestId('wrapup-code-mailbox').textContent).toBe('Mailbox');
  });

  it('counts down to the automatic code', async () => {
    await withWrapUps(makeWrapUp({ startedAt: Date.now(), autoAt: Date.now() + 25_000, autoCode: 'solved' }));
    expect(screen.getByTestId('wrapup-auto').textContent).toMatch(/^automatic code “Solved” in 0:2[45]$/);
  });

  it('chooses a code by its key, but not while the agent types the note', async () => {
    const { fake } = await withWrapUps(makeWrapUp());
    const note = screen.getByTestId('wrapup-note');
    fireEvent.keyDown(note, { key: '1' });
    expect(screen.getByTestId('wrapup-chosen').textContent).toBe('No disposition chosen yet');

    fireEvent.keyDown(document.body, { key: '1' });
    expect(screen.getByTestId('wrapup-code-solved').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('wrapup-chosen').textContent).toBe('Chosen: Solved');
    fireEvent.keyDown(document.body, { key: 'N' });
    expect(screen.getByTestId('wrapup-chosen').textContent).toBe('Chosen: Not surveyed');
    fireEvent.keyDown(document.body, { key: '3' });
    expect(screen.getByTestId('wrapup-code-wrong-number').getAttribute('aria-pressed')).toBe('true');

    fireEvent.change(note, { target: { value: 'Number belongs to a bakery' } });
    fireEvent.click(done());
    expect(fake.api.wrapUp.dispose).toHaveBeenCalledWith({ callId: 'call-1', code: 'wrong number', note: 'Number belongs to a bakery' });
    await waitFor(() => expect(screen.queryByTestId('wrapup-panel')).toBeNull());
  });

  it('keeps the note as a draft once typing pauses', async () => {
    const { fake } = await withWrapUps(makeWrapUp({ note: 'Customer was' }));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const note = screen.getByTestId('wrapup-note') as HTMLTextAreaElement;
    expect(note.value).toBe('Customer was');
    fireEvent.change(note, { target: { value: 'Customer was ang' } });
    act(() => void vi.advanceTimersByTime(300));
    fireEvent.change(note, { target: { value: 'Customer was angry' } });
    act(() => void vi.advanceTimersByTime(499));
    expect(fake.api.wrapUp.saveNote).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(1));
    expect(fake.api.wrapUp.saveNote).toHaveBeenCalledTimes(1);
    expect(fake.api.wrapUp.saveNote).toHaveBeenCalledWith({ callId: 'call-1', note: 'Customer was angry' });
  });

  it('asks when to call back for a callback code, tomorrow at this time unless changed', async () => {
    const { fake } = await withWrapUps(makeWrapUp());
    fireEvent.click(screen.getByTestId('wrapup-code-callback'));
    const at = screen.getByTestId('wrapup-callback-at') as HTMLInputElement;
    expect(at.type).toBe('datetime-local');
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    expect(at.value.slice(0, 10)).toBe(
      `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`,
    );

    fireEvent.change(at, { target: { value: '' } });
    expect(done().disabled).toBe(true);
    fireEvent.change(at, { target: { value: '2030-05-06T14:30' } });
    fireEvent.change(screen.getByTestId('wrapup-callback-number'), { target: { value: '+49 40 555' } });
    fireEvent.change(screen.getByTestId('wrapup-callback-note'), { target: { value: 'After her holiday' } });
    fireEvent.click(done());
    expect(fake.api.wrapUp.dispose).toHaveBeenCalledWith({
      callId: 'call-1',
      code: 'callback',
      note: '',
      callback: { at: new Date(2030, 4, 6, 14, 30).getTime(), number: '+49 40 555', note: 'After her holiday' },
    });
  });

  it("shows the unanswered required questions and main's refusal", async () => {
    const { fake } = await withWrapUps(makeWrapUp({ suggested: 'solved', missingRequired: [{ id: 'q_nps', text: 'How likely are you to recommend us?' }] }));
    expect(screen.getByTestId('wrapup-missing').textContent).toContain('How likely are you to recommend us?');
    // The script's suggestion is chosen already.
    expect(screen.getByTestId('wrapup-code-solved').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('wrapup-code-solved').textContent).toContain('suggested');

    fake.api.wrapUp.dispose.mockRejectedValueOnce(new Error('1 required question is unanswered: How likely are you to recommend us?'));
    fireEvent.click(done());
    expect((await screen.findByTestId('wrapup-error')).textContent).toBe('1 required question is unanswered: How likely are you to recommend us?');
    expect(screen.getByTestId('wrapup-panel')).toBeTruthy();

    fireEvent.click(screen.getByTestId('wrapup-code-not-surveyed'));
    fireEvent.click(done());
    await waitFor(() => expect(fake.api.wrapUp.dispose).toHaveBeenLastCalledWith({ callId: 'call-1', code: 'not surveyed', note: '' }));
    await waitFor(() => expect(screen.queryByTestId('wrapup-panel')).toBeNull());
  });

  it('moves on to the next call waiting, with a fresh form', async () => {
    const { fake } = await withWrapUps(makeWrapUp(), makeWrapUp({ callId: 'call-2', remoteNumber: '+4940111', note: 'Draft of call 2' }));
    fireEvent.keyDown(document.body, { key: '1' });
    fireEvent.click(done());
    await waitFor(() => expect(screen.getByTestId('wrapup-panel').getAttribute('data-call-id')).toBe('call-2'));
    expect((screen.getByTestId('wrapup-note') as HTMLTextAreaElement).value).toBe('Draft of call 2');
    expect(screen.getByTestId('wrapup-chosen').textContent).toBe('No disposition chosen yet');
    expect(screen.queryByTestId('wrapup-waiting')).toBeNull();
    expect(fake.api.wrapUp.saveNote).not.toHaveBeenCalled();
  });
});
