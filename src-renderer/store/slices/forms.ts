import type { FormChoice, FormValue, FormView, LoadedForm, Snapshot } from '../../../src-main/contract';
import type { Said } from '../../i18n/said';
import { attemptCommand } from '../command';
import type { SliceCreator } from '../types';

/** The forms the agent fills for the client's systems: per call, as main keeps them, and the one in the panel. */
export type FormsSlice = {
  forms: {
    /** Per call id: drafts and submitted forms, as main's snapshot has them. */
    byCall: Readonly<Record<string, FormView[]>>;
    /**
     * Main's answers to `forms:set`, `forms:submit` and `forms:correct`, per form: newer than the
     * snapshot until the next snapshot catches up (the newer `updatedAt` wins).
     */
    answered: Readonly<Record<string, FormView>>;
    /** The form the panel shows (its id), or null. */
    shown: string | null;
    /** Drafts the agent closed: not brought back by themselves (after a restart a draft is). */
    closed: readonly string[];
    /** Per call: the forms it can open, once asked. */
    choices: Readonly<Record<string, FormChoice[]>>;
    /** A command on this form is on its way (submit, correct, discard). */
    busy: string | null;
    /** Per form, or per call for `forms:open`/`forms:choices`: why main refused. */
    errors: Readonly<Record<string, Said>>;
    /** The trainer's Scripts tab: the forms loaded (null until asked), the one previewed, why a request failed. */
    library: { loaded: LoadedForm[] | null; preview: FormView | null; error: Said | null };
  };
  /** Asks main which forms are loaded (the Scripts tab, and again after a file was loaded). */
  listLoadedForms: () => Promise<void>;
  /** Shows a loaded form as the agent would see it, filled with the preview's sample customer; read-only. */
  previewForm: (formId: string) => Promise<void>;
  closeFormPreview: () => void;
  loadFormChoices: (callId: string) => Promise<void>;
  /** Opens a form on the call, or brings back its draft if one is open already. */
  openForm: (callId: string, formId: string) => Promise<void>;
  /** Shows a form of the call (a draft to go on with, a sent one to read). */
  showForm: (id: string) => void;
  /** Closes the panel on this form; the draft stays with main. */
  closeForm: (id: string) => void;
  setFormField: (id: string, fieldId: string, value: FormValue) => Promise<FormView | null>;
  /** Sends the form; the answer (null when the command failed) says whether main took it. */
  submitForm: (id: string) => Promise<{ ok: boolean; form: FormView } | null>;
  discardForm: (id: string) => Promise<boolean>;
  correctForm: (id: string) => Promise<FormView | null>;
};

/**
 * Main's forms from its snapshot. An answer the page holds stays only while it is newer than the
 * snapshot's view of that form, and while its call is still on the desk (a call or a wrap-up).
 */
