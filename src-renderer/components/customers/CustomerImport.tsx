import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { readFileBytes } from '../../lib/base64';
import { useAnlauf } from '../../store/react';
import { wordSaid } from '../../i18n/said';

/** How many rejected rows the report lists; the count covers all of them. */
const LISTED = 50;

/**
 * Filling the local directory from a CSV export: main detects encoding and delimiter and maps the
 * columns; the bar follows main's progress (also for an import started elsewhere), and the report
 * names every rejected row with its row number and reason.
 */
export function CustomerImport() {
  const { t } = useTranslation();
  const { importing, imported, clients, readOnly, run } = useAnlauf(
    useShallow((s) => ({
      importing: s.customers.importing,
      imported: s.customers.imported,
      clients: s.callContext.clients,
      // Main refuses it, naming the folder; the notice above already says why.
      readOnly: s.customers.directory.access === 'readonly',
      run: s.importCustomers,
    })),
  );
  const [client, setClient] = useState('');
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const clientId = useId();

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      await run({ name: file.name, bytes: await readFileBytes(file), client: client || null });
    } finally {
      setBusy(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  const running = importing !== null || busy;
  return (
    <div className="customer-import" data-testid="customer-import">
      <div className="customer-import__bar">
        {clients.length > 0 && (
          <label htmlFor={clientId} className="customer-import__client">
            {t('customers.import.client')}
            <select id={clientId} value={client} disabled={running} onChange={(event) => setClient(event.target.value)} data-testid="customer-import-client">
              <option value="">{t('customers.import.allClients')}</option>
              {clients.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="button button--small"
          disabled={running || readOnly}
          onClick={() => fileRef.current?.click()}
          data-testid="customer-import-button"
        >
          {t('customers.import.button')}
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".csv,.txt,text/csv"
          hidden
          data-testid="customer-import-file"
          aria-label={t('customers.import.button')}
          onChange={(event) => void choose(event.target.files?.[0])}
        />
      </div>
      {importing && (
        <div className="customer-import__progress" data-testid="customer-import-progress">
          <progress
            max={Math.max(1, importing.totalBytes)}
            value={importing.bytesRead}
            aria-label={t('customers.import.progress', { file: importing.fileName })}
          />
          <span className="muted">{t('customers.import.counts', { rows: importing.rows, imported: importing.imported, rejected: importing.rejected })}</span>
        </div>
      )}
      {!importing && busy && <p className="muted">{t('customers.import.sending')}</p>}
      {imported && !running && (
        <div className="customer-import__result" role="status" data-testid="customer-import-result">
          <p>{t('customers.import.done', { count: imported.imported, file: imported.fileName, encoding: imported.encoding, delimiter: imported.delimiter })}</p>
          {imported.columns.length > 0 && (
            <p className="muted" data-testid="customer-import-columns">
              {t('customers.import.columns', {
                columns: imported.columns
                  .map((c) => `${c.column} → ${c.field ? t(`customers.field.${c.field}`, { defaultValue: c.field }) : t('customers.import.extra')}`)
                  .join(', '),
              })}
            </p>
          )}
          {(imported.languagesNotUnderstood ?? 0) > 0 && (
            <p data-testid="customer-import-languages">{t('demo.languagesNotUnderstood', { count: imported.languagesNotUnderstood })}</p>
          )}
          {imported.rejectedCount > 0 && (
            <>
              <p>{t('customers.import.rejected', { count: imported.rejectedCount })}</p>
              <ul className="customer-import__rejected">
                {imported.rejected.slice(0, LISTED).map((row) => (
                  <li key={row.row} data-testid="customer-import-rejected">
                    {t('customers.import.row', { row: row.row, reason: row.said ? wordSaid(t, row.said) : row.reason })}
                  </li>
                ))}
              </ul>
              {imported.rejectedCount > LISTED && <p className="muted">{t('customers.import.more', { count: imported.rejectedCount - LISTED })}</p>}
            </>
          )}
        </div>
      )}
    </div>
  );
}
