// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src-main/contract';
import { makeHeadset, makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const jabra = makeHeadset();
const poly = makeHeadset({
  key: '047f:c056:',
  name: 'Poly Blackwire 3320',
  vendorId: 0x047f,
  productId: 0xc056,
  serialNumber: null,
  active: false,
  capabilities: { hookSwitch: true, mute: true, flash: false, reject: false, leds: [], ringer: false },
});

const withHeadsets = (headsets: Snapshot['headsets'], device: string | null = null, language: 'de' | 'en' = 'en'): Snapshot => {
  const snapshot = makeSnapshot({ headsets });
  return { ...snapshot, settings: { ...snapshot.settings, ui: { language }, headset: { ...snapshot.settings.headset, device } } };
};

const openSettings = () => {
  fireEvent.click(screen.getByTestId('settings-open'));
  return screen.getByTestId('settings-headsets');
};
const rows = () => screen.getAllByTestId('headset-row');
const row = (key: string) => rows().find((element) => element.dataset.key === key) as HTMLElement;
const chips = (element: HTMLElement) =>
  within(element)
    .queryAllByTestId('headset-capability')
    .map((chip) => chip.textContent);

describe('headset settings', () => {
  it('lists each headset with its ids, serial and what it supports, the active one marked', async () => {
    await renderApp({ snapshot: withHeadsets([jabra, poly], jabra.key) });
    const section = openSettings();
    expect(within(section).getByText('Headset')).toBeTruthy();
    expect(rows().map((element) => element.dataset.key)).toEqual([jabra.key, poly.key]);

    const active = row(jabra.key);
    expect(active.dataset.active).toBe('true');
    expect(within(active).getByTestId('headset-name').textContent).toBe('Jabra Evolve2 40');
    expect(within(active).getByTestId('headset-ids').textContent).toBe('0b0e:24c8');
    expect(within(active).getByTestId('headset-serial').textContent).toBe('Serial A1B2C3');
    expect(within(active).getByTestId('headset-active').textContent).toBe('In use');
    expect(within(active).queryByTestId('headset-choose')).toBeNull();
    expect(chips(active)).toEqual(['Hook switch', 'Mute', 'Flash', 'Reject', 'LEDs: off hook, ring, mute', 'Ringer']);

    const other = row(poly.key);
    expect(other.dataset.active).toBeUndefined();
    expect(within(other).getByTestId('headset-ids').textContent).toBe('047f:c056');
    expect(within(other).queryByTestId('headset-serial')).toBeNull();
    expect(chips(other)).toEqual(['Hook switch', 'Mute']);
    expect(within(other).getByTestId('headset-choose').textContent).toBe('Use this headset');

    expect(screen.queryByTestId('headset-missing')).toBeNull();
    expect(screen.queryByTestId('headset-none')).toBeNull();
  });

  it('shows LED names main does not translate as they are', async () => {
    await renderApp({ snapshot: withHeadsets([makeHeadset({ capabilities: { ...jabra.capabilities, leds: ['hold', 'vendorBlink'] } })]) });
    openSettings();
    expect(chips(row(jabra.key))).toContain('LEDs: hold, vendorBlink');
  });

  it("makes another headset the agent's through main, and marks it once main says so", async () => {
    const { fake } = await renderApp({ snapshot: withHeadsets([jabra, poly], jabra.key) });
    openSettings();
    fireEvent.click(within(row(poly.key)).getByTestId('headset-choose'));
    expect(fake.api.headset.choose).toHaveBeenCalledTimes(1);
    expect(fake.api.headset.choose).toHaveBeenCalledWith({ key: poly.key });
    await waitFor(() => expect(row(poly.key).dataset.active).toBe('true'));
    expect(row(jabra.key).dataset.active).toBeUndefined();
    expect(within(row(jabra.key)).getByTestId('headset-choose')).toBeTruthy();
    expect(fake.snapshot.settings.headset.device).toBe(poly.key);
  });

  it('says when main refuses the choice', async () => {
    const { fake } = await renderApp({ snapshot: withHeadsets([jabra, poly], jabra.key) });
    fake.api.headset.choose.mockRejectedValueOnce(new Error('That headset is not plugged in.'));
    openSettings();
    fireEvent.click(within(row(poly.key)).getByTestId('headset-choose'));
    expect((await screen.findByTestId('notice')).textContent).toContain('That headset is not plugged in.');
    expect((within(row(poly.key)).getByTestId('headset-choose') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says when the chosen headset is not plugged in, and which one is used instead', async () => {
    const { fake } = await renderApp({ snapshot: withHeadsets([{ ...poly, active: true }], jabra.key) });
    openSettings();
    expect(screen.getByTestId('headset-missing').textContent).toBe('Your headset (0b0e:24c8) is not plugged in; using Poly Blackwire 3320.');

    act(() => void fake.emitState({ headsets: [{ ...poly, active: false }, jabra] }));
    expect(screen.queryByTestId('headset-missing')).toBeNull();
    expect(row(jabra.key).dataset.active).toBe('true');
  });

  it('says when no headset is found, and how to fix it on Linux', async () => {
    const { fake } = await renderApp({ snapshot: withHeadsets([]) });
    openSettings();
    expect(screen.getByTestId('headset-none').textContent).toBe('No headset with call buttons found. On Linux, install the udev rule (see the admin guide).');
    expect(screen.queryByTestId('headset-row')).toBeNull();
    expect(screen.queryByTestId('headset-missing')).toBeNull();

    act(() => void fake.emitState({ headsets: [jabra] }));
    expect(screen.queryByTestId('headset-none')).toBeNull();
    expect(rows()).toHaveLength(1);
  });

  it('says both when the chosen headset is missing and none is plugged in', async () => {
    await renderApp({ snapshot: withHeadsets([], jabra.key) });
    openSettings();
    expect(screen.getByTestId('headset-missing').textContent).toBe('Your headset (0b0e:24c8) is not plugged in.');
    expect(screen.getByTestId('headset-none')).toBeTruthy();
  });

  it('speaks German', async () => {
    await renderApp({ snapshot: withHeadsets([{ ...poly, active: true }], jabra.key, 'de') });
    openSettings();
    await waitFor(() =>
      expect(screen.getByTestId('headset-missing').textContent).toBe('Ihr Headset (0b0e:24c8) ist nicht angeschlossen; verwendet wird Poly Blackwire 3320.'),
    );
    expect(chips(row(poly.key))).toEqual(['Gabelschalter', 'Stummschalten']);
  });
});

describe('headset indicator', () => {
  it('names the active headset in the phone bar, its capabilities in the title', async () => {
    await renderApp({ snapshot: withHeadsets([poly, jabra], jabra.key) });
    const indicator = screen.getByTestId('headset-indicator');
    expect(indicator.textContent).toContain('Jabra Evolve2 40');
    expect(indicator.dataset.key).toBe(jabra.key);
    expect(indicator.title).toBe('Jabra Evolve2 40 (0b0e:24c8) — supports: Hook switch, Mute, Flash, Reject, LEDs: off hook, ring, mute, Ringer');
  });

  it('follows the active headset, and is gone while none is plugged in', async () => {
    const { fake } = await renderApp({ snapshot: withHeadsets([]) });
    expect(screen.queryByTestId('headset-indicator')).toBeNull();

    act(() => void fake.emitState({ headsets: [jabra, poly] }));
    expect(screen.getByTestId('headset-indicator').textContent).toContain('Jabra Evolve2 40');

    act(() => void fake.emitState({ headsets: [{ ...poly, active: true }] }));
    expect(screen.getByTestId('headset-indicator').textContent).toContain('Poly Blackwire 3320');
    expect(screen.getByTestId('headset-indicator').title).toBe('Poly Blackwire 3320 (047f:c056) — supports: Hook switch, Mute');

    act(() => void fake.emitState({ headsets: [] }));
    expect(screen.queryByTestId('headset-indicator')).toBeNull();
  });
});
