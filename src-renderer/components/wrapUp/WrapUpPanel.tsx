import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispositionView, WrapUpView } from '../../../src-main/contract';
import { fromDateTimeLocal, toDateTimeLocal, tomorrowSameTime } from '../../lib/datetimeLocal';
import { dispositionLabel } from '../../lib/dispositions';
import { dispositionForKey, findDisposition } from '../../../src-main/shared/dispositions';
import { formatCountdown, formatDuration } from '../../lib/format';
import { isTypingTarget } from '../../lib/typingTarget';
import { useNow } from '../../lib/useNow';
import { useAnlauf } from '../../store/react';
import { selectHasLiveCalls } from '../../store/selectors/phone';
import { selectCurrentWrapUp, selectWrapUpsWaiting } from '../../store/selectors/work';
import type { DisposeRequest } from '../../store/slices/wrapUp';
import { DispositionTree } from './DispositionTree';
import { FormsControl } from '../forms/FormsControl';
import { useWordSaid } from '../../i18n/said';

/** How long typing must pause before the note is kept as a draft. */
export const NOTE_SAVE_DELAY_MS = 500;

/**
 * After a call: the disposition, the note and, for callback codes, when to call back. The agent
 * takes no call until this is done, so it sits at the top of the workspace.
 */
export function WrapUpPanel() {
  const wrapUp = useAnlauf(selectCurrentWrapUp);
  if (!wrapUp) return null;
  // Keyed by call: the code chosen and the note typed belong to one call only.
  return <WrapUpForm key={wrapUp.callId} wrapUp={wrapUp} />;
}

