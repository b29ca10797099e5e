import type { SettingsView } from '../../../src-main/contract';
import { HOTKEY_ACTIONS, parseHotkey, type Hotkey, type HotkeyAction } from '../../../src-main/shared/hotkeys';
import type { AnlaufState } from '../types';

export type BoundHotkey = { action: HotkeyAction; hotkey: Hotkey };

const NONE: readonly BoundHotkey[] = [];
const cache = new WeakMap<SettingsView['hotkeys'], readonly BoundHotkey[]>();

/** The actions that have a hotkey, parsed once per settings (main already refused bad ones). */
export const selectHotkeys = (state: AnlaufState): readonly BoundHotkey[] => {
  const settings = state.settings.effective?.hotkeys;
  if (!settings) return NONE;
  let bound = cache.get(settings);
  if (!bound) {
    bound = HOTKEY_ACTIONS.flatMap((action) => {
      const text = settings[action];
      const parsed = text === null ? null : parseHotkey(text);
      return parsed?.ok ? [{ action, hotkey: parsed.hotkey }] : [];
    });
    cache.set(settings, bound);
  }
  return bound;
};
