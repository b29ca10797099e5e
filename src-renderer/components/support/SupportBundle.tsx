import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { selectAppInfo } from '../../store/selectors/app';
import { useAnlauf } from '../../store/react';

/**
 * "Create support bundle" in the settings: main writes one zip for support to the data folder's
 * reports/ and the panel shows where. In the browser host the data folder may be on a machine the
 * agent cannot reach, so the zip is offered as a download too.
 */
export function SupportBundle() {
  const { t } = useTranslation();
  const create = useAnlauf((s) => s.createSupportBundle);
  const webHost = useAnlauf((s) => selectAppInfo(s)?.host === 'web');
  const [busy, setBusy] = useState(false);
  // Off each time the settings open: customer data goes to support only when the agent says so for this bundle.
  const [withCustomers, setWithCustomers] = useState(false);
  const [written, setWritten] = useState<{ path: string; filename: string; contentBase64: string } | null>(null);
  const run = async () => {
    setBusy(true);
    const result = await create({ includeCustomerData: withCustomers });
    setBusy(false);
    if (result) setWritten(result);
  };
  return (
    <div className="field-group" data-testid="support-bundle">
      <span className="field__label">{t('settings.support.title')}</span>
      <p className="muted field__hint">{t('settings.support.what')}</p>
      <label className="support-bundle__opt-in">
        <input
          type="checkbox"
          data-testid="support-bundle-customer-data"
          checked={withCustomers}
          disabled={busy}
          onChange={(event) => setWithCustomers(event.target.checked)}
        />
        {t('settings.support.includeCustomerData')}
      </label>
      <p className="muted field__hint">{t('settings.support.customerDataHint')}</p>
      <button type="button" className="button button--small" data-testid="support-bundle-create" disabled={busy} onClick={() => void run()}>
        {busy ? t('settings.support.creating') : t('settings.support.create')}
      </button>
      {written && (
        <>
          <p data-testid="support-bundle-done">{t('settings.support.written')}</p>
          <p>
            <code data-testid="support-bundle-path">{written.path}</code>
          </p>
          {webHost && (
            <button
              type="button"
              className="button button--small"
              data-testid="support-bundle-download"
              onClick={() => saveZip(written.filename, written.contentBase64)}
            >
              {t('settings.support.download')}
            </button>
          )}
        </>
      )}
    </div>
  );
}

function saveZip(filename: string, base64: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
