/**
 * Keyboard call control: the actions, and hotkeys written as Electron accelerators
 * (`CommandOrControl+Shift+A`, `F9`). One parser serves the settings schema (a bad hotkey is a
 * settings problem with its line), the renderer's keyboard handler and the Electron adapter that
 * registers global shortcuts, so the three cannot disagree about what a hotkey means.
 */

export const HOTKEY_ACTIONS = ['answer', 'hangup', 'hold', 'mute', 'transfer', 'ready'] as const;
export type HotkeyAction = (typeof HOTKEY_ACTIONS)[number];

/**
 * The defaults, and why: Ctrl+Shift (Cmd+Shift on a Mac) with a letter is what softphones and
 * meeting apps use (Teams: Ctrl+Shift+H ends a call, Ctrl+Shift+M mutes), it never types into
 * the script's or the notes' fields, and it is free in Electron and in Chromium pages (the browser
 * passes these to the page first). Bare F-keys were the other candidate, but F5, F6, F7, F10,
 * F11 and F12 already belong to the browser or Windows, which leaves too few for six actions;
 * IT can still choose F-keys (F2, F4, F8, F9 are free).
 */
export const DEFAULT_HOTKEYS: Record<HotkeyAction, string> = {
  answer: 'CommandOrControl+Shift+A',
  hangup: 'CommandOrControl+Shift+H',
  hold: 'CommandOrControl+Shift+L',
  mute: 'CommandOrControl+Shift+M',
  transfer: 'CommandOrControl+Shift+X',
  ready: 'CommandOrControl+Shift+S',
};

type Modifier = 'CommandOrControl' | 'Control' | 'Command' | 'Alt' | 'Shift' | 'Super';
const MODIFIER_ORDER: readonly Modifier[] = ['CommandOrControl', 'Control', 'Command', 'Alt', 'Shift', 'Super'];
const MODIFIER_NAMES: Record<string, Modifier> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  control: 'Control',
  ctrl: 'Control',
  command: 'Command',
  cmd: 'Command',
  alt: 'Alt',
  option: 'Alt',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

type KeyKind = 'letter' | 'digit' | 'function' | 'navigation' | 'numpad';

/** Keys by their accelerator name: what `KeyboardEvent.key` says for them, and their kind. */
const NAMED_KEYS: Record<string, { name: string; domKey: string; kind: KeyKind }> = {
  space: { name: 'Space', domKey: ' ', kind: 'navigation' },
  insert: { name: 'Insert', domKey: 'Insert', kind: 'navigation' },
  delete: { name: 'Delete', domKey: 'Delete', kind: 'navigation' },
  home: { name: 'Home', domKey: 'Home', kind: 'navigation' },
  end: { name: 'End', domKey: 'End', kind: 'navigation' },
  pageup: { name: 'PageUp', domKey: 'PageUp', kind: 'navigation' },
  pagedown: { name: 'PageDown', domKey: 'PageDown', kind: 'navigation' },
  up: { name: 'Up', domKey: 'ArrowUp', kind: 'navigation' },
  down: { name: 'Down', domKey: 'ArrowDown', kind: 'navigation' },
  left: { name: 'Left', domKey: 'ArrowLeft', kind: 'navigation' },
  right: { name: 'Right', domKey: 'ArrowRight', kind: 'navigation' },
};

export interface Hotkey {
  modifiers: ReadonlySet<Modifier>;
  /** The key's accelerator name: `A`, `7`, `F9`, `Space`, `num5`. */
  key: string;
  kind: KeyKind;
}

export type HotkeyParse = { ok: true; hotkey: Hotkey } | { ok: false; problem: string };

function parseKey(word: string): { key: string; kind: KeyKind } | null {
  if (/^[a-z]$/i.test(word)) return { key: word.toUpperCase(), kind: 'letter' };
  if (/^[0-9]$/.test(word)) return { key: word, kind: 'digit' };
  const fn = /^f([1-9]|1[0-9]|2[0-4])$/i.exec(word);
  if (fn) return { key: `F${fn[1]}`, kind: 'function' };
  const num = /^num([0-9])$/i.exec(word);
  if (num) return { key: `num${num[1]}`, kind: 'numpad' };
  const named = NAMED_KEYS[word.toLowerCase()];
  return named ? { key: named.name, kind: named.kind } : null;
}

