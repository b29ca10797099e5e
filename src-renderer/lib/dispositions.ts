import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { hasDerivedLabel } from '../../src-main/shared/dispositions';

/** The test id part of a code: spaces become dashes. */
export function codeId(code: string): string {
  return code.replace(/\s+/g, '-');
}

/**
 * The codes Anlauf ships as the default disposition set (settings' `wrapUp.dispositions`), with
 * their label in the catalogue. Main derives an English label from a bare code ("no sale" → "No
 * sale"); on a German desk these codes are said in German. A code IT defines keeps its label.
 */
const SHIPPED = {
  solved: 'solved',
  escalated: 'escalated',
  callback: 'callback',
  sale: 'sale',
  'no sale': 'noSale',
  'survey complete': 'surveyComplete',
  'not surveyed': 'notSurveyed',
  'wrong number': 'wrongNumber',
} as const;

/** A disposition's label in the UI's language: a shipped code without a label of its own from the catalogue. */
export function dispositionLabel(t: TFunction, disposition: { code: string; label: string }): string {
  const shipped = Object.hasOwn(SHIPPED, disposition.code) ? SHIPPED[disposition.code as keyof typeof SHIPPED] : null;
  return shipped && hasDerivedLabel(disposition) ? t(`wrapUp.disposition.${shipped}`) : disposition.label;
}

export function useDispositionLabel(): (disposition: { code: string; label: string }) => string {
  const { t } = useTranslation();
  return useCallback((disposition: { code: string; label: string }) => dispositionLabel(t, disposition), [t]);
}
