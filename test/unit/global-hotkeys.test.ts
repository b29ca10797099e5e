import { describe, expect, it } from 'vitest';
import { settingsSchema, type HotkeySettings } from '../../src-main/contract';
import { GlobalHotkeys, wantedGlobalHotkeys, type ShortcutPort } from '../../src-main/core/platform/global-hotkeys';
import type { LogLevel } from '../../src-main/core/log';
import type { HotkeyAction } from '../../src-main/shared/hotkeys';

// The operating system's side cannot run here (no Electron binary): this port behaves as
// globalShortcut does, refusing a combination another program holds.
class Shortcuts implements ShortcutPort {
  readonly held = new Map<string, () => void>();
  constructor(private readonly takenElsewhere: readonly string[] = []) {}
  register(accelerator: string, pressed: () => void): boolean {
    if (this.takenElsewhere.includes(accelerator) || this.held.has(accelerator)) return false;
    this.held.set(accelerator, pressed);
    return true;
  }
  unregister(accelerator: string): void {
    this.held.delete(accelerator);
  }
  press(accelerator: string): void {
    this.held.get(accelerator)?.();
  }
}

const hotkeys = (input: Record<string, unknown> = {}): HotkeySettings => settingsSchema.parse({ hotkeys: input }).hotkeys;

function setup(initial: HotkeySettings, takenElsewhere: readonly string[] = []) {
  const port = new Shortcuts(takenElsewhere);
  const pressed: HotkeyAction[] = [];
  const logged: { level: LogLevel; message: string; fields?: Record<string, unknown> }[] = [];
  let current = initial;
  const global = new GlobalHotkeys(
    port,
    () => current,
    (action) => pressed.push(action),
    { log: (level, message, fields) => logged.push({ level, message, fields }) },
  );
  return { port, pressed, logged, global, set: (next: HotkeySettings) => (current = next) };
}

describe('global hotkeys (Electron, where IT allows them)', () => {
  it('holds nothing system-wide unless hotkeys.global is on', () => {
    const { port, global } = setup(hotkeys());
    global.apply();
    expect([...port.held.keys()]).toEqual([]);
    expect(wantedGlobalHotkeys(hotkeys())).toEqual(new Map());
  });

  it('registers every action in one spelling, hands a press on, and follows a settings change', () => {
    const { port, pressed, global, set } = setup(hotkeys({ global: true, hold: 'f8', mute: null }));
    global.apply();
    expect([...port.held.keys()].sort()).toEqual(
      ['CommandOrControl+Shift+A', 'CommandOrControl+Shift+H', 'F8', 'CommandOrControl+Shift+X', 'CommandOrControl+Shift+S'].sort(),
    );
    port.press('CommandOrControl+Shift+A');
    port.press('F8');
    expect(pressed).toEqual(['answer', 'hold']);

    // IT moves hold to F9 and turns mute on: F8 is given back to other programs.
    set(hotkeys({ global: true, hold: 'F9' }));
    global.apply();
    expect(port.held.has('F8')).toBe(false);
    expect(port.held.has('F9')).toBe(true);
    expect(port.held.has('CommandOrControl+Shift+M')).toBe(true);

    // Policy turns global hotkeys off: every one is released.
    set(hotkeys({ global: false }));
    global.apply();
    expect([...port.held.keys()]).toEqual([]);
  });

  it('leaves a combination another program holds to it, and says so in the log', () => {
    const { port, logged, global } = setup(hotkeys({ global: true }), ['CommandOrControl+Shift+M']);
    global.apply();
    expect(port.held.has('CommandOrControl+Shift+M')).toBe(false);
    expect(port.held.has('CommandOrControl+Shift+A')).toBe(true);
    expect(logged).toEqual([
      {
        level: 'warn',
        message: 'a global hotkey is held by another program; it works inside the window only',
        fields: { action: 'mute', accelerator: 'CommandOrControl+Shift+M' },
      },
    ]);
    global.dispose();
    expect([...port.held.keys()]).toEqual([]);
  });
});
