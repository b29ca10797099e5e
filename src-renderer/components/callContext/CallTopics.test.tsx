// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot, TopicView } from '../../../src-main/contract';
import type { FakeAnlauf } from '../../test/fakeAnlauf';
import { makeCall, makeContext, makeLogEntry, makeSnapshot, T0 } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

function topic(id: string, more: Partial<TopicView> = {}): TopicView {
  return {
    id,
    client: 'swn',
    version: 1,
    title: `${id} title`,
    priority: 'normal',
    from: null,
    until: null,
    campaigns: [],
    text: `About **${id}**:\n- first point`,
    source: 'folder',
    ...more,
  };
}

const ringing = makeCall({ id: 'c1', state: 'ringing' });

function topicsView(active: TopicView[]): NonNullable<Snapshot['topics']> {
  return { active, opened: {}, problems: [], openKeys: 'CommandOrControl+Shift' };
}

function show(fake: FakeAnlauf, active: TopicView[]) {
  act(() => void fake.emitState({ calls: [ringing], contexts: { c1: makeContext() }, topics: topicsView(active) }));
}

const titles = () =>
  within(screen.getByTestId('call-topics'))
    .getAllByTestId('call-topic')
    .map((b) => b.textContent);

describe('current topics on the ringing call', () => {
  it("lists the client's topics, important first, each with its key; a topic starting or ending changes the list", async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot() });
    show(fake, [
      topic('older', { from: 1_000 }),
      topic('newer', { from: 2_000 }),
      topic('price-letter', { priority: 'high', from: 500 }),
      topic('other-client', { client: 'hanse' }),
      topic('other-campaign', { campaigns: ['verkauf'] }),
    ]);
    expect(titles()).toEqual(['Importantprice-letter titleCtrl+Shift+1', 'newer titleCtrl+Shift+2', 'older titleCtrl+Shift+3']);
    // Main's list changes when a window opens or closes: the banner follows.
    show(fake, [topic('newer', { from: 2_000 })]);
    expect(titles()).toEqual(['newer titleCtrl+Shift+1']);
    show(fake, []);
    expect(screen.queryByTestId('call-topics')).toBeNull();
  });

  it("opens a topic's talking points beside the call with one keystroke, and main records it", async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot() });
    show(fake, [topic('price-letter', { priority: 'high' }), topic('outage')]);
    expect(screen.queryByTestId('topic-panel')).toBeNull();
    fireEvent.keyDown(window, { key: '@', code: 'Digit2', ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(fake.api.topics.open).toHaveBeenCalledWith({ callId: 'c1', topicId: 'outage' }));
    const panel = screen.getByTestId('topic-panel');
    expect(panel.getAttribute('data-topic-id')).toBe('outage');
    expect(panel.querySelector('strong')?.textContent).toBe('outage');
    expect(
      within(panel)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['first point']);
    // The call stays in view beside it.
    expect(screen.getByTestId('call-banner')).toBeTruthy();
    // A click works as well; a key without a topic does nothing.
    fireEvent.click(within(screen.getByTestId('call-topics')).getAllByTestId('call-topic')[0]!);
    await waitFor(() => expect(screen.getByTestId('topic-panel').getAttribute('data-topic-id')).toBe('price-letter'));
    fireEvent.keyDown(window, { key: '9', code: 'Digit9', ctrlKey: true, shiftKey: true });
    expect(fake.api.topics.open).toHaveBeenCalledTimes(2);
  });
});

describe('current topics in the call details', () => {
  it('lists the topics the call showed with their version, and which were opened', async () => {
    const entry = makeLogEntry({
      id: 'log-9',
      topics: [
        { id: 'price-letter', client: 'swn', version: 2, title: 'Price letter of 12 May', shownAt: T0, openedAt: T0 + 4_000 },
        { id: 'outage', client: 'swn', version: 1, title: 'Outage in the north', shownAt: T0, openedAt: null },
      ],
    });
    await renderApp({ log: [entry] });
    fireEvent.click(await screen.findByTestId('calllog-row'));
    expect(
      within(screen.getByTestId('calldetails-topics'))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Price letter of 12 May (v2): shown and opened', 'Outage in the north (v1): shown']);
  });
});

describe('topics files with problems', () => {
  it('are listed with file, line and column on the Scripts tab', async () => {
    const snapshot = makeSnapshot();
    const problems = [{ file: '/share/topics/nord.yaml', line: 5, col: 5, message: 'unknown field priorty — did you mean priority?' }];
    const { fake } = await renderApp({ snapshot });
    act(() => void fake.emitState({ topics: { ...topicsView([]), problems } }));
    fireEvent.click(screen.getByRole('tab', { name: /scripts/i }));
    expect(screen.getByTestId('topic-problem').textContent).toBe('nord.yaml:5:5: unknown field priorty — did you mean priority?');
  });
});
