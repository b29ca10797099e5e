import { useEffect, useRef, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { CallLogEntry } from '../../../src-main/contract';
import { dispositionLabel } from '../../lib/dispositions';
import { formatDateTime, formatDuration } from '../../lib/format';
import { toCallLogRow } from '../../store/selectors/callLog';
import { wordSaid } from '../../i18n/said';
import { useAnlauf } from '../../store/react';
import { ReportProblem } from './ReportProblem';

/** The side panel with everything recorded about one call of the log. */
export function CallDetails() {
  const { t } = useTranslation();
  const { id, entry, loading, close } = useAnlauf(
    useShallow((s) => ({ id: s.callDetails.id, entry: s.callDetails.entry, loading: s.callDetails.loading, close: s.closeCallDetails })),
  );
  const closeRef = useRef<HTMLButtonElement>(null);
  const open = id !== null;

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, close]);

  // Focus moves into the panel, and back to where it came from (the row) when the panel closes.
  useEffect(() => {
    if (!open) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => {
      if (returnTo?.isConnected) returnTo.focus();
    };
  }, [open]);

  useEffect(() => {
    if (id !== null) closeRef.current?.focus();
  }, [id]);

  if (!open) return null;
  return (
    <aside className="call-details" role="dialog" aria-labelledby="call-details-title" data-testid="calllog-details" data-call-id={id} aria-busy={loading}>
      <header className="call-details__header">
        <h3 id="call-details-title">{t('callDetails.title')}</h3>
        <button ref={closeRef} type="button" className="button button--ghost button--small" data-testid="calllog-details-close" onClick={close}>
          {t('callDetails.close')}
        </button>
      </header>
      {entry ? <DetailsBody entry={entry} /> : <p className="call-details__loading muted">{t('callDetails.loading')}</p>}
    </aside>
  );
}

function DetailsBody({ entry }: { entry: CallLogEntry }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const row = toCallLogRow(entry);
  const time = (ms: number | null) => (ms === null ? null : formatDateTime(ms, language));
  const hasIvr = entry.ivr.customerNumber || entry.ivr.concern || entry.ivr.queue;
  return (
    <div className="call-details__body">
      <Section title={t('callDetails.section.call')}>
        <Field name="remoteNumber" label={t('callDetails.field.remoteNumber')} value={entry.remoteNumber} />
        <Field name="remoteName" label={t('callDetails.field.remoteName')} value={entry.remoteName} />
        <Field name="dialedNumber" label={t('callDetails.field.dialedNumber')} value={entry.dialedNumber} />
        <Field name="direction" label={t('callDetails.field.direction')} value={t(`callLog.direction.${entry.direction}`)} />
        <Field name="line" label={t('callDetails.field.line')} value={t(`line.kind.${entry.line}`)} />
        <Field name="client" label={t('callDetails.field.client')} value={entry.client} />
        <Field name="campaign" label={t('callDetails.field.campaign')} value={entry.campaign} />
        <Field name="callQueue" label={t('callDetails.field.callQueue')} value={entry.queue ?? null} />
      </Section>
      <Section title={t('callDetails.section.ivr')} note={hasIvr ? null : t('callDetails.noIvr')}>
        <Field name="customerNumber" label={t('callDetails.field.customerNumber')} value={entry.ivr.customerNumber} />
        <Field name="concern" label={t('callDetails.field.concern')} value={entry.ivr.concern} />
        <Field name="queue" label={t('callDetails.field.queue')} value={entry.ivr.queue} />
      </Section>
      <Section title={t('callDetails.section.times')}>
        <Field name="ringAt" label={t('callDetails.field.ringAt')} value={time(entry.ringAt)} data={entry.ringAt} />
        <Field name="answerAt" label={t('callDetails.field.answerAt')} value={time(entry.answerAt)} data={entry.answerAt} />
        <Field name="endAt" label={t('callDetails.field.endAt')} value={time(entry.endAt)} data={entry.endAt} />
        <Field
          name="duration"
          label={t('callDetails.field.duration')}
          value={row.durationMs === null ? null : formatDuration(row.durationMs / 1000)}
          data={row.durationMs}
        />
        <Field name="result" label={t('callDetails.field.result')} value={row.result && t(`callLog.endCause.${row.result}`)} data={row.result} />
        <Field name="endedBy" label={t('callDetails.field.endedBy')} value={entry.endedBy && t(`callDetails.endedBy.${entry.endedBy}`)} data={entry.endedBy} />
        <Field
          name="endReason"
          label={t('callDetails.field.endReason')}
          value={entry.endReason && t(`callDetails.endReason.${entry.endReason}`)}
          data={entry.endReason}
        />
        <Field name="transferTarget" label={t('callDetails.field.transferTarget')} value={entry.transferTarget} />
        <Field name="quality" label={t('quality.summary')} value={qualityText(entry, t)} data={entry.quality ? entry.quality.mosAvg : null} />
      </Section>
      <WrapUpSection entry={entry} />
      <FormsSection entry={entry} />
      <TopicsSection entry={entry} />
      <ReportProblem callId={entry.id} />
    </div>
  );
}

