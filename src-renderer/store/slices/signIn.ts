import type { Snapshot, SignInView } from '../../../src-main/contract';
import type { Said } from '../../i18n/said';
import { attemptCommand, runCommand } from '../command';
import type { SliceCreator } from '../types';

export type SignInForm = { agentId: string; password: string; staySignedIn: boolean };

/** Who is signed in on a shared desk, and the sign-in form's own state. */
export type SignInSlice = {
  signIn: {
    view: SignInView | null;
    /** A sign-in the page sent and main has not answered yet. */
    submitting: boolean;
    /** A refusal main did not put on the form itself (the host was unreachable, say). */
    failure: Said | null;
  };
  /** Resolves to whether the agent is signed in now. */
  submitSignIn: (form: SignInForm) => Promise<boolean>;
  signOut: () => Promise<void>;
};

export function signInFromSnapshot(snapshot: Snapshot): Pick<SignInSlice['signIn'], 'view'> {
  return { view: snapshot.signIn };
}

/** True on a shared desk while nobody is signed in: the page shows the sign-in form, nothing else. */
export function needsSignIn(view: SignInView | null): boolean {
  return view !== null && view.mode === 'agent' && view.status !== 'signedIn';
}

export const createSignInSlice: SliceCreator<SignInSlice> = (api) => (set, get) => ({
  signIn: { view: null, submitting: false, failure: null },
  async submitSignIn(form) {
    set((s) => ({ signIn: { ...s.signIn, submitting: true, failure: null } }));
    const outcome = await attemptCommand(() => api.signIn.submit(form));
    // Main puts its refusals on the form (snapshot `signIn.error`); keep the answer for any other.
    const failure = outcome.ok ? null : { message: outcome.message, said: outcome.said };
    set((s) => ({ signIn: { ...s.signIn, submitting: false, failure } }));
    return outcome.ok;
  },
  async signOut() {
    // A refusal (a call or its wrap-up in progress) is a notice like any refused command.
    await runCommand(get, () => api.signIn.signOut({}));
  },
});
