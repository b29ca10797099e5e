import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldTakes, matchesHotkey } from '../../../src-main/shared/hotkeys';
import { isMac } from '../../lib/platform';
import { isTypingTarget } from '../../lib/typingTarget';
import { selectHotkeys } from '../../store/selectors/hotkeys';
import { useAnlauf } from '../../store/react';

/**
 * Keyboard call control inside the window: a hotkey sends the command its button sends. A key a
 * text field would take (one without Ctrl, Alt or Cmd) stays the field's while one has the focus.
 * A hotkey with nothing to act on says so in a live region, so a screen reader hears it too.
 */
export function HotkeyHandler() {
  const { t } = useTranslation();
  const hotkeys = useAnlauf(selectHotkeys);
  const runHotkey = useAnlauf((s) => s.runHotkey);
  const refusal = useAnlauf((s) => s.hotkeys.refusal);
  const clear = useAnlauf((s) => s.clearHotkeyRefusal);

  useEffect(() => {
    const mac = isMac();
    const onKey = (event: KeyboardEvent) => {
      if (event.repeat || event.isComposing) return;
      const bound = hotkeys.find(({ hotkey }) => matchesHotkey(hotkey, event, mac));
      if (!bound) return;
      if (fieldTakes(bound.hotkey) && isTypingTarget(event.target)) return;
      event.preventDefault();
      runHotkey(bound.action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hotkeys, runHotkey]);

  // The words stay a few seconds, then the region is empty again for the next announcement.
  useEffect(() => {
    if (!refusal) return;
    const timer = window.setTimeout(clear, 5000);
    return () => window.clearTimeout(timer);
  }, [refusal, clear]);

  return (
    <div className="hotkey-announcement" role="status" aria-live="assertive" data-testid="hotkey-announcement">
      {refusal && (
        <span key={refusal.n} data-reason={refusal.reason}>
          {t('hotkeys.refused', { action: t(`hotkeys.action.${refusal.action}`), reason: t(`hotkeys.reason.${refusal.reason}`) })}
        </span>
      )}
    </div>
  );
}
