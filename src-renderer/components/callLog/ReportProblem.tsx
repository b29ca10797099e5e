import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnlauf } from '../../store/react';
import { selectAppInfo } from '../../store/selectors/app';

/**
 * "Report a problem with this call": the agent says what went wrong, main writes one file with the
 * call, the note and the call's flight recorder, and the panel shows where it went. In the browser
 * host the data folder may be on another machine's disk as far as the agent knows, so the file is
 * offered as a download as well.
 */
export function ReportProblem({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const report = useAnlauf((s) => s.reportCallProblem);
  const webHost = useAnlauf((s) => selectAppInfo(s)?.host === 'web');
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [written, setWritten] = useState<{ path: string; filename: string; content: string } | null>(null);

  if (!open) {
    return (
      <section className="call-details__section" data-testid="calldetails-report">
        <button type="button" className="button button--small" data-testid="calldetails-report-open" onClick={() => setOpen(true)}>
          {t('callDetails.report.open')}
        </button>
      </section>
    );
  }
  const send = async () => {
    setBusy(true);
    const result = await report(callId, note.trim());
    setBusy(false);
    if (result) setWritten(result);
  };
  return (
    <section className="call-details__section" data-testid="calldetails-report">
      <h4>{t('callDetails.report.title')}</h4>
      {written ? (
        <>
          <p data-testid="calldetails-report-done">{t('callDetails.report.written')}</p>
          <p>
            <code data-testid="calldetails-report-path">{written.path}</code>
          </p>
          {webHost && (
            <button
              type="button"
              className="button button--small"
              data-testid="calldetails-report-download"
              onClick={() => saveFile(written.filename, written.content)}
            >
              {t('callDetails.report.download')}
            </button>
          )}
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <label className="call-details__report-note">
            <span>{t('callDetails.report.noteLabel')}</span>
            <textarea
              data-testid="calldetails-report-note"
              value={note}
              maxLength={4000}
              rows={3}
              placeholder={t('callDetails.report.notePlaceholder')}
              onChange={(event) => setNote(event.target.value)}
            />
          </label>
          <p className="muted">{t('callDetails.report.what')}</p>
          <button type="submit" className="button button--small" data-testid="calldetails-report-send" disabled={busy}>
            {t('callDetails.report.send')}
          </button>
        </form>
      )}
    </section>
  );
}

function saveFile(filename: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