function WrapUpForm({ wrapUp }: { wrapUp: WrapUpView }) {
  const { t } = useTranslation();
  const waiting = useAnlauf(selectWrapUpsWaiting);
  const hasLiveCall = useAnlauf(selectHasLiveCalls);
  const disposing = useAnlauf((s) => s.wrapUp.disposing === wrapUp.callId);
  const error = useAnlauf((s) => (s.wrapUp.error?.callId === wrapUp.callId ? s.wrapUp.error : null));
  const wordSaid = useWordSaid();
  const dispose = useAnlauf((s) => s.disposeWrapUp);
  const saveNote = useAnlauf((s) => s.saveWrapUpNote);
  const titleId = useId();
  const noteId = useId();

  const suggested = findDisposition(wrapUp.dispositions, wrapUp.suggested);
  const [chosen, setChosen] = useState<DispositionView | undefined>(suggested);
  const [note, setNote] = useState(wrapUp.note);
  // The time the customer chose in the script (a callback question) comes first; the agent may change it.
  const [callbackAt, setCallbackAt] = useState(() => toDateTimeLocal(wrapUp.scriptCallbackAt ?? tomorrowSameTime(Date.now())));
  const [callbackNumber, setCallbackNumber] = useState('');
  const [callbackNote, setCallbackNote] = useState('');
  const doneRef = useRef<HTMLButtonElement>(null);
  const callbackAtRef = useRef<HTMLInputElement>(null);

  // The note is kept as a draft once typing pauses, so a reload or a crash does not lose it.
  const savedNote = useRef(wrapUp.note);
  const disposed = useRef(false);
  useEffect(() => {
    if (note === savedNote.current) return;
    const timer = setTimeout(() => {
      savedNote.current = note;
      void saveNote(wrapUp.callId, note);
    }, NOTE_SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [note, saveNote, wrapUp.callId]);

  // A note typed in the last half second is not lost when the panel goes for another reason.
  const latestNote = useRef(note);
  latestNote.current = note;
  useEffect(
    () => () => {
      if (!disposed.current && latestNote.current !== savedNote.current) void saveNote(wrapUp.callId, latestNote.current);
    },
    [saveNote, wrapUp.callId],
  );

  const choose = (code: DispositionView, focusNext: boolean) => {
    setChosen(code);
    if (!focusNext) return;
    // After a hotkey, Enter confirms (or, for a callback, the time is next).
    requestAnimationFrame(() => (code.callback ? callbackAtRef.current : doneRef.current)?.focus());
  };

  // Hotkeys choose a code, except while the agent types (the note) or talks on another call (the keypad).
  useEffect(() => {
    if (hasLiveCall) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || isTypingTarget(event.target)) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const code = dispositionForKey(wrapUp.dispositions, event.key);
      if (!code) return;
      event.preventDefault();
      choose(code, true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hasLiveCall, wrapUp.dispositions]);

  const at = chosen?.callback ? fromDateTimeLocal(callbackAt) : null;
  const blocked = chosen === undefined || (chosen.callback && at === null);

  const submit = async () => {
    if (!chosen || blocked || disposing) return;
    const request: DisposeRequest = { callId: wrapUp.callId, code: chosen.code, note };
    if (chosen.callback && at !== null) {
      request.callback = { at };
      if (callbackNumber.trim()) request.callback.number = callbackNumber.trim();
      if (callbackNote.trim()) request.callback.note = callbackNote.trim();
    }
    disposed.current = true;
    if (!(await dispose(request))) disposed.current = false;
  };

  const party = wrapUp.customerName ?? wrapUp.remoteName;
  return (
    <section className="panel wrapup" aria-labelledby={titleId} data-testid="wrapup-panel" data-call-id={wrapUp.callId}>
      <header className="panel__header wrapup__header">
        <h2 id={titleId}>{t('wrapUp.title')}</h2>
        <WrapUpTimer wrapUp={wrapUp} />
        {waiting > 0 && (
          <span className="chip chip--warn" data-testid="wrapup-waiting">
            {t('wrapUp.waiting', { count: waiting })}
          </span>
        )}
      </header>
      <div className="wrapup__body">
        <dl className="wrapup__call" data-testid="wrapup-call">
          <div>
            <dt>{t('wrapUp.number')}</dt>
            <dd>{wrapUp.remoteNumber}</dd>
          </div>
          {party && (
            <div>
              <dt>{t('wrapUp.name')}</dt>
              <dd>{party}</dd>
            </div>
          )}
          {wrapUp.client && (
            <div>
              <dt>{t('wrapUp.client')}</dt>
              <dd>{wrapUp.client}</dd>
            </div>
          )}
          {wrapUp.campaign && (
            <div>
              <dt>{t('wrapUp.campaign')}</dt>
              <dd>{wrapUp.campaign}</dd>
            </div>
          )}
        </dl>
        <p className="wrapup__hint muted">{t('wrapUp.hint')}</p>
        {wrapUp.missingRequired.length > 0 && (
          <div className="wrapup__missing" role="status" data-testid="wrapup-missing">
            <p>{t('wrapUp.missing', { count: wrapUp.missingRequired.length })}</p>
            <ul>
              {wrapUp.missingRequired.map((question) => (
                <li key={question.id}>{question.text}</li>
              ))}
            </ul>
          </div>
        )}
        <FormsControl callId={wrapUp.callId} level={3} />
        <DispositionTreeSection wrapUp={wrapUp} chosen={chosen} disabled={disposing} onChoose={(code) => choose(code, false)} />
        {chosen?.callback && (
          <fieldset className="wrapup__callback" data-testid="wrapup-callback">
            <legend>{t('wrapUp.callback.title')}</legend>
            <label className="field">
              <span className="field__label">{t('wrapUp.callback.at')}</span>
              <input
                ref={callbackAtRef}
                type="datetime-local"
                data-testid="wrapup-callback-at"
                value={callbackAt}
                required
                aria-invalid={at === null || undefined}
                onChange={(event) => setCallbackAt(event.target.value)}
              />
            </label>
            <label className="field">
              <span className="field__label">{t('wrapUp.callback.number')}</span>
              <input
                type="tel"
                data-testid="wrapup-callback-number"
                placeholder={wrapUp.remoteNumber}
                value={callbackNumber}
                maxLength={64}
                onChange={(event) => setCallbackNumber(event.target.value)}
              />
            </label>
            <label className="field wrapup__callback-note">
              <span className="field__label">{t('wrapUp.callback.note')}</span>
              <input
                type="text"
                data-testid="wrapup-callback-note"
                value={callbackNote}
                maxLength={1000}
                onChange={(event) => setCallbackNote(event.target.value)}
              />
            </label>
          </fieldset>
        )}
        <label className="field wrapup__note" htmlFor={noteId}>
          <span className="field__label">{t('wrapUp.note')}</span>
        </label>
        <textarea
          id={noteId}
          className="wrapup__note-input"
          data-testid="wrapup-note"
          rows={3}
          maxLength={4000}
          placeholder={t('wrapUp.notePlaceholder')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        {error && (
          <p className="wrapup__error" role="alert" data-testid="wrapup-error">
            {wordSaid(error)}
          </p>
        )}
        <div className="wrapup__actions">
          <span className="muted wrapup__chosen" data-testid="wrapup-chosen">
            {chosen ? t('wrapUp.chosen', { label: dispositionLabel(t, chosen) }) : t('wrapUp.chooseCode')}
          </span>
          <button
            ref={doneRef}
            type="button"
            className="button button--primary"
            data-testid="wrapup-done"
            disabled={blocked || disposing}
            onClick={() => void submit()}
          >
            {disposing ? t('wrapUp.saving') : t('wrapUp.done')}
          </button>
        </div>
      </div>
    </section>
  );
}

function DispositionTreeSection({
  wrapUp,
  chosen,
  disabled,
  onChoose,
}: {
  wrapUp: WrapUpView;
  chosen: DispositionView | undefined;
  disabled: boolean;
  onChoose: (code: DispositionView) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="wrapup__codes">
      <h3>{t('wrapUp.codes')}</h3>
      <DispositionTree tree={wrapUp.dispositions} chosen={chosen?.code ?? null} suggested={wrapUp.suggested} disabled={disabled} onChoose={onChoose} />
    </div>
  );
}

/** How long the wrap-up lasts so far; with an automatic code, the time left until it is given. */
function WrapUpTimer({ wrapUp }: { wrapUp: WrapUpView }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const elapsed = formatDuration((now - wrapUp.startedAt) / 1000);
  const auto = wrapUp.autoAt !== null ? findDisposition(wrapUp.dispositions, wrapUp.autoCode) : undefined;
  return (
    <span className="wrapup__timer" data-testid="wrapup-timer" role="timer" aria-live="off">
      <span className="wrapup__elapsed">{elapsed}</span>
      {wrapUp.autoAt !== null && (
        <span className="wrapup__auto" data-testid="wrapup-auto">
          {t('wrapUp.auto', { code: (auto && dispositionLabel(t, auto)) ?? wrapUp.autoCode ?? '', time: formatCountdown((wrapUp.autoAt - now) / 1000) })}
        </span>
      )}
    </span>
  );
}
