import { useTranslation } from 'react-i18next';

/** Shown when the page runs without its host, instead of failing on the first call to main. */
export function NoBridge() {
  const { t } = useTranslation();
  return (
    <main className="app-error" role="alert" data-testid="app-error">
      <h1>{t('app.noBridgeTitle')}</h1>
      <p>{t('app.noBridgeBody')}</p>
    </main>
  );
}
