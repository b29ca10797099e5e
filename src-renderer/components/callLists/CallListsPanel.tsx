import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { useAnlauf } from '../../store/react';
import { CallListImport } from './CallListImport';

/** Call lists for outbound campaigns: import one, see how far each is, start preview dialing. */
export function CallListsPanel() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const lists = useAnlauf((s) => s.callLists.lists);
  const preview = useAnlauf((s) => s.callLists.preview);
  const pending = useAnlauf((s) => s.callLists.previewPending);
  const start = useAnlauf((s) => s.startPreview);
  return (
    <section className="panel calllists" aria-labelledby="calllists-title" data-testid="calllists">
      <header className="calllists__header">
        <h2 id="calllists-title">{t('callLists.title')}</h2>
      </header>
      <CallListImport />
      {lists.length === 0 ? (
        <p className="muted" data-testid="calllists-empty">
          {t('callLists.empty')}
        </p>
      ) : (
        <table className="calllists__table">
          <thead>
            <tr>
              <th scope="col">{t('callLists.column.name')}</th>
              <th scope="col">{t('callLists.column.campaign')}</th>
              <th scope="col">{t('callLists.column.importedAt')}</th>
              <th scope="col" className="num">
                {t('callLists.column.pending')}
              </th>
              <th scope="col" className="num">
                {t('callLists.column.done')}
              </th>
              <th scope="col" className="num">
                {t('callLists.column.skipped')}
              </th>
              <th scope="col" className="num">
                {t('callLists.column.total')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('callLists.column.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lists.map((list) => {
              const running = preview?.listId === list.id;
              return (
                <tr key={list.id} data-testid="calllist-item" data-list-id={list.id}>
                  <td>{list.name}</td>
                  <td>{list.client ? `${list.client} · ${list.campaign}` : list.campaign}</td>
                  <td>{formatDateTime(list.importedAt, language)}</td>
                  <td className="num" data-col="pending">
                    {list.pending}
                  </td>
                  <td className="num" data-col="done">
                    {list.done}
                  </td>
                  <td className="num" data-col="skipped">
                    {list.skipped}
                  </td>
                  <td className="num" data-col="total">
                    {list.total}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      data-testid="preview-start"
                      disabled={pending || preview !== null || list.pending === 0}
                      onClick={() => void start(list.id)}
                    >
                      {running ? t('callLists.previewRunning') : t('callLists.startPreview')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
