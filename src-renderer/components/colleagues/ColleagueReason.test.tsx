// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeColleague, makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

// A colleague's workstation publishes its not-ready reason by its label, the built-in ones in
// English ("Not ready: Lunch"); a German desk says it in German, as in the agent's own menu.
const colleague = (note: string) => makeColleague({ id: 'c1', name: 'Dora', uri: 'sip:dora@x', presence: 'notReady', note, call: 'idle' });

async function stateShown(language: 'de' | 'en', note: string): Promise<string | null> {
  const snapshot = makeSnapshot();
  await renderApp({ snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language } } }, colleagues: [colleague(note)] });
  fireEvent.click(screen.getByTestId('colleagues-tab'));
  return (await screen.findByTestId('colleague-state')).textContent;
}

describe("a colleague's not-ready reason", () => {
  it('is said in German on a German desk when it is one of the desk’s reasons, or Restarted', async () => {
    expect(await stateShown('de', 'Not ready: Lunch')).toBe('Nicht bereitMittagspause');
    unmountApp();
    expect(await stateShown('de', 'Not ready: Restarted')).toBe('Nicht bereitNeustart');
  });

  it('stays as published when this desk does not know it, and in English on an English desk', async () => {
    expect(await stateShown('de', 'Not ready: Schulung Vertrieb')).toBe('Nicht bereitSchulung Vertrieb');
    unmountApp();
    expect(await stateShown('en', 'Not ready: Lunch')).toBe('Not readyLunch');
  });
});

describe('a phone that publishes no presence', () => {
  it('is not called offline while its call shows it on the phone', async () => {
    const snapshot = makeSnapshot();
    await renderApp({
      snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } },
      colleagues: [makeColleague({ id: 'd1', name: 'Desk phone', uri: 'sip:412@x', presence: 'offline', note: null, call: 'onCall' })],
    });
    fireEvent.click(screen.getByTestId('colleagues-tab'));
    expect((await screen.findByTestId('colleague-state')).textContent).toBe('Telefoniert');
  });
});