/** The modifiers as pressed on one platform: CommandOrControl is Cmd on a Mac, Ctrl elsewhere. */
function pressed(hotkey: Hotkey, mac: boolean): { ctrl: boolean; meta: boolean; alt: boolean; shift: boolean } {
  const m = hotkey.modifiers;
  return {
    ctrl: m.has('Control') || (!mac && m.has('CommandOrControl')),
    meta: m.has('Super') || m.has('Command') || (mac && m.has('CommandOrControl')),
    alt: m.has('Alt'),
    shift: m.has('Shift'),
  };
}

/** Why a well-formed hotkey still cannot be one: something else already takes it. Null if free. */
function clash(hotkey: Hotkey): string | null {
  const { key, kind } = hotkey;
  const m = hotkey.modifiers;
  const ctrlOrCmd = m.has('CommandOrControl') || m.has('Control') || m.has('Command') || m.has('Super');
  const alt = m.has('Alt');
  const shift = m.has('Shift');
  const typed = kind === 'letter' || kind === 'digit' || kind === 'numpad' || kind === 'navigation';
  if (typed && !ctrlOrCmd && !alt) return 'a text field takes this key: add Ctrl or Cmd (F-keys may stand alone)';
  if ((kind === 'letter' || kind === 'digit') && alt && !ctrlOrCmd) return 'Alt with a letter or digit types a character on a Mac and on many keyboard layouts';
  if ((kind === 'letter' || kind === 'digit') && alt && (m.has('Control') || m.has('CommandOrControl')) && !shift)
    return 'Ctrl+Alt with a letter or digit is AltGr on German keyboards (it types @, €, { …)';
  if ((kind === 'letter' || kind === 'digit') && ctrlOrCmd && !shift && !alt)
    return 'Ctrl or Cmd with a letter or digit alone belongs to the browser and to text fields (copy, paste, find, tabs …)';
  if (kind === 'navigation' && (shift || ctrlOrCmd)) return 'text fields use this key to move and select';
  if (ctrlOrCmd && shift && !alt && ['Z', 'V', 'N', 'T', 'W', 'Q', 'R', 'I', 'J', 'C', 'Delete'].includes(key))
    return 'the browser or Electron uses this combination (redo, paste as text, new or closed window, reload, developer tools)';
  if (key === 'F5' || (['F6', 'F7', 'F10', 'F11', 'F12'].includes(key) && !ctrlOrCmd && !alt))
    return 'the browser or Windows uses this key (reload, address bar, caret browsing, menu, full screen, developer tools)';
  if (key === 'F4' && (alt || ctrlOrCmd)) return 'Alt+F4 and Ctrl+F4 close the window';
  return null;
}

/**
 * Reads an accelerator as IT writes it in the settings (`CommandOrControl+Shift+A`, `Ctrl+F9`,
 * case ignored). A problem is worded for the settings report, in English like the others.
 */
export function parseHotkey(text: string): HotkeyParse {
  const words = text
    .trim()
    .split('+')
    .map((word) => word.trim());
  if (words.some((word) => word === '')) return { ok: false, problem: 'a hotkey such as CommandOrControl+Shift+A or F9 (parts joined by +)' };
  const modifiers = new Set<Modifier>();
  let key: { key: string; kind: KeyKind } | null = null;
  for (const word of words) {
    const modifier = MODIFIER_NAMES[word.toLowerCase()];
    if (modifier) {
      if (key) return { ok: false, problem: `modifiers come before the key ("${word}" after "${key.key}")` };
      if (modifiers.has(modifier)) return { ok: false, problem: `"${word}" is written twice` };
      modifiers.add(modifier);
      continue;
    }
    const parsed = parseKey(word);
    if (!parsed)
      return {
        ok: false,
        problem: `"${word}" is no key or modifier a hotkey can use (letters, digits, F1–F24, Space, Insert, Delete, Home, End, PageUp, PageDown, Up, Down, Left, Right, num0–num9)`,
      };
    if (key) return { ok: false, problem: `one key only ("${key.key}" and "${parsed.key}")` };
    key = parsed;
  }
  if (!key) return { ok: false, problem: 'a hotkey needs a key after its modifiers, such as CommandOrControl+Shift+A' };
  const hotkey: Hotkey = { modifiers, key: key.key, kind: key.kind };
  const taken = clash(hotkey);
  return taken ? { ok: false, problem: taken } : { ok: true, hotkey };
}

