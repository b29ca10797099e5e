// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DialLinkView, LineView, Snapshot } from '../../src-main/contract';
import { makeSnapshot } from '../test/fixtures';
import { renderApp, unmountApp } from '../test/renderApp';

afterEach(unmountApp);

const registered: LineView = { kind: 'sip', status: 'registered', detail: null, since: 0 };
const registering: LineView = { ...registered, status: 'registering' };
const link = (state: DialLinkView['state'], waitingFor: DialLinkView['waitingFor'] = null): DialLinkView => ({
  id: 'link-1',
  target: '+49 40 3012 4477',
  state,
  waitingFor,
  waitSeconds: 30,
  since: 0,
  refusal: null,
});
const german = (snapshot: Snapshot): Snapshot => ({ ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } });

describe('a tel:/sip: link from the OS', () => {
  it('waits for the line, then fills and focuses the dial box without dialling; the agent confirms', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ line: registering, link: link('waiting', 'line') }) });
    const input = screen.getByTestId('dial-input') as HTMLInputElement;
    expect(screen.getByTestId('dial-link-waiting').textContent).toBe('+49 40 3012 4477 goes into the dial box as soon as the phone line is registered.');
    expect(input.value).toBe('');

    act(() => void fake.emitState({ line: registered, link: link('ready') }));
    await waitFor(() => expect(input.value).toBe('+49 40 3012 4477'));
    expect(document.activeElement).toBe(input);
    expect(fake.api.link.done).toHaveBeenCalledWith({ id: 'link-1' });
    expect(fake.api.phone.dial).not.toHaveBeenCalled();
    expect(screen.queryByTestId('dial-link-waiting')).toBeNull();

    // The same link in a later snapshot (before main forgot it) does not overwrite the agent's edit.
    fireEvent.change(input, { target: { value: '+49 40 3012 4400' } });
    act(() => void fake.emitState({ link: link('ready') }));
    expect(input.value).toBe('+49 40 3012 4400');

    fireEvent.click(screen.getByTestId('dial-call'));
    expect(fake.api.phone.dial).toHaveBeenCalledWith({ target: '+49 40 3012 4400' });
  });

  it('says when it waits for the audio', async () => {
    await renderApp({ snapshot: makeSnapshot({ line: registered, link: link('waiting', 'media') }) });
    expect(screen.getByTestId('dial-link-waiting').textContent).toBe('+49 40 3012 4477 goes into the dial box as soon as the audio is ready.');
  });

  it('tells the agent when the line did not register in time, until dismissed', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ line: registering, link: link('failed', 'line') }) });
    const notice = screen.getByTestId('link-notice');
    expect(notice.textContent).toContain('The link to +49 40 3012 4477 was not put in the dial box: the phone line did not register within 30 seconds.');
    expect((screen.getByTestId('dial-input') as HTMLInputElement).value).toBe('');
    fireEvent.click(screen.getByTestId('link-notice-dismiss'));
    expect(fake.api.link.done).toHaveBeenCalledWith({ id: 'link-1' });
    await waitFor(() => expect(screen.queryByTestId('link-notice')).toBeNull());
    expect(fake.api.phone.dial).not.toHaveBeenCalled();
  });

  it('speaks German', async () => {
    await renderApp({ snapshot: german(makeSnapshot({ line: registered, link: link('failed', 'media') })) });
    await waitFor(() =>
      expect(screen.getByTestId('link-notice').textContent).toContain(
        'Der Link zu +49 40 3012 4477 kam nicht ins Wählfeld: Der Ton ist nicht innerhalb von 30 Sekunden bereit geworden.',
      ),
    );
  });

  it('leaves the dial box alone while the agent is on a call, and can be discarded', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ line: registered, link: link('waiting', 'call') }) });
    const input = screen.getByTestId('dial-input') as HTMLInputElement;
    expect(screen.getByTestId('dial-link-waiting').textContent).toBe('+49 40 3012 4477 goes into the dial box once this call and its wrap-up are done.');
    expect(input.value).toBe('');
    fireEvent.click(screen.getByTestId('dial-link-discard'));
    expect(fake.api.link.done).toHaveBeenCalledWith({ id: 'link-1' });
    expect(fake.api.phone.dial).not.toHaveBeenCalled();
  });

  it('says why a link was refused, and never fills the dial box with it', async () => {
    const refused = (reason: 'domain' | 'blocked', detail: string, target: string): DialLinkView => ({
      ...link('refused'),
      target,
      refusal: { reason, detail },
    });
    const { fake } = await renderApp({ snapshot: makeSnapshot({ line: registered, link: refused('domain', 'evil.example', 'sip:boss@evil.example') }) });
    expect(screen.getByTestId('link-notice').textContent).toContain(
      "The link to sip:boss@evil.example was not taken: evil.example is not your company's phone system.",
    );
    act(() => void fake.emitState({ link: refused('blocked', '0900', '+49 900 1234567') }));
    await waitFor(() =>
      expect(screen.getByTestId('link-notice').textContent).toContain(
        'The link to +49 900 1234567 was not taken: numbers starting with 0900 are blocked on this workstation.',
      ),
    );
    expect((screen.getByTestId('dial-input') as HTMLInputElement).value).toBe('');
    fireEvent.click(screen.getByTestId('link-notice-dismiss'));
    expect(fake.api.link.done).toHaveBeenCalledWith({ id: 'link-1' });
    expect(fake.api.phone.dial).not.toHaveBeenCalled();
  });

  it('says it in German too', async () => {
    const refused: DialLinkView = { ...link('refused'), target: '0900 1234567', refusal: { reason: 'blocked', detail: '0900' } };
    await renderApp({ snapshot: german(makeSnapshot({ line: registered, link: refused })) });
    await waitFor(() =>
      expect(screen.getByTestId('link-notice').textContent).toContain(
        'Der Link zu 0900 1234567 wurde nicht übernommen: Nummern, die mit 0900 beginnen, sind an diesem Arbeitsplatz gesperrt.',
      ),
    );
  });
});
