import type { FormView } from '../../../src-main/contract';
import type { AnlaufState } from '../types';
import { selectFocusCall } from './callContext';

/** The newer of two views of one form: main's answer to a command can be ahead of its snapshot. */
function newer(a: FormView | undefined, b: FormView | undefined): FormView | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.updatedAt > a.updatedAt ? b : a;
}

/** A call's forms, oldest first: the snapshot's, each replaced by main's newer answer, and those just opened. */
export function formsOfCall(state: AnlaufState, callId: string): FormView[] {
  const { byCall, answered } = state.forms;
  const listed = byCall[callId] ?? [];
  const forms = listed.map((form) => newer(form, answered[form.id]) ?? form);
  for (const form of Object.values(answered)) {
    if (form.callId === callId && !listed.some((entry) => entry.id === form.id)) forms.push(form);
  }
  return forms;
}

/** One form by its id, as new as the page knows it. */
export function findForm(state: AnlaufState, id: string): FormView | null {
  let found: FormView | undefined = state.forms.answered[id];
  for (const forms of Object.values(state.forms.byCall))
    found = newer(
      found,
      forms.find((form) => form.id === id),
    );
  return found ?? null;
}

/** The call whose forms the agent works on: the call in focus, else the call waiting for its wrap-up. */
export const selectFormsCallId = (state: AnlaufState): string | null => selectFocusCall(state)?.id ?? state.wrapUp.list[0]?.callId ?? null;

/**
 * The form in the panel: the one the agent opened; else a draft of the call they work on that
 * they did not close (after a restart the draft comes back on screen by itself).
 */
export function selectShownForm(state: AnlaufState): FormView | null {
  const { shown, closed } = state.forms;
  // A form the agent opened, while main still has it (not one of a call long done).
  const opened = shown === null ? null : findForm(state, shown);
  if (opened) return opened;
  const callId = selectFormsCallId(state);
  if (callId === null) return null;
  return formsOfCall(state, callId).findLast((form) => form.status === 'draft' && !closed.includes(form.id)) ?? null;
}
