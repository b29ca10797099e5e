import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { readFileBytes } from '../../lib/base64';
import { errorMessage } from '../../lib/format';
import { useAnlauf } from '../../store/react';
import { campaignChoices, selectConfiguredClients } from '../../store/selectors/work';
import { useWordSaid } from '../../i18n/said';

/** The value of a configured campaign in the select: client and campaign id. */
const choiceValue = (client: string, campaign: string) => `${client}\u0000${campaign}`;
const OTHER = '';

/** A CSV file becomes a call list for a campaign; main names the rows it could not use. */
export function CallListImport() {
  const { t } = useTranslation();
  const wordSaid = useWordSaid();
  const clients = useAnlauf(selectConfiguredClients);
  const choices = useMemo(() => campaignChoices(clients), [clients]);
  const importing = useAnlauf((s) => s.callLists.importing);
  const lastImport = useAnlauf((s) => s.callLists.lastImport);
  const importCallList = useAnlauf((s) => s.importCallList);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [choice, setChoice] = useState(() => (choices[0] ? choiceValue(choices[0].client, choices[0].campaign) : OTHER));
  const [typedCampaign, setTypedCampaign] = useState('');
  const [readError, setReadError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const nameId = useId();
  const campaignId = useId();

  const picked = choices.find((entry) => choiceValue(entry.client, entry.campaign) === choice);
  const campaign = picked ? picked.campaign : typedCampaign.trim();
  const ready = file !== null && name.trim() !== '' && campaign !== '' && !importing;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || !file) return;
    setReadError(null);
    let bytes: ArrayBuffer;
    try {
      bytes = await readFileBytes(file);
    } catch (error) {
      setReadError(t('callLists.unreadable', { message: errorMessage(error) }));
      return;
    }
    const ok = await importCallList({ name: name.trim(), campaign, client: picked ? picked.client : null, fileName: file.name, bytes });
    if (ok) {
      setFile(null);
      setName('');
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  return (
    <form className="calllist-import" onSubmit={(event) => void submit(event)} aria-label={t('callLists.importTitle')}>
      <h3>{t('callLists.importTitle')}</h3>
      <div className="calllist-import__fields">
        <label className="field" htmlFor={fileId}>
          <span className="field__label">{t('callLists.file')}</span>
          <input
            ref={fileRef}
            id={fileId}
            type="file"
            accept=".csv,text/csv,text/plain"
            data-testid="calllist-file"
            onChange={(event) => {
              const chosen = event.target.files?.[0] ?? null;
              setFile(chosen);
              // The file's name is a good start for the list's name.
              if (chosen && name.trim() === '') setName(chosen.name.replace(/\.[^.]+$/, ''));
            }}
          />
        </label>
        <label className="field" htmlFor={nameId}>
          <span className="field__label">{t('callLists.name')}</span>
          <input id={nameId} type="text" data-testid="calllist-name" maxLength={120} value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="field" htmlFor={campaignId}>
          <span className="field__label">{t('callLists.campaign')}</span>
          {choices.length > 0 ? (
            <select id={campaignId} data-testid="calllist-campaign" value={choice} onChange={(event) => setChoice(event.target.value)}>
              {choices.map((entry) => (
                <option key={choiceValue(entry.client, entry.campaign)} value={choiceValue(entry.client, entry.campaign)}>
                  {entry.clientName} — {entry.campaignName}
                </option>
              ))}
              <option value={OTHER}>{t('callLists.otherCampaign')}</option>
            </select>
          ) : (
            <input
              id={campaignId}
              type="text"
              data-testid="calllist-campaign"
              placeholder={t('callLists.campaignPlaceholder')}
              maxLength={64}
              value={typedCampaign}
              onChange={(event) => setTypedCampaign(event.target.value)}
            />
          )}
        </label>
        {choices.length > 0 && choice === OTHER && (
          <label className="field">
            <span className="field__label">{t('callLists.campaignId')}</span>
            <input
              type="text"
              data-testid="calllist-campaign-id"
              placeholder={t('callLists.campaignPlaceholder')}
              maxLength={64}
              value={typedCampaign}
              onChange={(event) => setTypedCampaign(event.target.value)}
            />
          </label>
        )}
        <button type="submit" className="button button--primary" data-testid="calllist-import" disabled={!ready}>
          {importing ? t('callLists.importing') : t('callLists.import')}
        </button>
      </div>
      {(readError || lastImport) && (
        <div className="calllist-result" data-testid="calllist-result" role="status" data-ok={readError ? false : lastImport?.ok}>
          {readError ? (
            <p className="calllist-result__error">{readError}</p>
          ) : lastImport && !lastImport.ok ? (
            <p className="calllist-result__error">{t('callLists.refused', { message: wordSaid(lastImport) })}</p>
          ) : lastImport?.ok ? (
            <>
              <p>{t('callLists.imported', { count: lastImport.value.list.total, name: lastImport.value.list.name })}</p>
              {lastImport.value.rejectedCount > 0 && (
                <>
                  <p className="calllist-result__warn">{t('callLists.rejected', { count: lastImport.value.rejectedCount })}</p>
                  <ul className="calllist-result__rejected" data-testid="calllist-rejected">
                    {lastImport.value.rejected.map((entry) => (
                      <li key={entry.row} data-row={entry.row}>
                        {t('callLists.rejectedRow', { row: entry.row, reason: wordSaid({ message: entry.reason, said: entry.said ?? null }) })}
                      </li>
                    ))}
                  </ul>
                  {lastImport.value.rejectedCount > lastImport.value.rejected.length && (
                    <p className="muted">{t('callLists.rejectedMore', { count: lastImport.value.rejectedCount - lastImport.value.rejected.length })}</p>
                  )}
                </>
              )}
            </>
          ) : null}
        </div>
      )}
    </form>
  );
}
