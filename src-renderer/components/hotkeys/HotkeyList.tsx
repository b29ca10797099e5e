import { useTranslation } from 'react-i18next';
import { hotkeyLabel } from '../../../src-main/shared/hotkeys';
import { isMac } from '../../lib/platform';
import { selectAppInfo } from '../../store/selectors/app';
import { selectHotkeys } from '../../store/selectors/hotkeys';
import { useAnlauf } from '../../store/react';

/** The keyboard shortcuts of call control, as IT set them, in the settings dialog. */
export function HotkeyList() {
  const { t } = useTranslation();
  const hotkeys = useAnlauf(selectHotkeys);
  const global = useAnlauf((s) => s.settings.effective?.hotkeys.global ?? false);
  const electron = useAnlauf((s) => selectAppInfo(s)?.host === 'electron');
  const mac = isMac();
  return (
    <section className="field hotkey-list" aria-labelledby="hotkey-list-title" data-testid="hotkey-list">
      <h3 id="hotkey-list-title" className="field__label">
        {t('hotkeys.title')}
      </h3>
      {hotkeys.length === 0 ? (
        <p className="muted">{t('hotkeys.none')}</p>
      ) : (
        <dl className="hotkey-list__items">
          {hotkeys.map(({ action, hotkey }) => (
            <div key={action} className="hotkey-list__item" data-action={action}>
              <dt>{t(`hotkeys.action.${action}`)}</dt>
              <dd>
                <kbd>{hotkeyLabel(hotkey, mac)}</kbd>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <p className="muted field__hint">{global && electron ? t('hotkeys.global') : t('hotkeys.inWindow')}</p>
    </section>
  );
}
