import type { TFunction } from 'i18next';
import type { KeyWords } from '../../../src-main/shared/hotkeys';

/** The words for modifier keys in the agent's language, as hotkey labels show them. */
export function keyWords(t: TFunction): KeyWords {
  return {
    ctrl: t('hotkeys.key.ctrl'),
    shift: t('hotkeys.key.shift'),
    alt: t('hotkeys.key.alt'),
    win: t('hotkeys.key.win'),
    cmd: t('hotkeys.key.cmd'),
    option: t('hotkeys.key.option'),
    num: t('hotkeys.key.num'),
  };
}
