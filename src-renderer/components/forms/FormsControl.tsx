import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { FormChoice, FormKind, FormView } from '../../../src-main/contract';
import { useWordSaid } from '../../i18n/said';
import { useAnlauf } from '../../store/react';
import { formsOfCall } from '../../store/selectors/forms';
import { FormStatus } from './FormStatus';

/**
 * The call's forms in the call area and the wrap-up: each with its status (and, refused, "Correct
 * and send again"), and "Open a form" with the forms of the call's client to choose from.
 */
export function FormsControl({ callId, level = 2 }: { callId: string; level?: 2 | 3 }) {
  const { t } = useTranslation();
  const wordSaid = useWordSaid();
  const forms = useAnlauf(useShallow((s) => formsOfCall(s, callId)));
  const choices = useAnlauf((s) => s.forms.choices[callId]);
  const error = useAnlauf((s) => s.forms.errors[callId]);
  const loadChoices = useAnlauf((s) => s.loadFormChoices);
  const openForm = useAnlauf((s) => s.openForm);
  const [expanded, setExpanded] = useState(false);
  const titleId = useId();
  const listId = useId();
  const Heading = level === 2 ? 'h2' : 'h3';

  const toggle = () => {
    if (!expanded) void loadChoices(callId);
    setExpanded(!expanded);
  };
  const pick = (choice: FormChoice) => {
    setExpanded(false);
    void openForm(callId, choice.formId);
  };

  return (
    <section className="panel forms-control" aria-labelledby={titleId} data-testid="forms-control" data-call-id={callId}>
      <header className="panel__header">
        <Heading id={titleId}>{t('forms.title')}</Heading>
        <button
          type="button"
          className="button button--small forms-control__open"
          data-testid="forms-open"
          aria-expanded={expanded}
          aria-controls={expanded ? listId : undefined}
          onClick={toggle}
        >
          {t('forms.open')}
        </button>
      </header>
      <div className="forms-control__body">
        {expanded && <FormChoices id={listId} choices={choices} onPick={pick} />}
        {error && (
          <p className="forms-control__error" role="alert" data-testid="forms-control-error">
            {wordSaid(error)}
          </p>
        )}
        {forms.length > 0 ? (
          <ul className="forms-control__list" data-testid="forms-list">
            {forms.map((form) => (
              <FormRow key={form.id} form={form} />
            ))}
          </ul>
        ) : (
          !expanded && <p className="muted forms-control__none">{t('forms.noneYet')}</p>
        )}
      </div>
    </section>
  );
}

// Every kind, in the order the list shows them (a Record, so a new kind cannot be left out).
const KIND_ORDER: Record<FormKind, number> = { fault: 0, contractChange: 1, newContract: 2, cancellation: 3, other: 4 };
const KINDS = (Object.keys(KIND_ORDER) as FormKind[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);

/** The forms to choose from, grouped by what they are for. */
function FormChoices({ id, choices, onPick }: { id: string; choices: FormChoice[] | undefined; onPick: (choice: FormChoice) => void }) {
  const { t } = useTranslation();
  if (choices === undefined)
    return (
      <p id={id} className="muted" aria-live="polite">
        {t('forms.loading')}
      </p>
    );
  if (choices.length === 0)
    return (
      <p id={id} className="muted" data-testid="forms-no-choices">
        {t('forms.noChoices')}
      </p>
    );
  return (
    <div id={id} className="forms-control__choices" data-testid="forms-choices">
      {KINDS.filter((kind) => choices.some((choice) => choice.kind === kind)).map((kind) => (
        <div key={kind} className="forms-control__kind" role="group" aria-label={t(`forms.kind.${kind}`)}>
          <p className="forms-control__kind-title">{t(`forms.kind.${kind}`)}</p>
          <ul>
            {choices
              .filter((choice) => choice.kind === kind)
              .map((choice) => (
                <li key={choice.formId}>
                  <button
                    type="button"
                    className="button button--small forms-control__choice"
                    data-testid="forms-choice"
                    data-form-id={choice.formId}
                    onClick={() => onPick(choice)}
                  >
                    {choice.title}
                  </button>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function FormRow({ form }: { form: FormView }) {
  const { t } = useTranslation();
  const showForm = useAnlauf((s) => s.showForm);
  const correctForm = useAnlauf((s) => s.correctForm);
  const busy = useAnlauf((s) => s.forms.busy === form.id);
  return (
    <li className="forms-control__form" data-testid="forms-item" data-form-id={form.formId} data-id={form.id}>
      <span className="forms-control__form-title">
        {form.title}
        {form.revision > 1 && <span className="muted"> {t('forms.revision', { revision: form.revision })}</span>}
      </span>
      <FormStatus form={form} />
      <span className="forms-control__actions">
        <button type="button" className="button button--small" data-testid="forms-show" onClick={() => showForm(form.id)}>
          {form.status === 'draft' ? t('forms.continue') : t('forms.show')}
        </button>
        {form.status === 'refused' && (
          <button
            type="button"
            className="button button--small button--primary"
            data-testid="forms-correct"
            disabled={busy}
            onClick={() => void correctForm(form.id)}
          >
            {t('forms.correct')}
          </button>
        )}
      </span>
    </li>
  );
}