export function formsFromSnapshot(snapshot: Snapshot, before: FormsSlice['forms']): Pick<FormsSlice['forms'], 'byCall' | 'answered'> {
  const byCall = snapshot.forms ?? {};
  const onDesk = new Set([...snapshot.calls.map((call) => call.id), ...snapshot.wrapUps.map((wrapUp) => wrapUp.callId), ...Object.keys(byCall)]);
  const answered = Object.fromEntries(
    Object.entries(before.answered).filter(([id, form]) => {
      const listed = byCall[form.callId]?.find((entry) => entry.id === id);
      return onDesk.has(form.callId) && (listed === undefined || form.updatedAt > listed.updatedAt);
    }),
  );
  return { byCall, answered };
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

export const createFormsSlice: SliceCreator<FormsSlice> = (api) => (set, get) => {
  const patch = (change: Partial<FormsSlice['forms']>) => set((s) => ({ forms: { ...s.forms, ...change } }));
  /** Main's answer about a form; `shown`: and the panel shows it, in the same change (never first as another). */
  const answer = (form: FormView, shown = false) =>
    set((s) => ({
      forms: {
        ...s.forms,
        answered: { ...s.forms.answered, [form.id]: form },
        errors: without(s.forms.errors, form.id),
        ...(shown ? { shown: form.id, closed: s.forms.closed.filter((entry) => entry !== form.id) } : {}),
      },
    }));
  const refuse = (key: string, said: Said) => set((s) => ({ forms: { ...s.forms, errors: { ...s.forms.errors, [key]: said } } }));
  const show = (id: string) => set((s) => ({ forms: { ...s.forms, shown: id, closed: s.forms.closed.filter((entry) => entry !== id) } }));

  return {
    forms: { byCall: {}, answered: {}, shown: null, closed: [], choices: {}, busy: null, errors: {}, library: { loaded: null, preview: null, error: null } },

    async listLoadedForms() {
      const outcome = await attemptCommand(() => api.forms.list({}));
      set((s) => ({ forms: { ...s.forms, library: { ...s.forms.library, ...(outcome.ok ? { loaded: outcome.value, error: null } : { error: outcome }) } } }));
    },

    async previewForm(formId) {
      const outcome = await attemptCommand(() => api.forms.preview({ formId }));
      set((s) => ({ forms: { ...s.forms, library: { ...s.forms.library, ...(outcome.ok ? { preview: outcome.value, error: null } : { error: outcome }) } } }));
    },

    closeFormPreview() {
      set((s) => ({ forms: { ...s.forms, library: { ...s.forms.library, preview: null } } }));
    },

    async loadFormChoices(callId) {
      const outcome = await attemptCommand(() => api.forms.choices({ callId }));
      if (outcome.ok)
        set((s) => ({ forms: { ...s.forms, choices: { ...s.forms.choices, [callId]: outcome.value }, errors: without(s.forms.errors, callId) } }));
      else refuse(callId, outcome);
    },

    async openForm(callId, formId) {
      const draft = (get().forms.byCall[callId] ?? []).find((form) => form.formId === formId && form.status === 'draft');
      if (draft) return show(draft.id);
      const outcome = await attemptCommand(() => api.forms.open({ callId, formId }));
      if (!outcome.ok) return refuse(callId, outcome);
      answer(outcome.value, true);
      set((s) => ({ forms: { ...s.forms, errors: without(s.forms.errors, callId) } }));
    },

    showForm: show,

    closeForm(id) {
      // The form may be on screen by itself (a draft back after a restart): it is closed by its id.
      set((s) => ({ forms: { ...s.forms, shown: null, closed: [...s.forms.closed.filter((entry) => entry !== id), id] } }));
    },

    async setFormField(id, fieldId, value) {
      const outcome = await attemptCommand(() => api.forms.set({ id, fieldId, value }));
      if (!outcome.ok) {
        refuse(id, outcome);
        return null;
      }
      answer(outcome.value);
      return outcome.value;
    },

    async submitForm(id) {
      if (get().forms.busy !== null) return null;
      patch({ busy: id });
      const outcome = await attemptCommand(() => api.forms.submit({ id }));
      patch({ busy: null });
      if (!outcome.ok) {
        refuse(id, outcome);
        return null;
      }
      answer(outcome.value.form);
      return outcome.value;
    },

    async discardForm(id) {
      if (get().forms.busy !== null) return false;
      patch({ busy: id });
      const outcome = await attemptCommand(() => api.forms.discard({ id }));
      patch({ busy: null });
      if (!outcome.ok) {
        refuse(id, outcome);
        return false;
      }
      set((s) => ({
        forms: {
          ...s.forms,
          shown: s.forms.shown === id ? null : s.forms.shown,
          answered: without(s.forms.answered, id),
          // Gone at once, before main's next snapshot says so.
          byCall: Object.fromEntries(Object.entries(s.forms.byCall).map(([callId, forms]) => [callId, forms.filter((form) => form.id !== id)])),
        },
      }));
      return true;
    },

    async correctForm(id) {
      if (get().forms.busy !== null) return null;
      patch({ busy: id });
      const outcome = await attemptCommand(() => api.forms.correct({ id }));
      patch({ busy: null });
      if (!outcome.ok) {
        refuse(id, outcome);
        return null;
      }
      answer(outcome.value, true);
      return outcome.value;
    },
  };
};
