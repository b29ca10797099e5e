import { createContext, useContext, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../src-main/contract';
import { useWordSaid } from '../../i18n/said';
import { prefillSource } from '../../lib/formValue';

/** The words every field of a form uses, worded once per form rather than once per field (forty fields). */
export type FieldTexts = {
  required: string;
  yes: string;
  no: string;
  from: string;
  to: string;
  pick: string;
  change: string;
  changeLabel: (field: string) => string;
  prefilled: (from: string) => string;
  said: (message: Message) => string;
};

export const FieldTextsContext = createContext<FieldTexts | null>(null);

export function useFieldTexts(): FieldTexts {
  const texts = useContext(FieldTextsContext);
  if (!texts) throw new Error('a form field needs the FieldTextsContext of its form');
  return texts;
}

/** The texts in the desk's language, for the form's provider. */
export function useFieldTextsOfLanguage(): FieldTexts {
  const { t } = useTranslation();
  const wordSaid = useWordSaid();
  return useMemo(
    () => ({
      required: t('forms.required'),
      yes: t('forms.yes'),
      no: t('forms.no'),
      from: t('forms.range.from'),
      to: t('forms.range.to'),
      pick: t('forms.pick'),
      change: t('forms.change'),
      changeLabel: (field: string) => t('forms.changeLabel', { field }),
      prefilled: (from: string) => t(`forms.prefilled.${prefillSource(from)}`, { source: from }),
      said: (message: Message) => wordSaid({ message: '', said: message }),
    }),
    [t, wordSaid],
  );
}
