import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnlauf } from '../../store/react';

const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
const SHOWN_TONES = 24;

/** Typing in a field must not send tones; only keys pressed elsewhere go to the call. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Sends a tone per key press, clicked or typed on the keyboard while the keypad is open. */
export function Keypad({ callId, disabled }: { callId: string; disabled: boolean }) {
  const { t } = useTranslation();
  const sendDtmf = useAnlauf((s) => s.sendDtmf);
  const [sent, setSent] = useState('');
  const press = useCallback(
    (key: string) => {
      setSent((before) => (before + key).slice(-SHOWN_TONES));
      void sendDtmf(callId, key);
    },
    [callId, sendDtmf],
  );

  useEffect(() => {
    if (disabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || isTypingTarget(event.target)) return;
      if (!(keys as readonly string[]).includes(event.key)) return;
      event.preventDefault();
      press(event.key);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [disabled, press]);

  return (
    <div className="keypad" data-testid="keypad" role="group" aria-label={t('call.keypad')}>
      <div className="keypad__keys">
        {keys.map((key) => (
          <button key={key} type="button" className="button keypad__key" data-testid={`keypad-key-${key}`} disabled={disabled} onClick={() => press(key)}>
            {key}
          </button>
        ))}
      </div>
      <output className="keypad__sent" data-testid="keypad-sent" aria-live="polite">
        {sent && t('call.keypadSent', { tones: sent })}
      </output>
    </div>
  );
}
