import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { formatElapsed } from '../lib/format';
import { useNow } from '../lib/useNow';
import { useAnlauf } from '../store/react';
import { selectNotReadyReasons } from '../store/selectors/work';
import type { ChosenAgentState } from '../store/slices/agent';
import { useReasonLabel } from './agent/useReasonLabel';

/**
 * The agent's state in the phone bar, how long it lasts, and the menu to choose Ready, Not ready
 * (with a reason) or Offline. During a call or a wrap-up the choice waits for them; the bar says so.
 */
export function AgentControl() {
  const { t } = useTranslation();
  const reasonLabel = useReasonLabel();
  const { state, since, chosen, reason, pending, setAgentState } = useAnlauf(
    useShallow((s) => ({
      state: s.agent.state,
      since: s.agent.since,
      chosen: s.agent.chosen,
      reason: s.agent.reason,
      pending: s.agent.pending,
      setAgentState: s.setAgentState,
    })),
  );
  const reasons = useAnlauf(selectNotReadyReasons);
  // Going Ready is where the pre-shift check belongs: it is offered in the same menu.
  const checkOffered = useAnlauf((s) => (s.shiftCheck.view?.mode ?? 'off') !== 'off');
  const openShiftCheck = useAnlauf((s) => s.openShiftCheck);
  const now = useNow(1000, state !== null);
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);

  // The menu closes on a click elsewhere, like any menu.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: MouseEvent) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('mousedown', onPointer);
    return () => document.removeEventListener('mousedown', onPointer);
  }, [open]);

  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLButtonElement>('[aria-checked="true"], button')?.focus();
  }, [open]);

  if (!state) return null;

  const chosenText = (choice: ChosenAgentState | null, why: typeof reason) =>
    choice === 'notReady' && why ? t('agent.notReadyWith', { reason: reasonLabel(why) }) : choice ? t(`agent.state.${choice}`) : '';
  const shown = state === 'notReady' ? chosenText('notReady', reason) : t(`agent.state.${state}`);
  // While a call or wrap-up overrides the choice, the agent sees what comes after it.
  const after = (state === 'onCall' || state === 'wrapUp') && chosen !== null && chosen !== 'ready' ? chosenText(chosen, reason) : null;

  const choose = (next: ChosenAgentState, code?: string) => {
    setOpen(false);
    toggleRef.current?.focus();
    void setAgentState(next, code);
  };
  const isChosen = (next: ChosenAgentState, code?: string) => chosen === next && (code === undefined || reason?.code === code);

  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') {
      if (event.key === 'Escape') event.preventDefault();
      setOpen(false);
      toggleRef.current?.focus();
    }
  };

  return (
    <div className="phone-bar__group agent" role="group" aria-label={t('agent.label')} ref={rootRef}>
      <span className="phone-bar__label">{t('agent.label')}</span>
      <button
        ref={toggleRef}
        type="button"
        className={`agent__toggle agent__toggle--${state}`}
        data-testid="agent-state-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        title={t('agent.choose')}
        disabled={pending}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span className={`agent__dot agent__dot--${state}`} aria-hidden="true" />
        <span className={`agent__state agent__state--${state}`} data-testid="agent-state" data-state={state}>
          {shown}
        </span>
        {since !== null && (
          <span className="agent__timer" data-testid="agent-state-timer" aria-label={t('agent.since')}>
            {formatElapsed((now - since) / 1000)}
          </span>
        )}
        <span className="agent__chevron" aria-hidden="true">
          ▾
        </span>
      </button>
      {after && (
        <span className="agent__after" data-testid="agent-state-after">
          {t('agent.afterCall', { state: after })}
        </span>
      )}
      {open && (
        <ul className="agent-menu" role="menu" id={menuId} aria-label={t('agent.choose')} data-testid="agent-state-options" ref={menuRef} onKeyDown={onMenuKey}>
          <li role="none">
            <MenuItem testId="agent-state-option-ready" checked={isChosen('ready')} onChoose={() => choose('ready')} state="ready">
              {t('agent.state.ready')}
            </MenuItem>
          </li>
          <li role="none" className="agent-menu__group" id={`${menuId}-reasons`}>
            {t('agent.state.notReady')}
          </li>
          {reasons.map((entry) => (
            <li role="none" key={entry.code}>
              <MenuItem
                testId={`agent-state-reason-${entry.code}`}
                checked={isChosen('notReady', entry.code)}
                onChoose={() => choose('notReady', entry.code)}
                state="notReady"
                indent
              >
                {reasonLabel(entry)}
              </MenuItem>
            </li>
          ))}
          <li role="none">
            <MenuItem testId="agent-state-option-offline" checked={isChosen('offline')} onChoose={() => choose('offline')} state="offline">
              {t('agent.state.offline')}
            </MenuItem>
          </li>
          {checkOffered && (
            <>
              <li role="separator" className="agent-menu__separator" />
              <li role="none">
                <button
                  type="button"
                  role="menuitem"
                  className="agent-menu__item"
                  data-testid="shift-check-open"
                  onClick={() => {
                    setOpen(false);
                    openShiftCheck();
                  }}
                >
                  <span className="agent-menu__icon" aria-hidden="true">
                    ✓
                  </span>
                  {t('shiftCheck.open')}
                </button>
              </li>
            </>
          )}
        </ul>
      )}
    </div>
  );
}

function MenuItem({
  testId,
  checked,
  onChoose,
  state,
  indent = false,
  children,
}: {
  testId: string;
  checked: boolean;
  onChoose: () => void;
  state: ChosenAgentState;
  indent?: boolean;
  children: string;
}) {
  return (
    <button
      type="button"
      role="menuitemradio"
      aria-checked={checked}
      className={`agent-menu__item${indent ? ' agent-menu__item--reason' : ''}`}
      data-testid={testId}
      onClick={onChoose}
    >
      <span className={`agent__dot agent__dot--${state}`} aria-hidden="true" />
      {children}
      {checked && (
        <span className="agent-menu__check" aria-hidden="true">
          ✓
        </span>
      )}
    </button>
  );
}
