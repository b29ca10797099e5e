// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallView } from '../../../src-main/contract';
import { makeCall, makeSnapshot, T0 } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';
import type { FakeAnlauf } from '../../test/fakeAnlauf';

afterEach(unmountApp);

const active = (id: string, more: Partial<CallView> = {}) => makeCall({ id, state: 'active', answerAt: T0, ...more });

function show(fake: FakeAnlauf, ...calls: CallView[]) {
  act(() => void fake.emitState({ calls }));
}

function card(testId: string, callId: string): HTMLElement {
  const found = screen.getAllByTestId(testId).find((element) => element.getAttribute('data-call-id') === callId);
  if (!found) throw new Error(`no ${testId} for ${callId}`);
  return found;
}

describe('call waiting', () => {
  it('shows the active call and the second ringing call, and answers the second by its id', async () => {
    const { fake } = await renderApp();
    show(fake, active('first'), makeCall({ id: 'second', remoteNumber: '+4930999', ringAt: T0 + 20_000 }));

    const activeCard = screen.getByTestId('active-call');
    const waiting = screen.getByTestId('incoming-call');
    expect(activeCard.getAttribute('data-call-id')).toBe('first');
    expect(waiting.getAttribute('data-call-id')).toBe('second');
    expect(waiting.getAttribute('data-state')).toBe('ringing');
    expect(waiting.textContent).toContain('Second call');
    expect(within(waiting).getByTestId('call-remote-number').textContent).toBe('+4930999');

    fireEvent.click(within(waiting).getByTestId('answer'));
    expect(fake.api.phone.answer).toHaveBeenCalledWith({ callId: 'second' });
  });

  it('shows a lone ringing call as an incoming call, not a waiting one', async () => {
    const { fake } = await renderApp();
    show(fake, makeCall({ id: 'only' }));
    expect(screen.getByTestId('incoming-call').textContent).toContain('Incoming call');
    expect(screen.getByTestId('incoming-call').textContent).not.toContain('Second call');
  });

  it('names the queue a ringing call came through, in German too, and nothing for a direct call', async () => {
    const snapshot = makeSnapshot();
    const { fake } = await renderApp({ snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } } });
    show(fake, makeCall({ id: 'queued', queue: { id: 'support', name: 'Support' } }));
    await waitFor(() => expect(within(screen.getByTestId('incoming-call')).getByTestId('call-queue').textContent).toBe('Support'));
    expect(screen.getByTestId('call-queue').previousElementSibling?.textContent).toBe('Warteschlange');
    show(fake, makeCall({ id: 'direct' }));
    expect(screen.queryByTestId('call-queue')).toBeNull();
  });

  it('says Anklopfen in German', async () => {
    const snapshot = makeSnapshot();
    const { fake } = await renderApp({ snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } } });
    show(fake, active('first'), makeCall({ id: 'second', ringAt: T0 + 1 }));
    await waitFor(() => expect(screen.getByTestId('incoming-call').textContent).toContain('Anklopfen'));
    expect(within(screen.getByTestId('active-call')).getByTestId('hold').textContent).toBe('Halten');
  });
});

