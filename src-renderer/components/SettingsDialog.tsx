import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { LanguageSetting } from '../i18n/language';
import { selectAppInfo, selectLanguageSetting } from '../store/selectors/app';
import { useAnlauf } from '../store/react';

const languageSettings: readonly LanguageSetting[] = ['auto', 'de', 'en'];

function isLanguageSetting(value: string): value is LanguageSetting {
  return (languageSettings as readonly string[]).includes(value);
}

export function SettingsDialog() {
  const { t } = useTranslation();
  const { open, saving, close, setLanguage } = useAnlauf(
    useShallow((s) => ({ open: s.settings.open, saving: s.settings.saving, close: s.closeSettings, setLanguage: s.setLanguage })),
  );
  const language = useAnlauf(selectLanguageSetting);
  const info = useAnlauf(selectAppInfo);
  const selectRef = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    if (!open) return;
    selectRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, close]);

  if (!open) return null;
  return (
    <div className="dialog-backdrop" onClick={close}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="settings-title"
        data-testid="settings-dialog"
        onClick={(event) => event.stopPropagation()}
      >
        <header className="dialog__header">
          <h2 id="settings-title">{t('settings.title')}</h2>
        </header>
        <div className="dialog__body">
          <label className="field">
            <span className="field__label">{t('settings.language')}</span>
            <select
              ref={selectRef}
              data-testid="language-select"
              value={language}
              disabled={saving}
              onChange={(event) => {
                const value = event.target.value;
                if (isLanguageSetting(value)) void setLanguage(value);
              }}
            >
              {languageSettings.map((value) => (
                <option key={value} value={value}>
                  {t(`settings.languageOption.${value}`)}
                </option>
              ))}
            </select>
          </label>
          {info && <p className="muted dialog__meta">{t('app.version', { version: info.version, host: info.host })}</p>}
        </div>
        <footer className="dialog__footer">
          <button type="button" className="button" data-testid="settings-close" onClick={close}>
            {t('settings.close')}
          </button>
        </footer>
      </div>
    </div>
  );
}
