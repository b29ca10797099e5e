import { globalShortcut } from 'electron';
import type { ShortcutPort } from '../core/platform/global-hotkeys';

/** Electron's global shortcuts as the core's port; what to register lives in core/platform/global-hotkeys.ts. */
export const electronShortcuts: ShortcutPort = {
  register: (accelerator, pressed) => globalShortcut.register(accelerator, pressed),
  unregister: (accelerator) => globalShortcut.unregister(accelerator),
};
