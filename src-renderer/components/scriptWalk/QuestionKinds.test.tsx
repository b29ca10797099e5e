// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScriptNodeView } from '../../../src-main/contract';
import { makeCall, makeLogEntry, makeQuestion, makeScriptView, makeSnapshot, makeWrapUp } from '../../test/fixtures';
import type { FakeAnlauf } from '../../test/fakeAnlauf';
import { renderApp, unmountApp } from '../../test/renderApp';

/**
 * The survey question kinds in the panel. jsdom has no real keyboard (Playwright drives one in
 * test/e2e/script-questions.spec.ts); here every control is checked to be a native, focusable
 * input or button named for screen readers, picked as Space would pick it (a click), and sent
 * with Enter (a form submit, or Enter on a radio).
 */

afterEach(unmountApp);

const call = makeCall({ state: 'active', answerAt: Date.now() });

async function at(current: ScriptNodeView) {
  const rendered = await renderApp({ snapshot: makeSnapshot({ calls: [call], scripts: { [call.id]: makeScriptView({ current }) } }) });
  return rendered.fake;
}

const option = (value: string, label: string, extra: { specify?: boolean; exclusive?: boolean } = {}) => ({
  value,
  label,
  specify: extra.specify ?? false,
  exclusive: extra.exclusive ?? false,
});
const enter = () => fireEvent.submit(screen.getByTestId('script-next').closest('form') as HTMLFormElement);
const sent = (fake: FakeAnlauf, value: unknown) => waitFor(() => expect(fake.api.script.next).toHaveBeenLastCalledWith({ sessionId: call.id, value }));

