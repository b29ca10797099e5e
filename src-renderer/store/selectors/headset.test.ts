// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createFakeAnlauf } from '../../test/fakeAnlauf';
import { makeHeadset, makeSnapshot } from '../../test/fixtures';
import { createAnlaufStore } from '../index';
import {
  headsetCapabilities,
  isKnownLed,
  missingChosenHeadset,
  selectActiveHeadset,
  selectChosenHeadsetKey,
  selectHeadsets,
  usbIds,
  usbIdsOfKey,
} from './headset';

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

describe('usbIds', () => {
  it('writes vendor and product as four hex digits', () => {
    expect(usbIds(0x0b0e, 0x24c8)).toBe('0b0e:24c8');
    expect(usbIds(0x47f, 0xc056)).toBe('047f:c056');
    expect(usbIds(1, 0xffff)).toBe('0001:ffff');
  });

  it('reads them from a headset key, with or without a serial', () => {
    expect(usbIdsOfKey('0b0e:24c8:A1B2C3')).toBe('0b0e:24c8');
    expect(usbIdsOfKey('047F:C056:')).toBe('047f:c056');
    expect(usbIdsOfKey('47f:c056')).toBe('047f:c056');
    expect(usbIdsOfKey('not-a-key')).toBe('not-a-key');
  });
});

describe('headsetCapabilities', () => {
  it('lists what the headset supports in a fixed order, the LEDs as main names them', () => {
    expect(headsetCapabilities(jabra.capabilities)).toEqual([
      { key: 'hookSwitch' },
      { key: 'mute' },
      { key: 'flash' },
      { key: 'reject' },
      { key: 'leds', leds: ['offHook', 'ring', 'mute'] },
      { key: 'ringer' },
    ]);
  });

  it('leaves out what it lacks, and the LEDs when it has none', () => {
    expect(headsetCapabilities(poly.capabilities)).toEqual([{ key: 'hookSwitch' }, { key: 'mute' }]);
    expect(headsetCapabilities({ hookSwitch: false, mute: false, flash: false, reject: false, leds: [], ringer: false })).toEqual([]);
  });

  it('knows the telephony LED names and no others', () => {
    expect(isKnownLed('offHook')).toBe(true);
    expect(isKnownLed('ringer')).toBe(false);
    expect(isKnownLed('vendorBlink')).toBe(false);
  });
});

describe('missingChosenHeadset', () => {
  it('is nothing while no headset is chosen, or the chosen one is plugged in', () => {
    expect(missingChosenHeadset(null, [jabra])).toBeNull();
    expect(missingChosenHeadset(null, [])).toBeNull();
    expect(missingChosenHeadset(jabra.key, [poly, jabra])).toBeNull();
  });

  it('names the chosen headset by its ids, and the one used instead', () => {
    const used = { ...poly, active: true };
    expect(missingChosenHeadset('1395:0280:XYZ', [used, { ...jabra, active: false }])).toEqual({ ids: '1395:0280', using: used });
    expect(missingChosenHeadset('1395:0280:XYZ', [])).toEqual({ ids: '1395:0280', using: null });
  });
});

describe('headset selectors', () => {
  it('follow the snapshot: the headsets, the active one and the chosen key', () => {
    const store = createAnlaufStore(createFakeAnlauf().api);
    expect(selectHeadsets(store.getState())).toEqual([]);
    expect(selectActiveHeadset(store.getState())).toBeNull();
    expect(selectChosenHeadsetKey(store.getState())).toBeNull();

    const base = makeSnapshot({ revision: 2, headsets: [poly, jabra] });
    store.getState().receiveSnapshot({ ...base, settings: { ...base.settings, headset: { device: jabra.key, holdPolicy: 'auto' } } });
    expect(selectHeadsets(store.getState()).map((h) => h.key)).toEqual([poly.key, jabra.key]);
    expect(selectActiveHeadset(store.getState())?.key).toBe(jabra.key);
    expect(selectChosenHeadsetKey(store.getState())).toBe(jabra.key);
    // The same object each time, so a component reading it does not render again for nothing.
    expect(selectActiveHeadset(store.getState())).toBe(selectActiveHeadset(store.getState()));

    store.getState().receiveSnapshot(makeSnapshot({ revision: 3, headsets: [] }));
    expect(selectActiveHeadset(store.getState())).toBeNull();
  });

  it('chooses through main and forgets the pending choice once main answered', async () => {
    const fake = createFakeAnlauf({ snapshot: makeSnapshot({ headsets: [jabra, poly] }) });
    const store = createAnlaufStore(fake.api);
    const stop = store.getState().start();
    const choice = store.getState().chooseHeadset(poly.key);
    expect(store.getState().headset.choosing).toBe(poly.key);
    await choice;
    expect(fake.api.headset.choose).toHaveBeenCalledWith({ key: poly.key });
    expect(store.getState().headset.choosing).toBeNull();
    expect(selectActiveHeadset(store.getState())?.key).toBe(poly.key);
    stop();
  });
});
