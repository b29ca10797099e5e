// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeLogEntry, T0 } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const wrapped = makeLogEntry({
  id: 'log-7',
  disposition: 'not reached/wrong number',
  dispositionLabel: 'Not reached › Wrong number',
  note: 'Number belongs to a bakery.\nRemove from the list.',
  wrapUpAt: T0 + 140_000,
  script: { id: 'survey-en', version: 4, title: 'Customer survey' },
  answers: [
    { id: 'q_usage', question: 'How often do you use our app?', answer: 'Weekly', value: 'weekly' },
    { id: 'q_nps', question: 'How likely are you to recommend us?', answer: '9', value: 9 },
  ],
});

describe('call details: the wrap-up', () => {
  it('shows the disposition, the note, the script version and the answers', async () => {
    await renderApp({ log: [wrapped] });
    const row = await screen.findByTestId('calllog-row');
    expect(within(row).getByText('Not reached › Wrong number').getAttribute('data-col')).toBe('disposition');
    fireEvent.click(row);
    expect(screen.getByTestId('calldetails-disposition').textContent).toBe('DispositionNot reached › Wrong number');
    expect(screen.getByTestId('calldetails-note').textContent).toContain('Number belongs to a bakery.\nRemove from the list.');
    expect(screen.getByTestId('calldetails-script').textContent).toBe('ScriptCustomer survey (v4)');
    const answers = screen.getByTestId('calldetails-answers');
    expect([...answers.querySelectorAll('dt')].map((term) => term.textContent)).toEqual([
      'How often do you use our app?',
      'How likely are you to recommend us?',
    ]);
    expect([...answers.querySelectorAll('dd')].map((value) => value.textContent)).toEqual(['Weekly', '9']);
  });

  it('says when a call has no wrap-up', async () => {
    await renderApp({ log: [makeLogEntry()] });
    fireEvent.click(await screen.findByTestId('calllog-row'));
    expect(screen.getByTestId('calldetails-wrapup').textContent).toContain('No wrap-up recorded.');
    expect(screen.queryByTestId('calldetails-disposition')).toBeNull();
  });
});
