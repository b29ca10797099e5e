import { useTranslation } from 'react-i18next';

/** Beneath a field policy locks, outside its label (so it describes the field rather than naming it): why it is disabled. */
export function LockedHint({ id, path }: { id: string; path: string }) {
  const { t } = useTranslation();
  return (
    <p id={id} className="field__hint field__locked" data-testid="locked-hint" data-setting={path}>
      {t('settings.locked.hint')}
    </p>
  );
}
