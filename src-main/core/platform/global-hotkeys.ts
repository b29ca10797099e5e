import type { HotkeySettings } from '../../contract';
import { HOTKEY_ACTIONS, acceleratorOf, parseHotkey, type HotkeyAction } from '../../shared/hotkeys';
import type { Logger } from '../log';

/** The operating system's global shortcuts (Electron's `globalShortcut`; src-main/electron/global-hotkeys.ts). */
export interface ShortcutPort {
  /** False when another program holds the combination. */
  register(accelerator: string, pressed: () => void): boolean;
  unregister(accelerator: string): void;
}

/** Which accelerators the settings want held system-wide now, each with its action. */
export function wantedGlobalHotkeys(settings: HotkeySettings): Map<string, HotkeyAction> {
  const wanted = new Map<string, HotkeyAction>();
  if (!settings.global) return wanted;
  for (const action of HOTKEY_ACTIONS) {
    const text = settings[action];
    const parsed = text === null ? null : parseHotkey(text);
    if (parsed?.ok) wanted.set(acceleratorOf(parsed.hotkey), action);
  }
  return wanted;
}

/**
 * Keeps the system-wide hotkeys as the settings say (`hotkeys.global`, which policy may lock):
 * registers what is new, releases what went, and logs a combination another program holds —
 * the hotkey still works inside the window. A press is handed to `pressed`, which asks the
 * window to act as for its own key press, so both ways share one meaning of every hotkey.
 */
export class GlobalHotkeys {
  private held = new Map<string, HotkeyAction>();

  constructor(
    private readonly port: ShortcutPort,
    private readonly settings: () => HotkeySettings,
    private readonly pressed: (action: HotkeyAction) => void,
    private readonly logger: Logger,
  ) {}

  /** Brings the registrations in line with the settings; call at start and on every settings change. */
  apply(): void {
    const wanted = wantedGlobalHotkeys(this.settings());
    for (const [accelerator, action] of this.held) {
      if (wanted.get(accelerator) === action) continue;
      this.port.unregister(accelerator);
      this.held.delete(accelerator);
    }
    for (const [accelerator, action] of wanted) {
      if (this.held.has(accelerator)) continue;
      if (this.port.register(accelerator, () => this.pressed(action))) this.held.set(accelerator, action);
      else this.logger.log('warn', 'a global hotkey is held by another program; it works inside the window only', { action, accelerator });
    }
  }

  /** Releases every system-wide hotkey (the app is stopping). */
  dispose(): void {
    for (const accelerator of this.held.keys()) this.port.unregister(accelerator);
    this.held.clear();
  }
}
