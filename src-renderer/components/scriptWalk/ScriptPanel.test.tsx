// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScriptNodeView, ScriptView } from '../../../src-main/contract';
import { makeCall, makeQuestion, makeScriptNode, makeScriptView, makeSnapshot, makeWrapUp } from '../../test/fixtures';
import type { FakeAnlauf } from '../../test/fakeAnlauf';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const call = makeCall({ state: 'active', answerAt: Date.now() });

async function withScript(view: ScriptView = makeScriptView()) {
  return renderApp({ snapshot: makeSnapshot({ calls: [call], scripts: { [call.id]: view } }) });
}

function show(fake: FakeAnlauf, current: ScriptNodeView, change: Partial<ScriptView> = {}) {
  act(() => void fake.emitState({ scripts: { [call.id]: makeScriptView({ current, ...change }) } }));
}

const next = () => fireEvent.click(screen.getByTestId('script-next'));

describe('script panel', () => {
  it('shows the section, the text with its formatting, required, help and the way so far', async () => {
    await withScript();
    const panel = screen.getByTestId('script-panel');
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('Hotline v3');
    expect(screen.getByTestId('script-section').textContent).toBe('Opening');
    const text = screen.getByTestId('script-node-text');
    expect(text.textContent).toBe('What is the call about?');
    expect(text.querySelector('strong')?.textContent).toBe('about');
    expect(screen.getByTestId('script-required').textContent).toBe('Required');
    expect(screen.getByTestId('script-help').textContent).toBe('Let the caller finish first.');
    expect(screen.getAllByTestId('script-option').map((option) => option.getAttribute('data-value'))).toEqual(['invoice', 'outage']);
    expect(screen.getByTestId('script-path').textContent).toContain('Good day, this is Anna at Stadtwerke Nord.');
  });

  it("shows a say node's hint apart from the text to read out, labelled as not to be read", async () => {
    const { fake } = await withScript(
      makeScriptView({
        current: makeScriptNode({ type: 'say', question: null, text: 'This call is recorded.', hint: 'If the caller objects, press **F9** at once.' }),
      }),
    );
    expect(screen.getByTestId('script-node-text').textContent).toBe('This call is recorded.');
    const hint = screen.getByTestId('script-hint');
    expect(hint.textContent).toBe('Note for you — do not read outIf the caller objects, press F9 at once.');
    expect(hint.querySelector('strong')?.textContent).toBe('F9');
    expect(screen.getByTestId('script-node-text').contains(hint)).toBe(false);

    show(fake, makeScriptNode({ id: 'next_step', type: 'say', question: null, text: 'Hello.' }));
    await waitFor(() => expect(screen.getByTestId('script-node-text').textContent).toBe('Hello.'));
    expect(screen.queryByTestId('script-hint')).toBeNull();
  });

  it('never turns script text into HTML', async () => {
    await withScript(makeScriptView({ current: makeScriptNode({ type: 'say', question: null, text: '<img src=x onerror=alert(1)> **hello**' }) }));
    const text = screen.getByTestId('script-node-text');
    expect(text.querySelector('img')).toBeNull();
    expect(text.textContent).toBe('<img src=x onerror=alert(1)> hello');
  });

  it('sends a single choice as its value, and Enter on a say node goes on without one', async () => {
    const { fake } = await withScript();
    fireEvent.click(screen.getByLabelText('A power cut'));
    next();
    expect(fake.api.script.next).toHaveBeenLastCalledWith({ sessionId: call.id, value: 'outage' });

    show(fake, makeScriptNode({ id: 'explain', type: 'say', question: null, text: 'Let us go through it.' }));
    await waitFor(() => expect(screen.getByTestId('script-next').hasAttribute('disabled')).toBe(false));
    fireEvent.submit(screen.getByTestId('script-next').closest('form') as HTMLFormElement);
    expect(fake.api.script.next).toHaveBeenLastCalledWith({ sessionId: call.id });
  });

  it('sends several choices as a list, keeping the answer given before', async () => {
    const { fake } = await withScript();
    show(fake, makeQuestion('multiple', {}, { answer: ['email'] }));
    const [email, phone] = screen.getAllByTestId('script-option') as HTMLInputElement[];
    expect(email?.checked).toBe(true);
    expect(email?.type).toBe('checkbox');
    fireEvent.click(phone as HTMLInputElement);
    next();
    expect(fake.api.script.next).toHaveBeenLastCalledWith({ sessionId: call.id, value: ['email', 'phone'] });
  });

  it('sends a number as a number (a decimal comma too) and text as typed, with Enter', async () => {
    const { fake } = await withScript();
    show(fake, makeQuestion('number', { min: 0, max: 10 }));
    const number = screen.getByTestId('script-input') as HTMLInputElement;
    expect(number.placeholder).toBe('0 to 10');
    fireEvent.change(number, { target: { value: '3,5' } });
    fireEvent.submit(number.form as HTMLFormElement);
    expect(fake.api.script.next).toHaveBeenLastCalledWith({ sessionId: call.id, value: 3.5 });

    show(fake, makeQuestion('text'));
    await waitFor(() => expect((screen.getByTestId('script-input') as HTMLInputElement).value).toBe(''));
    const text = screen.getByTestId('script-input') as HTMLInputElement;
    fireEvent.change(text, { target: { value: 'Meter 4711' } });
    fireEvent.submit(text.form as HTMLFormElement);
    await waitFor(() => expect(fake.api.script.next).toHaveBeenLastCalledWith({ sessionId: call.id, value: 'Meter 4711' }));
  });

  it('sends a date as YYYY-MM-DD, yes/no as a boolean and a rating as a number', async () => {
    const { fake } = await withScript();
    show(fake, makeQuestion('date', { minDate: '2026-01-01' }));
    const date = screen.getByTestId('script-input') as HTMLInputElement;
    expect(date.type).toBe('date');
    expect(date.min).toBe('2026-01-01');
    fireEvent.change(date, { target: { value: '2026-03-01' } });
    next();
    expect(fake.api.script.next).toHaveBeenLastCalledWith({ sessionId: call.id, value: '2026-03-01' });

    show(fake, makeQuestion('yesno'));
    await waitFor(() => expect(screen.getByTestId('script-no')).toBeTruthy());
    fireEvent.click(screen.getByTestId('script-no'));
    expect(screen.getByTestId('script-no').getAttribute('aria-pressed')).toBe('true');
    next();
    await waitFor(() => expect(fake.api.script.next).toHaveBeenLastCalledWith({ sessionId: call.id, value: false }));

    show(fake, makeQuestion('rating', { min: 0, max: 10 }, { answer: 7 }));
    await waitFor(() => expect(screen.getByTestId('script-rating-10')).toBeTruthy());
    expect(screen.getByTestId('script-rating-0')).toBeTruthy();
    expect(screen.getByTestId('script-rating-7').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByTestId('script-rating-9'));
    next();
    await waitFor(() => expect(fake.api.script.next).toHaveBeenLastCalledWith({ sessionId: call.id, value: 9 }));
  });

  it('shows why main refused an answer next to the input, and goes back', async () => {
    const { fake } = await withScript();
    show(fake, makeQuestion('number', { min: 0, max: 10 }));
    fake.api.script.next.mockRejectedValueOnce(new Error('Please enter a number of at most 10.'));
    fireEvent.change(screen.getByTestId('script-input'), { target: { value: '12' } });
    next();
    expect((await screen.findByTestId('script-error')).textContent).toBe('Please enter a number of at most 10.');
    expect(screen.getByTestId('script-input').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('notice')).toBeNull();

    fireEvent.click(screen.getByTestId('script-back'));
    expect(fake.api.script.back).toHaveBeenCalledWith({ sessionId: call.id });
    await waitFor(() => expect(screen.queryByTestId('script-error')).toBeNull());
  });

  it('ends with the suggested disposition, and shows the way with the answers', async () => {
    const { fake } = await withScript();
    show(fake, makeScriptNode({ id: 'bye', type: 'end', question: null, text: 'Thank you for calling!', disposition: 'solved' }), {
      ended: true,
      path: [
        { id: 'greeting', type: 'say', text: 'Good day, this is **Anna**.', answer: null },
        { id: 'q_topic', type: 'question', text: 'What is the call about?', answer: 'A power cut' },
      ],
    });
    expect(screen.getByTestId('script-end').textContent).toBe('End of the script — suggested disposition: solved');
    expect(screen.queryByTestId('script-next')).toBeNull();
    const steps = within(screen.getByTestId('script-path')).getAllByRole('listitem');
    expect(steps.map((step) => step.textContent)).toEqual(['Good day, this is Anna.', 'What is the call about?A power cut']);
    // During the call main names the code as the campaign labels it.
    show(
      fake,
      makeScriptNode({
        id: 'bye',
        type: 'end',
        question: null,
        text: 'Thank you for calling!',
        disposition: 'solved',
        dispositionLabel: 'Resolved on the call',
      }),
      { ended: true },
    );
    expect(screen.getByTestId('script-end').textContent).toBe('End of the script — suggested disposition: Resolved on the call');

    // After the call the script stays for its wrap-up, with the code's label.
    act(() => void fake.emitState({ calls: [], wrapUps: [makeWrapUp()] }));
    expect(screen.getByTestId('script-end').textContent).toBe('End of the script — suggested disposition: Solved');
  });
});
