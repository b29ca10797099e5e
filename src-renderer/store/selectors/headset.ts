import type { HeadsetView } from '../slices/headset';
import type { AnlaufState } from '../types';

export const selectHeadsets = (state: AnlaufState) => state.headset.list;
export const selectHeadsetChoosing = (state: AnlaufState) => state.headset.choosing;
/** The headset whose buttons work, or null when none is plugged in. */
export const selectActiveHeadset = (state: AnlaufState): HeadsetView | null => state.headset.list.find((headset) => headset.active) ?? null;
/** The agent's headset (`vendorid:productid:serial`), or null for the first one found. */
export const selectChosenHeadsetKey = (state: AnlaufState): string | null => state.settings.effective?.headset.device ?? null;

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** USB ids the way `lsusb` and the admin guide write them: `0b0e:24c8`. */
export function usbIds(vendorId: number, productId: number): string {
  return `${hex4(vendorId)}:${hex4(productId)}`;
}

/** The `vid:pid` part of a headset key (`vendorid:productid:serial`), or the key as is when it has none. */
export function usbIdsOfKey(key: string): string {
  const match = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})(?::|$)/i.exec(key);
  if (!match?.[1] || !match[2]) return key;
  return usbIds(Number.parseInt(match[1], 16), Number.parseInt(match[2], 16));
}

/** LED names main reports (the telephony output usages) that have a translation. */
export const KNOWN_LEDS = ['offHook', 'ring', 'mute', 'microphone', 'hold', 'onLine', 'speaker'] as const;
export type KnownLed = (typeof KNOWN_LEDS)[number];

export function isKnownLed(name: string): name is KnownLed {
  return (KNOWN_LEDS as readonly string[]).includes(name);
}

/** What a headset can do, in a fixed order, as chips to show: the LEDs only when it has some. */
export type HeadsetCapability = { key: 'hookSwitch' | 'mute' | 'flash' | 'reject' | 'ringer' } | { key: 'leds'; leds: string[] };

export function headsetCapabilities(capabilities: HeadsetView['capabilities']): HeadsetCapability[] {
  const list: HeadsetCapability[] = [];
  for (const key of ['hookSwitch', 'mute', 'flash', 'reject'] as const) if (capabilities[key]) list.push({ key });
  if (capabilities.leds.length > 0) list.push({ key: 'leds', leds: [...capabilities.leds] });
  if (capabilities.ringer) list.push({ key: 'ringer' });
  return list;
}

/**
 * The agent's chosen headset when it is not plugged in: its `vid:pid`, and the headset used instead
 * (null when there is none). Null when nothing is chosen or the chosen one is plugged in.
 */
export function missingChosenHeadset(chosenKey: string | null, headsets: readonly HeadsetView[]): { ids: string; using: HeadsetView | null } | null {
  if (chosenKey === null || headsets.some((headset) => headset.key === chosenKey)) return null;
  return { ids: usbIdsOfKey(chosenKey), using: headsets.find((headset) => headset.active) ?? null };
}