/** What the agent recorded after the call: the disposition, the note, the script and its answers. */
function WrapUpSection({ entry }: { entry: CallLogEntry }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const hasWrapUp = entry.disposition !== null || entry.note || entry.script !== null || entry.answers.length > 0;
  return (
    <section className="call-details__section" data-testid="calldetails-wrapup">
      <h4>{t('callDetails.section.wrapUp')}</h4>
      {!hasWrapUp ? (
        <p className="muted call-details__none">{t('callDetails.noWrapUp')}</p>
      ) : (
        <>
          <dl>
            {entry.disposition !== null && (
              <div className="call-details__field" data-field="disposition" data-value={entry.disposition} data-testid="calldetails-disposition">
                <dt>{t('callDetails.field.disposition')}</dt>
                <dd>{entry.dispositionLabel !== null ? dispositionLabel(t, { code: entry.disposition, label: entry.dispositionLabel }) : entry.disposition}</dd>
              </div>
            )}
            <Field
              name="wrapUpAt"
              label={t('callDetails.field.wrapUpAt')}
              value={entry.wrapUpAt === null ? null : formatDateTime(entry.wrapUpAt, language)}
              data={entry.wrapUpAt}
            />
            {entry.script !== null && (
              <div className="call-details__field" data-field="script" data-testid="calldetails-script">
                <dt>{t('callDetails.field.script')}</dt>
                <dd>
                  {entry.script.version === null
                    ? entry.script.title
                    : t('callDetails.scriptVersion', { title: entry.script.title, version: entry.script.version })}
                </dd>
              </div>
            )}
          </dl>
          {entry.note && (
            <div className="call-details__note" data-testid="calldetails-note">
              <h5>{t('callDetails.field.note')}</h5>
              <p>{entry.note}</p>
            </div>
          )}
          {entry.answers.length > 0 && (
            <div className="call-details__answers">
              <h5>{t('callDetails.answers')}</h5>
              <dl data-testid="calldetails-answers">
                {entry.answers.map((answer) => (
                  <div key={answer.id} className="call-details__answer" data-question-id={answer.id}>
                    <dt>{answer.question}</dt>
                    <dd>{answer.answer}</dd>
                    {answer.order && (
                      // Shuffled options: the order the customer heard them in matters to the researcher.
                      <dd className="call-details__answer-order muted" data-testid="calldetails-answer-order">
                        {t('callDetails.answerOrder', { order: answer.order.join(', ') })}
                      </dd>
                    )}
                  </div>
                ))}
              </dl>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The forms submitted on the call: title, where delivery stands (with the reason), and the fields, bank details masked. */
function FormsSection({ entry }: { entry: CallLogEntry }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  if (!entry.forms?.length) return null;
  return (
    <section className="call-details__section" data-testid="calldetails-forms">
      <h4>{t('formDelivery.callDetails.section')}</h4>
      {entry.forms.map((form) => (
        <div key={form.id} className="call-details__form" data-form-id={form.formId} data-status={form.status} data-testid="calldetails-form">
          <h5>
            {form.title} —{' '}
            <span className={`call-details__form-status call-details__form-status--${form.status}`}>{t(`formDelivery.callDetails.status.${form.status}`)}</span>
            {form.revision > 1 && <span className="muted"> ({t('formDelivery.callDetails.revision', { revision: form.revision })})</span>}
          </h5>
          <p className="muted">
            {t('formDelivery.callDetails.submittedAt', { time: formatDateTime(form.submittedAt, language) })}
            {form.sentAt !== null && <>, {t('formDelivery.callDetails.sentAt', { time: formatDateTime(form.sentAt, language) })}</>}
          </p>
          {form.detail && (
            <p className="call-details__form-detail" role={form.status === 'refused' ? 'alert' : undefined} data-testid="calldetails-form-detail">
              {wordSaid(t, form.detail)}
            </p>
          )}
          <dl>
            {form.fields
              .filter((field) => field.text !== '')
              .map((field, index) => (
                <div key={index} className="call-details__field">
                  <dt>{field.label}</dt>
                  <dd>{field.text}</dd>
                </div>
              ))}
          </dl>
        </div>
      ))}
    </section>
  );
}

/** The current topics the call's banner showed, with their version, and which the agent opened. */
function TopicsSection({ entry }: { entry: CallLogEntry }) {
  const { t } = useTranslation();
  if (!entry.topics?.length) return null;
  return (
    <section className="call-details__section" data-testid="calldetails-topics">
      <h4>{t('topics.current')}</h4>
      <ul>
        {entry.topics.map((topic) => (
          <li key={`${topic.client}/${topic.id}`} data-topic-id={topic.id} data-opened={topic.openedAt !== null}>
            {t(topic.openedAt === null ? 'topics.recordShown' : 'topics.recordOpened', { title: topic.title, version: topic.version })}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The line's quality over the call, in one line; null for calls never measured. */
function qualityText(entry: CallLogEntry, t: TFunction): string | null {
  const q = entry.quality;
  if (!q) return null;
  return t('quality.summaryText', {
    avg: q.mosAvg.toFixed(1),
    min: q.mosMin.toFixed(1),
    loss: q.lossPercent.toFixed(1),
    jitter: Math.round(q.jitterMs),
    rtt: q.rttMs === null ? '–' : Math.round(q.rttMs),
  });
}

/** A group of facts; `note` instead when the call has none of them. */
function Section({ title, children, note = null }: { title: string; children: ReactNode; note?: string | null }) {
  return (
    <section className="call-details__section">
      <h4>{title}</h4>
      {note ? <p className="muted call-details__none">{note}</p> : <dl>{children}</dl>}
    </section>
  );
}

/** One fact; left out when the call has none (a dash would say nothing more). */
function Field({ name, label, value, data }: { name: string; label: string; value: string | null | undefined; data?: string | number | null }) {
  if (value === null || value === undefined || value === '') return null;
  return (
    <div className="call-details__field" data-field={name} data-value={data ?? undefined}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
