import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAnlauf } from '../../store/react';

/**
 * "Check due" in the phone bar while IT requires the check and it has not passed; otherwise the
 * check is in the agent state menu, beside Ready, and takes no room in the bar.
 */
export function ShiftCheckButton() {
  const { t } = useTranslation();
  const { due, open } = useAnlauf(useShallow((s) => ({ due: s.shiftCheck.view?.due ?? false, open: s.openShiftCheck })));
  if (!due) return null;
  return (
    <button type="button" className="button shift-check__due" data-testid="shift-check-due" title={t('shiftCheck.openTitle')} onClick={open}>
      <span aria-hidden="true">!</span> {t('shiftCheck.due')}
    </button>
  );
}