describe('survey question kinds in the script panel', () => {
  it('takes a time and a date-time from their native inputs, sent with Enter', async () => {
    const fake = await at(makeQuestion('time', { minDate: '07:00', maxDate: '20:00' }));
    const time = screen.getByTestId('script-input') as HTMLInputElement;
    expect(time.type).toBe('time');
    expect([time.min, time.max]).toEqual(['07:00', '20:00']);
    expect(document.activeElement).toBe(time);
    fireEvent.change(time, { target: { value: '14:30' } });
    enter();
    await sent(fake, '14:30');

    act(() => void fake.emitState({ scripts: { [call.id]: makeScriptView({ current: makeQuestion('datetime', {}, { answer: '2026-12-04 09:30' }) }) } }));
    const moment = (await screen.findByDisplayValue('2026-12-04T09:30')) as HTMLInputElement;
    expect(moment.type).toBe('datetime-local');
    fireEvent.change(moment, { target: { value: '2026-12-05T10:00' } });
    enter();
    await sent(fake, '2026-12-05T10:00');
  });

  it("shows what the ends of a rating mean, beside the scale and in the buttons' names", async () => {
    const fake = await at(makeQuestion('rating', { min: 1, max: 5, minLabel: 'very unhappy', maxLabel: 'very happy' }));
    expect(screen.getByTestId('script-rating-min-label').textContent).toBe('very unhappy');
    expect(screen.getByTestId('script-rating-max-label').textContent).toBe('very happy');
    const best = screen.getByRole('button', { name: '5 of 5: very happy' });
    expect(screen.getByRole('button', { name: '1 of 5: very unhappy' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '3 of 5' })).toBeTruthy();
    best.focus();
    fireEvent.click(best);
    enter();
    await sent(fake, 5);
  });

  it('opens a text field beside "Other", named for screen readers, and sends the text with the choice', async () => {
    const fake = await at(makeQuestion('single', { options: [option('ad', 'An advert'), option('other', 'Other', { specify: true })] }));
    expect(screen.queryByTestId('script-specify')).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'Other' }));
    const specify = screen.getByRole('textbox', { name: 'Please specify: Other' });
    expect(specify.getAttribute('aria-required')).toBe('true');
    fireEvent.change(specify, { target: { value: 'a flyer' } });
    fireEvent.submit((specify as HTMLInputElement).form as HTMLFormElement);
    await sent(fake, { choice: 'other', other: 'a flyer' });
    // Another option closes the field; its text is not sent.
    fireEvent.click(screen.getByRole('radio', { name: 'An advert' }));
    expect(screen.queryByTestId('script-specify')).toBeNull();
    fireEvent.keyDown(screen.getByRole('radio', { name: 'An advert' }), { key: 'Enter' });
    await sent(fake, 'ad');
  });

  it('clears the other options when "none of these" is picked, and it when another is', async () => {
    const fake = await at(
      makeQuestion('multiple', { options: [option('email', 'E-mail'), option('phone', 'Phone'), option('none', 'None of these', { exclusive: true })] }),
    );
    const box = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;
    fireEvent.click(box('E-mail'));
    fireEvent.click(box('Phone'));
    fireEvent.click(box('None of these'));
    expect([box('E-mail').checked, box('Phone').checked, box('None of these').checked]).toEqual([false, false, true]);
    fireEvent.click(box('Phone'));
    expect([box('Phone').checked, box('None of these').checked]).toEqual([true, false]);
    fireEvent.keyDown(box('Phone'), { key: 'Enter' });
    await sent(fake, ['phone']);
  });

  it('gives the focus to the next node when main shows it before answering "next"', async () => {
    const fake = await at(makeQuestion('time'));
    let answer: () => void = () => undefined;
    fake.api.script.next.mockReturnValueOnce(new Promise((resolve) => (answer = () => resolve({ ok: true }))));
    fireEvent.change(screen.getByTestId('script-input'), { target: { value: '14:30' } });
    enter();
    // The next node arrives while the answer to "next" is still on its way: its inputs are disabled.
    act(() => void fake.emitState({ scripts: { [call.id]: makeScriptView({ current: makeQuestion('text') }) } }));
    await waitFor(() => expect((screen.getByTestId('script-input') as HTMLInputElement).type).toBe('text'));
    expect(document.activeElement).not.toBe(screen.getByTestId('script-input'));
    await act(async () => answer());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('script-input')));
  });

  it('asks a grid line by line, each a radio group named by its item, and sends a value per item', async () => {
    const fake = await at(
      makeQuestion(
        'grid',
        {
          min: 1,
          max: 5,
          minLabel: 'poor',
          maxLabel: 'excellent',
          items: [
            { id: 'price', label: 'the price' },
            { id: 'service', label: 'the service' },
          ],
        },
        { answer: { price: 2 } },
      ),
    );
    const rows = screen.getAllByRole('radiogroup');
    expect(rows.map((row) => row.getAttribute('data-item'))).toEqual(['price', 'service']);
    const service = screen.getAllByRole('radiogroup', { name: 'the service' })[0] as HTMLElement;
    expect((within(rows[0] as HTMLElement).getByRole('radio', { name: '2 of 5' }) as HTMLInputElement).checked).toBe(true);
    expect(within(service).getByRole('radio', { name: '5 of 5: excellent' })).toBeTruthy();
    // The first radio of the first line takes the focus, so the agent starts with the arrow keys.
    expect(document.activeElement).toBe(within(rows[0] as HTMLElement).getAllByRole('radio')[0]);
    fireEvent.click(within(service).getByRole('radio', { name: '4 of 5' }));
    fireEvent.keyDown(within(service).getByRole('radio', { name: '4 of 5' }), { key: 'Enter' });
    await sent(fake, { price: 2, service: 4 });
  });

  it('shows the answers in the call log as text, with the order shuffled options were offered in', async () => {
    const entry = makeLogEntry({
      script: { id: 'survey-kinds', version: 1, title: 'Survey kinds' },
      answers: [
        { id: 'q_source', question: 'How did you hear of us?', answer: 'Other: a flyer', value: { choice: 'other', other: 'a flyer' } },
        {
          id: 'q_channels',
          question: 'Which channels?',
          answer: 'E-mail, Website',
          value: ['email', 'web'],
          order: ['web', 'letter', 'email', 'phone', 'none'],
        },
        { id: 'q_grid', question: 'How do you rate ...', answer: 'the price: 5; the service: 1', value: { price: 5, service: 1 } },
      ],
    });
    await renderApp({ log: [entry] });
    fireEvent.click(await screen.findByTestId('calllog-row'));
    const answers = screen.getByTestId('calldetails-answers');
    expect([...answers.querySelectorAll('dd')].map((value) => value.textContent)).toEqual([
      'Other: a flyer',
      'E-mail, Website',
      'Order offered: web, letter, email, phone, none',
      'the price: 5; the service: 1',
    ]);
  });

  it("pre-fills the wrap-up's callback time with the one chosen in the script, which the agent can change", async () => {
    const chosen = new Date(2030, 4, 6, 9, 30).getTime();
    await renderApp({ snapshot: makeSnapshot({ calls: [], wrapUps: [makeWrapUp({ suggested: 'callback', scriptCallbackAt: chosen })] }) });
    const at = screen.getByTestId('wrapup-callback-at') as HTMLInputElement;
    expect(at.value).toBe('2030-05-06T09:30');
    fireEvent.change(at, { target: { value: '2030-05-07T11:00' } });
    expect(at.value).toBe('2030-05-07T11:00');
  });
});
