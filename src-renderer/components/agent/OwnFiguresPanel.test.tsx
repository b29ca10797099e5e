// @vitest-environment jsdom
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OwnFigures } from '../../../src-main/contract';
import { makeSettings, makeSnapshot, T0 } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(() => {
  unmountApp();
  vi.useRealTimers();
});

const figures = (more: Partial<OwnFigures> = {}): OwnFigures => ({
  asOf: T0,
  dayStart: T0 - 9 * 3_600_000,
  calls: 14,
  averageTalkSeconds: 272,
  averageWrapUpSeconds: 45,
  stateSeconds: { ready: 3_725, notReady: 900, onCall: 3_808, wrapUp: 630 },
  ...more,
});

function figure(name: string): string {
  return screen.getByTestId('own-figures').querySelector(`[data-figure="${name}"] dd`)?.textContent ?? '';
}

describe("the agent's own figures", () => {
  it('show calls, averages and time per state, the current state counting on each second', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: T0 + 2_000 });
    const snapshot = makeSnapshot();
    await renderApp({ snapshot: { ...snapshot, agent: { ...snapshot.agent, state: 'ready', since: T0 - 60_000 }, figures: figures() } });
    expect(figure('calls')).toBe('14');
    expect(figure('averageTalk')).toBe('04:32');
    expect(figure('averageWrapUp')).toBe('00:45');
    expect(figure('onCall')).toBe('1:03:28');
    // Main counted Ready up to asOf; two seconds have passed since.
    expect(figure('ready')).toBe('1:02:07');
    act(() => void vi.advanceTimersByTime(3_000));
    expect(figure('ready')).toBe('1:02:10');
    expect(figure('notReady')).toBe('15:00');
    // Not given by any queue adapter here: not shown at all, rather than as a made-up nought.
    expect(screen.getByTestId('own-figures').querySelector('[data-figure="callsWaiting"]')).toBeNull();
  });

  it('follow main: a new snapshot brings the next call; queue figures show where the adapter gives them', async () => {
    const { fake } = await renderApp({ snapshot: { ...makeSnapshot(), figures: figures({ calls: 0, averageTalkSeconds: null, averageWrapUpSeconds: null }) } });
    expect(figure('calls')).toBe('0');
    expect(figure('averageTalk')).toBe('–');
    act(() => void fake.emitState({ figures: figures({ calls: 1, averageTalkSeconds: 95, callsWaiting: 3, oldestWaitSeconds: 75 }) }));
    expect(figure('calls')).toBe('1');
    expect(figure('averageTalk')).toBe('01:35');
    expect(figure('callsWaiting')).toBe('3');
    expect(figure('oldestWait')).toBe('01:15');
  });

  it('speak German', async () => {
    const snapshot = makeSnapshot();
    await renderApp({ snapshot: { ...snapshot, settings: makeSettings({ ui: { language: 'de' } }), figures: figures() } });
    await waitFor(() => expect(screen.getByTestId('own-figures').textContent).toContain('Heute'));
    const text = screen.getByTestId('own-figures').textContent ?? '';
    for (const word of ['Anrufe', 'Mittlere Gesprächszeit', 'Mittlere Nachbearbeitung', 'Bereit', 'Nicht bereit', 'Im Gespräch', 'Nachbearbeitung'])
      expect(text).toContain(word);
  });
});
