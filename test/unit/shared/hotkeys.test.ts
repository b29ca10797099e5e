import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HOTKEYS,
  HOTKEY_ACTIONS,
  acceleratorOf,
  fieldTakes,
  hotkeyLabel,
  matchesHotkey,
  parseHotkey,
  type Hotkey,
  type KeyPress,
} from '../../../src-main/shared/hotkeys';

function hotkey(text: string): Hotkey {
  const parsed = parseHotkey(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.problem}`);
  return parsed.hotkey;
}

function problem(text: string): string {
  const parsed = parseHotkey(text);
  return parsed.ok ? 'accepted' : parsed.problem;
}

const press = (key: string, code: string, mods: Partial<Pick<KeyPress, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>> = {}): KeyPress => ({
  key,
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('hotkeys written as Electron accelerators', () => {
  it('accepts every default, in any case and spelling, and writes it back the one way Electron takes it', () => {
    for (const action of HOTKEY_ACTIONS) expect(parseHotkey(DEFAULT_HOTKEYS[action]).ok).toBe(true);
    expect(acceleratorOf(hotkey('cmdorctrl+shift+a'))).toBe('CommandOrControl+Shift+A');
    expect(acceleratorOf(hotkey('Ctrl + Alt + Shift + f9'))).toBe('Control+Alt+Shift+F9');
    expect(acceleratorOf(hotkey('F8'))).toBe('F8');
  });

  it('refuses what is no hotkey, saying why', () => {
    expect(problem('')).toMatch(/parts joined by \+/);
    expect(problem('Ctrl+Shift+')).toMatch(/parts joined by \+/);
    expect(problem('Ctrl+Shift')).toMatch(/needs a key/);
    expect(problem('Ctrl+Shift+Banana')).toMatch(/"Banana" is no key/);
    expect(problem('Ctrl+A+B')).toMatch(/one key only/);
    expect(problem('A+Ctrl')).toMatch(/modifiers come before the key/);
    expect(problem('Shift+Shift+F2')).toMatch(/written twice/);
  });

  it('refuses combinations that text fields, the browser, Electron or a German keyboard already use', () => {
    expect(problem('A')).toMatch(/a text field takes this key/);
    expect(problem('Shift+A')).toMatch(/a text field takes this key/);
    expect(problem('Space')).toMatch(/a text field takes this key/);
    expect(problem('CommandOrControl+C')).toMatch(/copy, paste/);
    expect(problem('Ctrl+1')).toMatch(/copy, paste, find, tabs/);
    expect(problem('Alt+A')).toMatch(/types a character on a Mac/);
    expect(problem('Ctrl+Alt+Q')).toMatch(/AltGr on German keyboards/);
    expect(problem('CommandOrControl+Alt+E')).toMatch(/AltGr/);
    expect(problem('Ctrl+Shift+Left')).toMatch(/move and select/);
    expect(problem('CommandOrControl+Shift+Z')).toMatch(/redo/);
    expect(problem('CommandOrControl+Shift+I')).toMatch(/developer tools/);
    expect(problem('F5')).toMatch(/reload/);
    expect(problem('F12')).toMatch(/developer tools/);
    expect(problem('Ctrl+F5')).toMatch(/reload/);
    expect(problem('Shift+F10')).toMatch(/menu/);
    expect(problem('Alt+F4')).toMatch(/close the window/);
    // Free ones.
    expect(problem('F9')).toBe('accepted');
    expect(problem('Shift+F9')).toBe('accepted');
    expect(problem('Ctrl+F12')).toBe('accepted');
    expect(problem('Ctrl+Alt+Shift+Q')).toBe('accepted');
    expect(problem('Command+Alt+A')).toBe('accepted');
  });

  it('matches key presses on Windows and Linux (Ctrl) and on a Mac (Cmd)', () => {
    const answer = hotkey('CommandOrControl+Shift+A');
    expect(matchesHotkey(answer, press('A', 'KeyA', { ctrlKey: true, shiftKey: true }), false)).toBe(true);
    expect(matchesHotkey(answer, press('A', 'KeyA', { ctrlKey: true, shiftKey: true }), true)).toBe(false);
    expect(matchesHotkey(answer, press('a', 'KeyA', { metaKey: true, shiftKey: true }), true)).toBe(true);
    // One modifier more or less is another combination.
    expect(matchesHotkey(answer, press('A', 'KeyA', { ctrlKey: true }), false)).toBe(false);
    expect(matchesHotkey(answer, press('A', 'KeyA', { ctrlKey: true, shiftKey: true, altKey: true }), false)).toBe(false);
    // The letter printed on the key counts: on a German keyboard Y sits where the US one has Z.
    const y = hotkey('Ctrl+Shift+Y');
    expect(matchesHotkey(y, press('Y', 'KeyZ', { ctrlKey: true, shiftKey: true }), false)).toBe(true);
    expect(matchesHotkey(y, press('Z', 'KeyY', { ctrlKey: true, shiftKey: true }), false)).toBe(false);
    // Where Option changed the character (a Mac), the key's place.
    expect(matchesHotkey(hotkey('Command+Alt+A'), press('å', 'KeyA', { metaKey: true, altKey: true }), true)).toBe(true);
    expect(matchesHotkey(hotkey('F8'), press('F8', 'F8'), false)).toBe(true);
    expect(matchesHotkey(hotkey('Ctrl+Shift+7'), press('/', 'Digit7', { ctrlKey: true, shiftKey: true }), false)).toBe(true);
    expect(matchesHotkey(hotkey('Ctrl+num5'), press('5', 'Numpad5', { ctrlKey: true }), false)).toBe(true);
  });

  it('says which hotkeys a text field would take, and shows them as the platform names its keys', () => {
    expect(fieldTakes(hotkey('F8'))).toBe(false);
    expect(fieldTakes(hotkey('CommandOrControl+Shift+A'))).toBe(false);
    expect(hotkeyLabel(hotkey('CommandOrControl+Shift+A'), false)).toBe('Ctrl+Shift+A');
    expect(hotkeyLabel(hotkey('CommandOrControl+Shift+A'), true)).toBe('Cmd+Shift+A');
    expect(hotkeyLabel(hotkey('Ctrl+Alt+Shift+num3'), false)).toBe('Ctrl+Alt+Shift+Num 3');
  });

  it('names the keys as a German keyboard prints them when given its words', () => {
    const german = { ctrl: 'Strg', shift: 'Umschalt', alt: 'Alt', win: 'Win', cmd: 'Cmd', option: 'Wahl', num: 'Num' };
    expect(hotkeyLabel(hotkey('CommandOrControl+Shift+A'), false, german)).toBe('Strg+Umschalt+A');
    expect(hotkeyLabel(hotkey('Alt+Shift+F9'), true, german)).toBe('Wahl+Umschalt+F9');
  });
});
