import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScriptView } from '../../../src-main/contract';
import { findDisposition } from '../../../src-main/shared/dispositions';
import { dispositionLabel } from '../../lib/dispositions';
import { answerValue, initialDraft, type AnswerDraft } from '../../lib/scriptAnswer';
import { useAnlauf } from '../../store/react';
import { PREVIEW_SESSION, selectScriptError, selectScriptSession, selectScriptSessionId } from '../../store/selectors/work';
import { ScriptText } from '../callContext/ScriptText';
import { QuestionInput } from './QuestionInput';
import { ScriptPath } from './ScriptPath';
import { useWordSaid } from '../../i18n/said';

/** The call script of the call in focus (or the trainer's preview): one node at a time, with the way there. */
export function ScriptPanel() {
  const { t } = useTranslation();
  const sessionId = useAnlauf(selectScriptSessionId);
  const view = useAnlauf(selectScriptSession(sessionId));
  const closePreview = useAnlauf((s) => s.closeScriptPreview);
  const titleId = useId();
  if (sessionId === null || view === null) return null;
  const preview = sessionId === PREVIEW_SESSION;
  return (
    <section
      className={`panel script-panel${preview ? ' script-panel--preview' : ''}`}
      aria-labelledby={titleId}
      data-testid="script-panel"
      data-session-id={sessionId}
    >
      <header className="panel__header">
        <h2 id={titleId}>
          {view.title}
          {view.version !== null && <span className="script-panel__version"> {t('script.version', { version: view.version })}</span>}
        </h2>
        {preview && <span className="badge badge--training">{t('script.previewBadge')}</span>}
        {preview && (
          <button type="button" className="button button--small script-panel__close" data-testid="script-preview-close" onClick={() => void closePreview()}>
            {t('script.closePreview')}
          </button>
        )}
      </header>
      <div className="script-panel__body">
        {/* Keyed by node: a half-typed answer never carries over to the next question. */}
        <ScriptStep key={`${sessionId}:${view.current.id}:${view.path.length}`} sessionId={sessionId} view={view} />
        <ScriptPath path={view.path} />
      </div>
    </section>
  );
}

function ScriptStep({ sessionId, view }: { sessionId: string; view: ScriptView }) {
  const { t } = useTranslation();
  const node = view.current;
  const question = node.question;
  const error = useAnlauf(selectScriptError(sessionId));
  const wordSaid = useWordSaid();
  const pending = useAnlauf((s) => s.script.pending === sessionId);
  const next = useAnlauf((s) => s.scriptNext);
  const back = useAnlauf((s) => s.scriptBack);
  const wrapUp = useAnlauf((s) => s.wrapUp.list.find((entry) => entry.callId === sessionId));
  const openForm = useAnlauf((s) => s.openForm);
  const [draft, setDraft] = useState<AnswerDraft>(() => (question ? initialDraft(question, node.answer) : null));
  const textId = useId();
  const errorId = useId();
  const helpId = useId();
  const formRef = useRef<HTMLFormElement>(null);

  // Each new node takes the focus, so the agent can answer and press Enter without the mouse.
  // Main often shows the next node before its answer to "next" arrives, while the inputs are
  // still disabled: the focus is placed once they are enabled, not lost.
  const placed = useRef(false);
  // The inputs are disabled while main checks an answer, which takes the focus from them; when
  // main refuses it, the focus goes back where the agent was, to correct the answer.
  const lastFocus = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const form = formRef.current;
    if (!form || pending) return;
    if (placed.current) {
      const active = document.activeElement;
      if ((active === null || active === document.body) && lastFocus.current?.isConnected) lastFocus.current.focus();
      return;
    }
    placed.current = true;
    // Only when the focus is free or already in the script: never out of the note or the dial box.
    const active = document.activeElement;
    const free = active === null || active === document.body || (form.closest('.script-panel')?.contains(active) ?? false);
    if (!free) return;
    const target = form.querySelector<HTMLElement>('input:not(:disabled), [data-testid="script-next"]:not(:disabled)');
    target?.focus();
  }, [pending]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (pending || view.ended) return;
    void next(sessionId, question ? answerValue(question, draft) : undefined);
  };

  // Enter on a choice or a yes/no button goes on too (radio buttons do not submit a form by themselves).
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter' || event.defaultPrevented) return;
    const target = event.target as HTMLElement;
    if (target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox')) submit(event);
  };

  const known = node.type === 'end' && node.disposition ? findDisposition(wrapUp?.dispositions ?? [], node.disposition) : undefined;
  const suggested = node.type === 'end' && node.disposition ? ((known && dispositionLabel(t, known)) ?? node.dispositionLabel ?? node.disposition) : null;

  return (
    <form
      className="script-step"
      ref={formRef}
      onSubmit={submit}
      onKeyDown={onKeyDown}
      onFocus={(event) => (lastFocus.current = event.target)}
      data-node-id={node.id}
      data-node-type={node.type}
      noValidate
    >
      {node.section.title && (
        <p className="script-step__section" data-testid="script-section">
          {node.section.title}
        </p>
      )}
      <div className={`script-step__text script-step__text--${node.type}`} id={textId} data-testid="script-node-text">
        <ScriptText text={node.text} />
      </div>
      {node.hint && (
        // Set apart and labelled, so the agent never reads the note out to the customer.
        <aside className="script-step__hint" aria-label={t('script.hint')} data-testid="script-hint">
          <span className="script-step__hint-label">{t('script.hint')}</span>
          <ScriptText text={node.hint} />
        </aside>
      )}
      {node.form && sessionId !== PREVIEW_SESSION && (
        // The script's step that needs a form: opened beside the script, or the draft brought back.
        <button
          type="button"
          className="button script-step__form"
          data-testid="script-open-form"
          data-form-id={node.form.formId}
          onClick={() => node.form && void openForm(sessionId, node.form.formId)}
        >
          {t('forms.openFromScript', { title: node.form.title })}
        </button>
      )}
      {question?.required && (
        <p className="script-step__required" data-testid="script-required">
          {t('script.required')}
        </p>
      )}
      {question?.help && (
        <p className="script-step__help muted" id={helpId} data-testid="script-help">
          {question.help}
        </p>
      )}
      {question && (
        <QuestionInput question={question} draft={draft} onChange={setDraft} labelledBy={textId} errorId={error ? errorId : undefined} disabled={pending} />
      )}
      {error && (
        <p className="script-step__error" role="alert" id={errorId} data-testid="script-error">
          {wordSaid(error)}
        </p>
      )}
      {node.type === 'end' && (
        <p className="script-step__end" data-testid="script-end">
          {suggested ? t('script.suggested', { disposition: suggested }) : t('script.finished')}
        </p>
      )}
      {view.missingRequired.length > 0 && view.ended && (
        <p className="script-step__missing" data-testid="script-missing">
          {t('script.missing', { count: view.missingRequired.length })}
        </p>
      )}
      <div className="script-step__actions">
        <button type="button" className="button" data-testid="script-back" disabled={!view.canBack || pending} onClick={() => void back(sessionId)}>
          {t('script.back')}
        </button>
        {!view.ended && node.type !== 'end' && (
          <button type="submit" className="button button--primary" data-testid="script-next" disabled={pending}>
            {t('script.next')}
          </button>
        )}
      </div>
    </form>
  );
}
