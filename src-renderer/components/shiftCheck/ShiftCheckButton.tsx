import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAnlauf } from '../../store/react';

/** "Check my workstation" in the phone bar; marked when IT requires it and it is due. */
export function ShiftCheckButton() {
  const { t } = useTranslation();
  const { mode, due, open } = useAnlauf(useShallow((s) => ({ mode: s.shiftCheck.view?.mode ?? 'off', due: s.shiftCheck.view?.due ?? false, open: s.openShiftCheck })));
  if (mode === 'off') return null;
  return (
    <button type="button" className={`button button--ghost shift-check__open${due ? ' shift-check__open--due' : ''}`} data-testid="shift-check-open" title={t('shiftCheck.openTitle')} onClick={open}>
      <span aria-hidden="true">✓</span> {t('shiftCheck.open')}
      {due && <span className="shift-check__due">{t('shiftCheck.due')}</span>}
    </button>
  );
}