describe('hold', () => {
  it('asks main to hold and says "On hold" only once main says held', async () => {
    const { fake } = await renderApp();
    show(fake, active('c1'));
    const activeCard = screen.getByTestId('active-call');
    expect(screen.queryByTestId('call-hold-status')).toBeNull();

    fireEvent.click(within(activeCard).getByTestId('hold'));
    expect(fake.api.phone.hold).toHaveBeenCalledWith({ callId: 'c1' });

    show(fake, active('c1', { hold: 'holding' }));
    expect(screen.getByTestId('call-hold-status').textContent).toBe('Putting on hold…');
    expect(screen.getByTestId('active-call').textContent).not.toContain('On hold');
    expect((screen.getByTestId('hold') as HTMLButtonElement).disabled).toBe(true);

    show(fake, active('c1', { hold: 'held' }));
    expect(screen.getByTestId('call-hold-status').textContent).toBe('On hold');
    expect(screen.getByTestId('active-call').getAttribute('data-hold')).toBe('held');
    expect(screen.queryByTestId('hold')).toBeNull();
    await waitFor(() => expect((screen.getByTestId('resume') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('resume'));
    expect(fake.api.phone.resume).toHaveBeenCalledWith({ callId: 'c1' });

    show(fake, active('c1', { hold: 'resuming' }));
    expect(screen.getByTestId('call-hold-status').textContent).toBe('Resuming…');
    expect((screen.getByTestId('resume') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('active-call').textContent).not.toContain('On hold');
  });

  it('shows a call held behind another one on a held card that can be swapped to or resumed', async () => {
    const { fake } = await renderApp();
    show(fake, active('held-1', { hold: 'held', remoteNumber: '+4911' }), active('talk-2', { ringAt: T0 + 5_000 }));
    expect(screen.getByTestId('active-call').getAttribute('data-call-id')).toBe('talk-2');
    const held = card('held-call', 'held-1');
    expect(held.getAttribute('data-state')).toBe('active');
    expect(held.textContent).toContain('On hold');

    fireEvent.click(within(held).getByTestId('swap'));
    expect(fake.api.phone.swap).toHaveBeenCalledWith({ callId: 'held-1' });
    await waitFor(() => expect((within(held).getByTestId('resume') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(within(held).getByTestId('resume'));
    expect(fake.api.phone.resume).toHaveBeenCalledWith({ callId: 'held-1' });
  });
});

describe('a call whose network broke', () => {
  it('says the audio is being reconnected while it is, and nothing once it is back', async () => {
    const { fake } = await renderApp();
    show(fake, active('c1', { reconnecting: true }));
    expect(screen.getByTestId('call-reconnecting').textContent).toBe('Network interrupted — reconnecting the audio; stay on the line');
    show(fake, active('c1', { reconnecting: false }));
    expect(screen.queryByTestId('call-reconnecting')).toBeNull();
  });
});

describe('mute', () => {
  it('follows the snapshot, not the click', async () => {
    const { fake } = await renderApp();
    show(fake, active('c1'));
    const mute = () => screen.getByTestId('mute');
    expect(mute().getAttribute('aria-pressed')).toBe('false');

    fireEvent.click(mute());
    expect(fake.api.phone.mute).toHaveBeenCalledWith({ callId: 'c1', muted: true });
    expect(mute().getAttribute('aria-pressed')).toBe('false');

    show(fake, active('c1', { muted: true }));
    expect(mute().getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('call-muted').textContent).toBe('Muted');
    await waitFor(() => expect((mute() as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(mute());
    expect(fake.api.phone.mute).toHaveBeenLastCalledWith({ callId: 'c1', muted: false });
  });
});

describe('keypad', () => {
  it('sends a tone per key clicked or typed, but not while typing in a field', async () => {
    const { fake } = await renderApp();
    show(fake, active('c1'));
    expect(screen.queryByTestId('keypad')).toBeNull();
    fireEvent.click(screen.getByTestId('keypad-open'));
    expect(screen.getByTestId('keypad-open').getAttribute('aria-expanded')).toBe('true');

    fireEvent.click(screen.getByTestId('keypad-key-5'));
    expect(fake.api.phone.dtmf).toHaveBeenCalledWith({ callId: 'c1', tones: '5' });
    await waitFor(() => expect(screen.getByTestId('keypad-sent').textContent).toContain('5'));

    await act(async () => {
      fireEvent.keyDown(document.body, { key: '#' });
    });
    await waitFor(() => expect(fake.api.phone.dtmf).toHaveBeenLastCalledWith({ callId: 'c1', tones: '#' }));
    await act(async () => {
      fireEvent.keyDown(document.body, { key: '*' });
    });
    await waitFor(() => expect(fake.api.phone.dtmf).toHaveBeenLastCalledWith({ callId: 'c1', tones: '*' }));
    expect(screen.getByTestId('keypad-sent').textContent).toContain('5#*');

    const calls = fake.api.phone.dtmf.mock.calls.length;
    fireEvent.keyDown(screen.getByTestId('dial-input'), { key: '7' });
    fireEvent.keyDown(document.body, { key: 'x' });
    expect(fake.api.phone.dtmf).toHaveBeenCalledTimes(calls);

    for (const key of ['1', '2', '3', '4', '6', '7', '8', '9', '0']) expect(screen.getByTestId(`keypad-key-${key}`)).toBeTruthy();
  });

  it('sends nothing from the keyboard once closed', async () => {
    const { fake } = await renderApp();
    show(fake, active('c1'));
    fireEvent.click(screen.getByTestId('keypad-open'));
    fireEvent.click(screen.getByTestId('keypad-open'));
    expect(screen.queryByTestId('keypad')).toBeNull();
    fireEvent.keyDown(document.body, { key: '1' });
    expect(fake.api.phone.dtmf).not.toHaveBeenCalled();
  });
});

describe('transfer', () => {
  it('transfers blind to the typed target', async () => {
    const { fake } = await renderApp();
    show(fake, active('c1'));
    fireEvent.click(screen.getByTestId('transfer-open'));
    expect((screen.getByTestId('transfer-blind') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('transfer-target'), { target: { value: '  +49 40 555  ' } });
    fireEvent.click(screen.getByTestId('transfer-blind'));
    expect(fake.api.phone.transfer).toHaveBeenCalledWith({ callId: 'c1', target: '+49 40 555' });
    await waitFor(() => expect(screen.queryByTestId('transfer-form')).toBeNull());

    show(fake, active('c1', { transfer: { kind: 'blind', target: '+49 40 555', state: 'trying', detail: null } }));
    expect(screen.getByTestId('call-transfer-status').textContent).toBe('Transferring to +49 40 555…');
    show(fake, active('c1', { transfer: { kind: 'blind', target: '+49 40 555', state: 'failed', detail: '486 Busy Here' } }));
    expect(screen.getByTestId('call-transfer-status').textContent).toBe('Transfer to +49 40 555 failed: 486 Busy Here');
  });

  it('consults the typed target first', async () => {
    const { fake } = await renderApp();
    show(fake, active('c1'));
    fireEvent.click(screen.getByTestId('transfer-open'));
    fireEvent.change(screen.getByTestId('transfer-target'), { target: { value: 'sip:backoffice@example.org' } });
    fireEvent.click(screen.getByTestId('transfer-consult'));
    expect(fake.api.phone.consult).toHaveBeenCalledWith({ callId: 'c1', target: 'sip:backoffice@example.org' });
    expect(fake.api.phone.transfer).not.toHaveBeenCalled();
  });

  it('keeps the form open when main refuses', async () => {
    const { fake } = await renderApp();
    fake.api.phone.transfer.mockRejectedValueOnce(new Error('no such target'));
    show(fake, active('c1'));
    fireEvent.click(screen.getByTestId('transfer-open'));
    fireEvent.change(screen.getByTestId('transfer-target'), { target: { value: '0' } });
    fireEvent.click(screen.getByTestId('transfer-blind'));
    expect((await screen.findByTestId('notice')).textContent).toContain('no such target');
    expect(screen.getByTestId('transfer-form')).toBeTruthy();
  });
});

describe('consultation', () => {
  const original = active('orig', { hold: 'held', remoteName: 'Erika Mustermann' });

  it('shows the consultation being dialed beside the held caller, and cancels it', async () => {
    const { fake } = await renderApp();
    show(
      fake,
      original,
      makeCall({ id: 'cons', state: 'dialing', direction: 'outbound', remoteNumber: '+4940777', remoteName: null, consultFor: 'orig', ringAt: T0 + 9_000 }),
    );
    const outgoing = screen.getByTestId('outgoing-call');
    expect(outgoing.getAttribute('data-state')).toBe('dialing');
    expect(outgoing.textContent).toContain('Calling…');
    expect(within(outgoing).getByTestId('call-consult-for').textContent).toBe('Consultation for Erika Mustermann');
    expect(card('held-call', 'orig')).toBeTruthy();
    expect(screen.queryByTestId('active-call')).toBeNull();

    fireEvent.click(within(outgoing).getByTestId('hangup'));
    expect(fake.api.phone.hangup).toHaveBeenCalledWith({ callId: 'cons' });
  });

  it('completes the transfer from the answered consultation', async () => {
    const { fake } = await renderApp();
    show(fake, original, active('cons', { consultFor: 'orig', remoteNumber: '+4940777', remoteName: null, ringAt: T0 + 9_000 }));
    const consult = screen.getByTestId('active-call');
    expect(consult.getAttribute('data-call-id')).toBe('cons');
    expect(consult.textContent).toContain('Consultation for Erika Mustermann');
    expect(within(consult).queryByTestId('transfer-open')).toBeNull();
    expect(within(consult).getByTestId('hangup').textContent).toBe('Cancel consultation');

    fireEvent.click(within(consult).getByTestId('transfer-complete'));
    expect(fake.api.phone.completeTransfer).toHaveBeenCalledWith({ consultCallId: 'cons' });
  });
});

describe('outbound calls', () => {
  it('shows a dialed call until it is answered, and hangs it up', async () => {
    const { fake } = await renderApp();
    show(fake, makeCall({ id: 'out', state: 'dialing', direction: 'outbound', remoteNumber: '+4930111' }));
    const outgoing = screen.getByTestId('outgoing-call');
    expect(outgoing.getAttribute('data-call-id')).toBe('out');
    expect(within(outgoing).getByTestId('call-remote-number').textContent).toBe('+4930111');
    expect(screen.queryByTestId('incoming-call')).toBeNull();
    fireEvent.click(within(outgoing).getByTestId('hangup'));
    expect(fake.api.phone.hangup).toHaveBeenCalledWith({ callId: 'out' });

    show(fake, active('out', { direction: 'outbound' }));
    expect(screen.queryByTestId('outgoing-call')).toBeNull();
    expect(screen.getByTestId('active-call').getAttribute('data-call-id')).toBe('out');
  });
});

describe('notices from main', () => {
  it("shows main's word on a call, e.g. a refused hold", async () => {
    const { fake } = await renderApp();
    act(() => fake.emitNotice({ callId: 'c1', message: '488 Not Acceptable Here' }));
    const notice = screen.getByTestId('notice');
    expect(notice.textContent).toContain('488 Not Acceptable Here');
    expect(notice.getAttribute('data-call-id')).toBe('c1');
  });
});

describe("the line's quality", () => {
  const quality = { grade: 'good' as const, mos: 4.4, lossPercent: 0, jitterMs: 1, rttMs: 20, breakingUp: false, mic: 'ok' as const };

  it('shows good / fair / poor with the numbers on hover, as main measures it', async () => {
    const { fake } = await renderApp();
    show(fake, active('c1'));
    expect(screen.queryByTestId('call-quality')).toBeNull();
    show(fake, active('c1', { quality }));
    const chip = screen.getByTestId('call-quality');
    expect(chip.textContent).toBe('Line: good');
    expect(chip.getAttribute('title')).toBe('MOS 4.4 · loss 0.0 % · jitter 1 ms · round trip 20 ms');
    show(fake, active('c1', { quality: { ...quality, grade: 'poor', mos: 2.1, lossPercent: 20 } }));
    expect(screen.getByTestId('call-quality').textContent).toBe('Line: poor');
    expect(screen.getByTestId('call-quality').getAttribute('title')).toContain('loss 20.0 %');
    expect(screen.queryByTestId('call-breaking-up')).toBeNull();
  });

  it('warns that the line is breaking up, and about the microphone', async () => {
    const { fake } = await renderApp();
    show(fake, active('c1', { quality: { ...quality, grade: 'poor', mos: 2, breakingUp: true } }));
    expect(screen.getByTestId('call-breaking-up').textContent).toBe('The line is breaking up — the customer may not hear you.');
    show(fake, active('c1', { muted: true, quality: { ...quality, mic: 'mutedSpeaking' } }));
    expect(screen.queryByTestId('call-breaking-up')).toBeNull();
    expect(screen.getByTestId('call-mic-warning').textContent).toBe('You are muted but speaking.');
    show(fake, active('c1', { quality: { ...quality, mic: 'silent' } }));
    expect(screen.getByTestId('call-mic-warning').textContent).toContain('No audio from your microphone');
  });

  it('speaks German', async () => {
    const snapshot = makeSnapshot();
    const { fake } = await renderApp({ snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } } });
    show(fake, active('c1', { quality: { ...quality, grade: 'fair', breakingUp: true } }));
    await waitFor(() => expect(screen.getByTestId('call-quality').textContent).toBe('Leitung: mäßig'));
    expect(screen.getByTestId('call-breaking-up').textContent).toContain('Die Leitung bricht ab');
  });
});

describe('the call timer', () => {
  // A <time> may not carry a name of its own (axe-core: aria-prohibited-attr): the timer role may.
  it('is a timer that screen readers name as the call duration', async () => {
    const { fake } = await renderApp();
    show(fake, active('c1'));
    const timer = within(screen.getByTestId('active-call')).getByRole('timer', { name: 'Call duration' });
    expect(timer.getAttribute('data-testid')).toBe('call-timer');
  });
});
