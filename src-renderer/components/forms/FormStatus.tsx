import { useTranslation } from 'react-i18next';
import type { FormView } from '../../../src-main/contract';
import { useWordSaid } from '../../i18n/said';

/** Where a form stands, in words: draft, sent, waiting to be sent (and why), refused (and why). */
export function FormStatus({ form }: { form: FormView }) {
  const { t } = useTranslation();
  const wordSaid = useWordSaid();
  const detail = form.detail ? wordSaid({ message: '', said: form.detail }) : null;
  const text =
    form.status === 'draft'
      ? t('forms.status.draft')
      : form.status === 'sent'
        ? t('forms.status.sent')
        : form.status === 'waiting'
          ? detail
            ? t('forms.status.waitingDetail', { detail })
            : t('forms.status.waiting')
          : // Main's word on a refusal already says who refused it and why ("Refused (HTTP 422): …").
            (detail ?? t('forms.status.refusedNoReason'));
  return (
    <span className={`form-status form-status--${form.status}`} data-testid="form-status" data-status={form.status}>
      {text}
    </span>
  );
}
