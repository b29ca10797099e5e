import { useTranslation } from 'react-i18next';
import { hotkeyLabel } from '../../../src-main/shared/hotkeys';
import { isMac } from '../../lib/platform';
import { selectAppInfo } from '../../store/selectors/app';
import { selectHotkeys } from '../../store/selectors/hotkeys';
import { useAnlauf } from '../../store/react';
import { keyWords } from './keyWords';

/** The keyboard shortcuts of call control, as IT set them, in the settings dialog. */
export function HotkeyList() {
  const { t } = useTranslation();
  const hotkeys = useAnlauf(selectHotkeys);
  const global = useAnlauf((s) => s.settings.effective?.hotkeys.global ?? false);
  const electron = useAnlauf((s) => selectAppInfo(s)?.host === 'electron');
  const mac = isMac();
  const words = keyWords(t);
  return (
    // Folded: the dialog stays short for what agents change often; the list is one click away.
    <details className="field hotkey-list" data-testid="hotkey-list">
      <summary className="field__label" data-testid="hotkey-list-toggle">
        {t('hotkeys.title')}
      </summary>
      {hotkeys.length === 0 ? (
        <p className="muted">{t('hotkeys.none')}</p>
      ) : (
        <dl className="hotkey-list__items">
          {hotkeys.map(({ action, hotkey }) => (
            <div key={action} className="hotkey-list__item" data-action={action}>
              <dt>{t(`hotkeys.action.${action}`)}</dt>
              <dd>
                <kbd>{hotkeyLabel(hotkey, mac, words)}</kbd>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <p className="muted field__hint">{global && electron ? t('hotkeys.global') : t('hotkeys.inWindow')}</p>
    </details>
  );
}
