// @vitest-environment jsdom
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message, SignInView } from '../../../src-main/contract';
import { App } from '../../App';
import { createFakeAnlauf } from '../../test/fakeAnlauf';
import { makeLogEntry, makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const signedOut: SignInView = {
  mode: 'agent',
  status: 'signedOut',
  agentId: null,
  since: null,
  staySignedInOffered: true,
  error: null,
  notice: null,
  heldLink: null,
};
const signedIn = (agentId: string, notice: Message | null = null): SignInView => ({ ...signedOut, status: 'signedIn', agentId, since: Date.now(), notice });

/** Mounts the app on a shared desk; it opens on the form, not the workstation. */
async function renderSignIn(view: Partial<SignInView> = {}) {
  const fake = createFakeAnlauf({ snapshot: makeSnapshot({ signIn: { ...signedOut, ...view } }) });
  window.anlauf = fake.api;
  render(<App />);
  await screen.findByTestId('sign-in');
  return { fake };
}

/** Main's refusal: the reason on the form (snapshot) and as the command's rejection. */
function refuseWith(fake: Awaited<ReturnType<typeof renderSignIn>>['fake'], said: Message) {
  fake.api.signIn.submit.mockImplementation(async () => {
    fake.emitState({ signIn: { ...signedOut, error: said } });
    throw Object.assign(new Error(said.key), { said });
  });
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('sign-in on a shared desk', () => {
  it('shows the form instead of the workstation, with focus on the agent ID', async () => {
    await renderSignIn();
    expect(screen.queryByTestId('app')).toBeNull();
    expect(screen.queryByTestId('line-kind')).toBeNull();
    expect(screen.getByRole('form', { name: 'Sign in' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Agent ID'));
    const password = screen.getByLabelText('Password') as HTMLInputElement;
    expect(password.type).toBe('password');
    // Nothing is remembered for the next person at the desk.
    expect(password.autocomplete).toBe('off');
    expect((screen.getByLabelText('Agent ID') as HTMLInputElement).autocomplete).toBe('off');
    expect(screen.getByLabelText('Stay signed in')).toBeTruthy();
  });

  it('says where a number clicked before the sign-in goes, and nothing when there is none', async () => {
    const { fake } = await renderSignIn({ heldLink: '+49 40 3012 4477' });
    expect(screen.getByRole('status').textContent).toBe('+49 40 3012 4477 goes into your dial box once you have signed in.');
    act(() => void fake.emitState({ signIn: { ...signedOut, heldLink: null } }));
    expect(screen.queryByTestId('sign-in-held-link')).toBeNull();
  });

  it('sends the agent ID, password and stay-signed-in, then opens the workstation', async () => {
    const { fake } = await renderSignIn();
    let answer: () => void = () => {};
    fake.api.signIn.submit.mockImplementation(
      () =>
        new Promise((resolve) => {
          answer = () => {
            fake.emitState({ signIn: signedIn('agent-7') });
            resolve({ ok: true });
          };
        }),
    );
    type('sign-in-agent-id', ' agent-7 ');
    type('sign-in-password', 'geheim');
    fireEvent.click(screen.getByLabelText('Stay signed in'));
    fireEvent.click(screen.getByTestId('sign-in-submit'));
    expect(fake.api.signIn.submit).toHaveBeenCalledWith({ agentId: 'agent-7', password: 'geheim', staySignedIn: true });
    // Pending: a second click sends nothing.
    await waitFor(() => expect(screen.getByTestId('sign-in-submit').textContent).toBe('Signing in…'));
    expect(screen.getByTestId('sign-in-submit').hasAttribute('disabled')).toBe(true);
    await act(async () => answer());
    await screen.findByTestId('line-kind');
    expect(screen.queryByTestId('sign-in')).toBeNull();
    expect(screen.getByTestId('signed-in-agent').textContent).toContain('agent-7');
  });

  it('does not offer "stay signed in" when IT does not', async () => {
    const { fake } = await renderSignIn({ staySignedInOffered: false });
    expect(screen.queryByLabelText('Stay signed in')).toBeNull();
    type('sign-in-agent-id', 'agent-7');
    type('sign-in-password', 'geheim');
    fireEvent.click(screen.getByTestId('sign-in-submit'));
    expect(fake.api.signIn.submit).toHaveBeenCalledWith({ agentId: 'agent-7', password: 'geheim', staySignedIn: false });
  });

  it("shows main's refusal as an alert, in focus, and asks for the password again", async () => {
    const { fake } = await renderSignIn();
    refuseWith(fake, { key: 'signIn.wrongPassword', params: {} });
    type('sign-in-agent-id', 'agent-7');
    type('sign-in-password', 'falsch');
    fireEvent.click(screen.getByTestId('sign-in-submit'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Agent ID or password is wrong. Check both and try again.');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect((screen.getByLabelText('Agent ID') as HTMLInputElement).value).toBe('agent-7');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    // No notice of the refused command on top of it.
    expect(screen.queryByTestId('notice')).toBeNull();
  });

  it('shows why the agent was signed out when the form opens', async () => {
    await renderSignIn({ error: { key: 'signIn.signedOutRefused', params: {} } });
    expect(screen.getByRole('alert').textContent).toMatch(/^You were signed out/);
  });

  it('says when a restart will ask again, once signed in', async () => {
    await renderApp({ snapshot: makeSnapshot({ signIn: signedIn('agent-7', { key: 'signIn.restoreNeedsPassword', params: {} }) }) });
    expect(screen.getByTestId('sign-in-notice').textContent).toBe(
      'This desk cannot keep your password safely: after a restart you will have to sign in again.',
    );
  });
});

describe('signing out', () => {
  it('signs out from the phone bar and the form comes back, empty', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ signIn: signedIn('agent-7') }) });
    fake.api.signIn.signOut.mockImplementation(async () => {
      fake.emitState({ signIn: signedOut });
      return { ok: true };
    });
    expect(screen.getByTestId('signed-in-agent').textContent).toContain('agent-7');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(fake.api.signIn.signOut).toHaveBeenCalledWith({});
    await screen.findByTestId('sign-in');
    expect(screen.queryByTestId('line-kind')).toBeNull();
    expect((screen.getByLabelText('Agent ID') as HTMLInputElement).value).toBe('');
  });

  it("leaves nothing of the agent before in the next agent's call log", async () => {
    const { fake } = await renderApp({
      snapshot: makeSnapshot({ signIn: signedIn('anna') }),
      log: [makeLogEntry({ id: 'anna-1', remoteName: 'Annas Kundin' })],
    });
    expect(await screen.findByText('Annas Kundin')).toBeTruthy();
    act(() => void fake.emitState({ signIn: signedOut }));
    await screen.findByTestId('sign-in');
    // Ben's call log is slow to come: anna's must not stand in for it meanwhile (nor merge into it).
    fake.api.callLog.list.mockImplementation(() => new Promise(() => {}));
    act(() => void fake.emitState({ signIn: signedIn('ben') }));
    await screen.findByTestId('line-kind');
    await waitFor(() => expect(fake.api.callLog.list).toHaveBeenCalled());
    expect(screen.queryByText('Annas Kundin')).toBeNull();
  });

  it('shows why main refuses to sign out during a call', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ signIn: signedIn('agent-7') }) });
    const said: Message = { key: 'signIn.callInProgress', params: {} };
    fake.api.signIn.signOut.mockRejectedValue(Object.assign(new Error(said.key), { said }));
    fireEvent.click(screen.getByTestId('sign-out'));
    expect((await screen.findByTestId('notice')).textContent).toContain('Finish the call and its wrap-up before you sign out.');
    expect(screen.queryByTestId('sign-in')).toBeNull();
  });
});

describe('a personal desk (sign-in off)', () => {
  it('shows neither the form nor who is signed in', async () => {
    await renderApp();
    expect(screen.queryByTestId('sign-in')).toBeNull();
    expect(screen.queryByTestId('signed-in')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });
});
