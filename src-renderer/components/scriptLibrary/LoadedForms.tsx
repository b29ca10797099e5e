import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormView } from '../../../src-main/contract';
import { formatDateTime } from '../../lib/format';
import { useWordSaid } from '../../i18n/said';
import { useAnlauf } from '../../store/react';
import { FormField } from '../forms/FormField';
import { LibraryTableHead } from './LibraryTableHead';
import { FieldTextsContext, useFieldTextsOfLanguage } from '../forms/fieldTexts';

const noSend = () => Promise.resolve(null);
const noRegister = () => () => undefined;

/**
 * For trainers: the client forms loaded on this workstation (from the script folder or loaded
 * here), each previewed as the agent would see it on a call, filled with the preview's sample
 * customer. Asked again whenever a file was loaded.
 */
export function LoadedForms() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const wordSaid = useWordSaid();
  const library = useAnlauf((s) => s.forms.library);
  const list = useAnlauf((s) => s.listLoadedForms);
  const preview = useAnlauf((s) => s.previewForm);
  const lastLoad = useAnlauf((s) => s.script.lastLoad);

  useEffect(() => {
    void list();
  }, [list, lastLoad]);

  if (!library.loaded?.length && !library.error) return null;
  return (
    <section className="scripts__forms" aria-labelledby="loaded-forms-title" data-testid="loaded-forms">
      <h3 id="loaded-forms-title">{t('forms.library.title')}</h3>
      {library.error && (
        <p role="alert" className="scripts__result scripts__result--failed">
          {wordSaid(library.error)}
        </p>
      )}
      {library.loaded?.length ? (
        <table className="scripts__table">
          <LibraryTableHead fourth={t('forms.library.kind')} />
          <tbody>
            {library.loaded.map((form) => (
              <tr key={form.formId} data-testid="loaded-form" data-form-id={form.formId} data-version={form.version}>
                <td>{form.title}</td>
                <td>
                  <code>{form.formId}</code>
                </td>
                <td>v{form.version}</td>
                <td>{t(`forms.kind.${form.kind}`)}</td>
                <td>{form.client ?? t('scripts.allClients')}</td>
                <td>{form.language}</td>
                <td>{formatDateTime(form.loadedAt, language)}</td>
                <td className="scripts__actions">
                  <button type="button" className="button button--small" data-testid="form-preview" onClick={() => void preview(form.formId)}>
                    {t('scripts.preview')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {library.preview && <FormPreview form={library.preview} />}
    </section>
  );
}

/** The form as the agent would see it, read-only: the fields the sample data shows, with their pre-fills and checks. */
function FormPreview({ form }: { form: FormView }) {
  const { t } = useTranslation();
  const close = useAnlauf((s) => s.closeFormPreview);
  const texts = useFieldTextsOfLanguage();
  let section: string | null = null;
  return (
    <FieldTextsContext.Provider value={texts}>
      <section
        className="form-panel form-preview"
        aria-label={t('forms.library.previewOf', { title: form.title })}
        data-testid="form-preview-panel"
        data-form-id={form.formId}
      >
        <header className="form-panel__header">
          <h4>
            {form.title} <span className="muted">v{form.formVersion ?? '?'}</span>
          </h4>
          <button type="button" className="button button--small" data-testid="form-preview-close" onClick={close}>
            {t('forms.close')}
          </button>
        </header>
        <p className="muted">{t('forms.library.previewHint')}</p>
        {form.fields
          .filter((field) => field.visible)
          .map((field) => {
            const heading = field.section !== section && field.section !== null ? <h5 key={`section-${field.id}`}>{field.section}</h5> : null;
            section = field.section;
            return (
              <div key={field.id}>
                {heading}
                <FormField field={field} send={noSend} register={noRegister} disabled />
              </div>
            );
          })}
      </section>
    </FieldTextsContext.Provider>
  );
}