/** The hotkey in one canonical spelling, as Electron's globalShortcut takes it. */
export function acceleratorOf(hotkey: Hotkey): string {
  return [...MODIFIER_ORDER.filter((m) => hotkey.modifiers.has(m)), hotkey.key].join('+');
}

/** What is pressed on a platform, so two spellings of one combination compare equal (duplicates). */
export function pressedOn(hotkey: Hotkey, mac: boolean): string {
  const p = pressed(hotkey, mac);
  return [p.ctrl && 'Ctrl', p.meta && 'Meta', p.alt && 'Alt', p.shift && 'Shift', hotkey.key].filter(Boolean).join('+');
}

/** The words on the keys, as the agent's keyboard prints them (a German one: Strg, Umschalt). */
export interface KeyWords {
  ctrl: string;
  shift: string;
  alt: string;
  win: string;
  cmd: string;
  option: string;
  num: string;
}

const ENGLISH_KEYS: KeyWords = { ctrl: 'Ctrl', shift: 'Shift', alt: 'Alt', win: 'Win', cmd: 'Cmd', option: 'Option', num: 'Num' };

/** How the hotkey is shown to the agent: `Ctrl+Shift+A`, on a Mac `Cmd+Shift+A`, on a German keyboard `Strg+Umschalt+A`. */
export function hotkeyLabel(hotkey: Hotkey, mac: boolean, words: KeyWords = ENGLISH_KEYS): string {
  const p = pressed(hotkey, mac);
  const parts = [p.ctrl && words.ctrl, p.meta && (mac ? words.cmd : words.win), p.alt && (mac ? words.option : words.alt), p.shift && words.shift].filter(
    Boolean,
  );
  const key = hotkey.kind === 'numpad' ? `${words.num} ${hotkey.key.slice(3)}` : hotkey.key;
  return [...parts, key].join('+');
}

/** The parts of a key press the matching needs (a DOM KeyboardEvent has them all). */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Whether a key press is this hotkey, on this platform. */
export function matchesHotkey(hotkey: Hotkey, press: KeyPress, mac: boolean): boolean {
  const p = pressed(hotkey, mac);
  if (press.ctrlKey !== p.ctrl || press.metaKey !== p.meta || press.altKey !== p.alt || press.shiftKey !== p.shift) return false;
  switch (hotkey.kind) {
    case 'letter':
      // The letter printed on the key (a German Z is Z); where Alt changed the character, its place.
      return press.key.toUpperCase() === hotkey.key || (!/^[a-z]$/i.test(press.key) && press.code === `Key${hotkey.key}`);
    case 'digit':
      return press.key === hotkey.key || press.code === `Digit${hotkey.key}`;
    case 'numpad':
      return press.code === `Numpad${hotkey.key.slice(3)}`;
    case 'function':
      return press.key === hotkey.key;
    case 'navigation':
      return press.key === (NAMED_KEYS[hotkey.key.toLowerCase()]?.domKey ?? hotkey.key);
  }
}

/** Whether a text field would take this hotkey's key press (then the field keeps it). */
export function fieldTakes(hotkey: Hotkey): boolean {
  const m = hotkey.modifiers;
  const withModifier = m.has('CommandOrControl') || m.has('Control') || m.has('Command') || m.has('Super') || m.has('Alt');
  return !withModifier && hotkey.kind !== 'function';
}
