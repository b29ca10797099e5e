import { useId } from 'react';
import { selectLocked } from '../../store/selectors/policy';
import { useAnlauf } from '../../store/react';

/**
 * Whether policy locks the setting at `path`, and the id of the "Set by your IT department" text
 * the disabled field points to with aria-describedby, so a screen reader says why it is disabled.
 */
export function useLock(path: string): { locked: boolean; hintId: string } {
  const locked = useAnlauf(selectLocked(path));
  const hintId = useId();
  return { locked, hintId };
}
