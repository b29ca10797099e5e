// @vitest-environment jsdom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShiftCheckItem, ShiftCheckView, Snapshot } from '../../../src-main/contract';
import { makeSnapshot, T0 } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

type Run = NonNullable<ShiftCheckView['run']>;
const item = (id: ShiftCheckItem['id'], status: ShiftCheckItem['status'], reason: string | null = null): ShiftCheckItem => ({
  id,
  status,
  reason,
  detail: null,
});
const run = (items: ShiftCheckItem[], more: Partial<Run> = {}): Run => ({
  id: 'check-1',
  state: 'running',
  startedAt: T0,
  finishedAt: null,
  items,
  micLevel: null,
  headset: null,
  network: [],
  passed: null,
  ...more,
});
const withCheck = (shiftCheck: Partial<ShiftCheckView>, more: Partial<Snapshot> = {}) =>
  makeSnapshot({ shiftCheck: { mode: 'offered', due: false, run: null, last: null, ...shiftCheck }, ...more });

function openCheck() {
  fireEvent.click(screen.getByTestId('agent-state-menu'));
  fireEvent.click(screen.getByTestId('shift-check-open'));
}

describe('the pre-shift check', () => {
  it('opens from the agent state menu and starts the check in main', async () => {
    const { fake } = await renderApp({ snapshot: withCheck({}) });
    expect(screen.queryByTestId('shift-check-dialog')).toBeNull();
    expect(screen.queryByTestId('shift-check-due')).toBeNull();
    openCheck();
    fireEvent.click(screen.getByTestId('shift-check-start'));
    expect(fake.api.shiftCheck.start).toHaveBeenCalledTimes(1);
  });

  it('opens by itself when IT requires it, says why, and takes the agent there instead of refusing Ready', async () => {
    const { fake } = await renderApp({
      snapshot: withCheck({ mode: 'required', due: true }, { agent: { state: 'notReady', since: T0, chosen: 'notReady', reason: null, declining: true } }),
    });
    expect(screen.getByTestId('shift-check-required').textContent).toMatch(/requires this check before you go Ready/);
    fireEvent.click(screen.getByTestId('shift-check-close'));
    expect(screen.queryByTestId('shift-check-dialog')).toBeNull();
    // The phone bar keeps saying so, and opens it again.
    fireEvent.click(screen.getByTestId('shift-check-due'));
    expect(screen.getByTestId('shift-check-dialog')).toBeTruthy();
    fireEvent.click(screen.getByTestId('shift-check-close'));
    // Ready while the check is due: the check, not a refusal.
    fireEvent.click(screen.getByTestId('agent-state-menu'));
    fireEvent.click(screen.getByRole('menuitemradio', { name: /^Ready/ }));
    expect(fake.api.agent.setState).not.toHaveBeenCalled();
    expect(screen.getByTestId('shift-check-dialog')).toBeTruthy();
  });

  it("shows each item's state, the live microphone level, and asks about the tones", async () => {
    const { fake } = await renderApp({ snapshot: withCheck({}) });
    openCheck();
    act(
      () =>
        void fake.emitState({
          shiftCheck: {
            mode: 'offered',
            due: false,
            last: null,
            run: run([item('network', 'pass', 'ok'), item('microphone', 'waiting'), item('speaker', 'pending')], { micLevel: 0.42 }),
          },
        }),
    );
    expect(screen.getByTestId('shift-check-item-network').getAttribute('data-status')).toBe('pass');
    const mic = screen.getByTestId('shift-check-item-microphone');
    expect(mic.textContent).toContain('Say a few words into your microphone');
    expect(within(mic).getByTestId('shift-check-mic-level').getAttribute('value')).toBe('0.42');

    act(
      () =>
        void fake.emitState({
          shiftCheck: {
            mode: 'offered',
            due: false,
            last: null,
            run: run([item('network', 'pass', 'ok'), item('microphone', 'pass', 'heard'), item('speaker', 'waiting')]),
          },
        }),
    );
    fireEvent.click(screen.getByTestId('shift-check-replay-speaker'));
    fireEvent.click(screen.getByTestId('shift-check-heard-speaker'));
    expect(fake.api.shiftCheck.answer.mock.calls.map(([answer]) => answer)).toEqual([
      { kind: 'replay', item: 'speaker' },
      { kind: 'heard', item: 'speaker', heard: true },
    ]);
  });

  it("ticks the headset's buttons as they are pressed and asks about each light", async () => {
    const { fake } = await renderApp({ snapshot: withCheck({}) });
    openCheck();
    const headset = {
      name: 'Jabra Engage 50',
      buttons: [
        { name: 'hookSwitch', pressed: true },
        { name: 'phoneMute', pressed: false },
      ],
      leds: [{ name: 'offHook', seen: null }],
      lit: null,
    };
    act(() => void fake.emitState({ shiftCheck: { mode: 'offered', due: false, last: null, run: run([item('headset', 'waiting')], { headset }) } }));
    expect(screen.getByTestId('shift-check-item-headset').textContent).toContain('Press each button of your headset once (Jabra Engage 50)');
    expect(screen.getByTestId('shift-check-button-hookSwitch').getAttribute('data-pressed')).toBe('true');
    expect(screen.getByTestId('shift-check-button-phoneMute').getAttribute('data-pressed')).toBe('false');
    act(
      () =>
        void fake.emitState({
          shiftCheck: { mode: 'offered', due: false, last: null, run: run([item('headset', 'waiting')], { headset: { ...headset, lit: 'offHook' } }) },
        }),
    );
    expect(screen.getByTestId('shift-check-item-headset').textContent).toContain('Is the “off hook” light of your headset on now?');
    fireEvent.click(screen.getByTestId('shift-check-led-not-seen'));
    expect(fake.api.shiftCheck.answer).toHaveBeenLastCalledWith({ kind: 'led', seen: false });
  });

  it('says in plain words what failed and what to do, with the servers reached and their times', async () => {
    const { fake } = await renderApp({ snapshot: withCheck({}) });
    openCheck();
    const network = [
      { kind: 'sip' as const, target: 'wss://sip.example.org', ok: true, method: 'registration' as const, rttMs: null, address: null, detail: null },
      {
        kind: 'turn' as const,
        target: 'turn:relay.example.org',
        ok: true,
        method: 'allocation' as const,
        rttMs: 23.4,
        address: '198.51.100.7:49152',
        detail: null,
      },
    ];
    act(
      () =>
        void fake.emitState({
          shiftCheck: {
            mode: 'offered',
            due: false,
            last: null,
            run: run([item('network', 'pass', 'ok'), item('microphone', 'fail', 'silent')], { state: 'done', finishedAt: T0 + 60_000, passed: false, network }),
          },
        }),
    );
    expect(screen.getByTestId('shift-check-item-microphone').textContent).toContain(
      'No sound from your microphone — check that the headset is plugged in and not muted on its cable',
    );
    expect(screen.getByTestId('shift-check-probes').textContent).toContain('turn:relay.example.org: reached in 23 ms');
    expect(screen.getByTestId('shift-check-result').getAttribute('data-passed')).toBe('false');
    expect(screen.getByTestId('shift-check-start').textContent).toBe('Check again');
  });

  it('is not offered when IT turned it off', async () => {
    await renderApp({ snapshot: withCheck({ mode: 'off' }) });
    fireEvent.click(screen.getByTestId('agent-state-menu'));
    expect(screen.getByTestId('agent-state-options')).toBeTruthy();
    expect(screen.queryByTestId('shift-check-open')).toBeNull();
  });
});
