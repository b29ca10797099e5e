// @vitest-environment jsdom
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallLogEntry, Snapshot } from '../../../src-main/contract';
import { createI18n } from '../../i18n';
import { createAnlaufStore } from '../../store';
import { StoreProvider } from '../../store/react';
import { toCallLogRow } from '../../store/selectors/callLog';
import { createFakeAnlauf } from '../../test/fakeAnlauf';
import { makeLogEntry, makeSnapshot, T0 } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';
import { SEARCH_DEBOUNCE_MS } from './CallLogSearch';
import { CallLogTable, ROW_HEIGHT } from './CallLogTable';

afterEach(() => {
  unmountApp();
  vi.useRealTimers();
});

const MAX_ROWS_IN_DOM = 50;

const many = (count: number, more: (i: number) => Partial<CallLogEntry> = () => ({})) =>
  Array.from({ length: count }, (_, i) => makeLogEntry({ id: `c${String(i).padStart(4, '0')}`, ringAt: T0 + i * 60_000, ...more(i) }));

const shownIds = () => screen.queryAllByTestId('calllog-row').map((row) => row.getAttribute('data-call-id'));
const input = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;
const german = (snapshot: Snapshot): Snapshot => ({ ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } });

/** jsdom has no layout: the test says where the list is scrolled to. */
function scrollTo(scroller: HTMLElement, top: number) {
  act(() => {
    scroller.scrollTop = top;
    fireEvent.scroll(scroller);
  });
}

const people = [
  makeLogEntry({ id: 'erika', remoteName: 'Erika Mustermann', remoteNumber: '+49 40 3012 4477', client: 'Stadtwerke Nord', ringAt: T0 + 3_000 }),
  makeLogEntry({ id: 'max', remoteName: 'Max Huber', remoteNumber: '+49 89 2180 5511', client: 'Alpenfunk Mobil', ringAt: T0 + 2_000, direction: 'outbound' }),
  makeLogEntry({
    id: 'jana',
    remoteName: 'Jana Schulz',
    remoteNumber: '+49 40 3012 9999',
    client: 'Stadtwerke Nord',
    ringAt: T0 + 1_000,
    endCause: 'missed',
    answerAt: null,
  }),
];

describe('call log search', () => {
  it('searches the typed text once typing pauses, and shows the results', async () => {
    const { fake } = await renderApp({ log: people });
    await waitFor(() => expect(shownIds()).toEqual(['erika', 'max', 'jana']));

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fireEvent.change(input('calllog-search'), { target: { value: 'Hu' } });
    act(() => void vi.advanceTimersByTime(100));
    fireEvent.change(input('calllog-search'), { target: { value: 'Huber' } });
    act(() => void vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1));
    expect(fake.api.callLog.search).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(1));
    expect(fake.api.callLog.search).toHaveBeenCalledTimes(1);
    expect(fake.api.callLog.search).toHaveBeenCalledWith({ text: 'Huber', limit: 100 });
    vi.useRealTimers();

    await waitFor(() => expect(shownIds()).toEqual(['max']));
    expect(screen.getByTestId('calllog-count').textContent).toBe('1 matching calls');
    expect(screen.getByTestId('calllog-count').getAttribute('data-mode')).toBe('search');
    expect(screen.queryByTestId('calllog-more')).toBeNull();
  });

  it('searches at once on Enter, and says when nothing matches', async () => {
    const { fake } = await renderApp({ log: people });
    fireEvent.change(input('calllog-search'), { target: { value: 'nobody' } });
    fireEvent.keyDown(input('calllog-search'), { key: 'Enter' });
    expect(fake.api.callLog.search).toHaveBeenCalledWith({ text: 'nobody', limit: 100 });
    await waitFor(() => expect(screen.getByText('No calls match the search.')).toBeTruthy());
    expect(shownIds()).toEqual([]);
  });

  it('filters by client and a date range of local days', async () => {
    const { fake } = await renderApp({ log: people });
    const client = screen.getByTestId('calllog-filter-client') as HTMLSelectElement;
    await waitFor(() => expect([...client.options].map((option) => option.value)).toEqual(['', 'Alpenfunk Mobil', 'Stadtwerke Nord']));
    expect(fake.api.callLog.clients).toHaveBeenCalledWith({});

    fireEvent.change(client, { target: { value: 'Stadtwerke Nord' } });
    expect(fake.api.callLog.search).toHaveBeenLastCalledWith({ client: 'Stadtwerke Nord', limit: 100 });
    await waitFor(() => expect(shownIds()).toEqual(['erika', 'jana']));

    fireEvent.change(input('calllog-filter-from'), { target: { value: '2025-03-10' } });
    fireEvent.change(input('calllog-filter-to'), { target: { value: '2025-03-14' } });
    expect(fake.api.callLog.search).toHaveBeenLastCalledWith({
      client: 'Stadtwerke Nord',
      from: new Date(2025, 2, 10).getTime(),
      // "to" includes its day: the search ends where the next local day begins.
      to: new Date(2025, 2, 15).getTime(),
      limit: 100,
    });
  });

  it('filters by direction and result, and clears back to the live list', async () => {
    const { fake } = await renderApp({ log: people });
    await waitFor(() => expect(shownIds()).toHaveLength(3));
    fireEvent.change(screen.getByTestId('calllog-filter-direction'), { target: { value: 'inbound' } });
    fireEvent.change(screen.getByTestId('calllog-filter-result'), { target: { value: 'missed' } });
    expect(fake.api.callLog.search).toHaveBeenLastCalledWith({ direction: 'inbound', endCause: 'missed', limit: 100 });
    await waitFor(() => expect(shownIds()).toEqual(['jana']));

    fireEvent.change(input('calllog-search'), { target: { value: 'pending text' } });
    fireEvent.click(screen.getByTestId('calllog-filter-clear'));
    await waitFor(() => expect(shownIds()).toEqual(['erika', 'max', 'jana']));
    expect(input('calllog-search').value).toBe('');
    expect((screen.getByTestId('calllog-filter-direction') as HTMLSelectElement).value).toBe('');
    expect((screen.getByTestId('calllog-filter-result') as HTMLSelectElement).value).toBe('');
    expect(screen.getByTestId('calllog-count').textContent).toBe('3 of 3 calls');
    expect((screen.getByTestId('calllog-filter-clear') as HTMLButtonElement).disabled).toBe(true);
  });

  it('keeps following live calls while no filter is set', async () => {
    const { fake } = await renderApp({ log: people });
    await waitFor(() => expect(shownIds()).toHaveLength(3));
    fireEvent.change(screen.getByTestId('calllog-filter-direction'), { target: { value: 'outbound' } });
    await waitFor(() => expect(shownIds()).toEqual(['max']));
    act(() => fake.upsertLogEntry(makeLogEntry({ id: 'fresh', ringAt: T0 + 9_000 })));
    fireEvent.click(screen.getByTestId('calllog-filter-clear'));
    await waitFor(() => expect(shownIds()[0]).toBe('fresh'));
  });

  it('pages on with the cursor, by button and by scrolling near the end', async () => {
    const log = many(250, (i) => ({ client: i % 2 === 0 ? 'Stadtwerke Nord' : 'Hanse Energie' }));
    const { fake } = await renderApp({ log });
    fireEvent.change(input('calllog-search'), { target: { value: 'erika' } });
    fireEvent.keyDown(input('calllog-search'), { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('calllog-count').textContent).toBe('100+ matching calls'));
    expect(shownIds()[0]).toBe('c0249');

    fireEvent.click(screen.getByTestId('calllog-more'));
    expect(fake.api.callLog.search).toHaveBeenLastCalledWith({ text: 'erika', limit: 100, cursor: 100 });
    await waitFor(() => expect(screen.getByTestId('calllog-count').textContent).toBe('200+ matching calls'));

    // Scrolled to the end of what is loaded, the next page comes by itself.
    scrollTo(screen.getByTestId('calllog-scroll'), 200 * ROW_HEIGHT - 600);
    await waitFor(() => expect(screen.getByTestId('calllog-count').textContent).toBe('250 matching calls'));
    expect(fake.api.callLog.search).toHaveBeenLastCalledWith({ text: 'erika', limit: 100, cursor: 200 });
    expect(screen.queryByTestId('calllog-more')).toBeNull();
    expect(shownIds()).toContain('c0050');
    expect(shownIds().length).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
  });

  it('speaks German', async () => {
    await renderApp({ log: people, snapshot: german(makeSnapshot()) });
    await waitFor(() => expect(input('calllog-search').placeholder).toBe('Rufnummer, Name, Kundennr. oder Mandant'));
    fireEvent.change(screen.getByTestId('calllog-filter-client'), { target: { value: 'Stadtwerke Nord' } });
    await waitFor(() => expect(screen.getByTestId('calllog-count').textContent).toBe('2 passende Anrufe'));
    expect(screen.getByTestId('calllog-filter-clear').textContent).toBe('Zurücksetzen');
  });
});

describe('virtualized table', () => {
  function renderTable(rows: CallLogEntry[], more: { hasMore?: boolean; loadMore?: () => void } = {}) {
    const store = createAnlaufStore(createFakeAnlauf().api);
    const loadMore = more.loadMore ?? vi.fn();
    render(
      <StoreProvider store={store}>
        <I18nextProvider i18n={createI18n('en')}>
          <CallLogTable
            rows={rows.map(toCallLogRow)}
            hasMore={more.hasMore ?? false}
            loadingMore={false}
            loadMore={loadMore}
            resetKey="live"
            selectedId={null}
            onOpen={() => undefined}
            emptyText={null}
          />
        </I18nextProvider>
      </StoreProvider>,
    );
    return { loadMore };
  }

  it('keeps only the rows in view in the DOM, with a thousand loaded', () => {
    const log = many(1000).reverse();
    const { loadMore } = renderTable(log, { hasMore: true });
    const ids = shownIds();
    expect(ids.length).toBeGreaterThan(10);
    expect(ids.length).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
    expect(ids[0]).toBe('c0999');
    expect(screen.getAllByRole('columnheader')).toHaveLength(11);
    expect(loadMore).not.toHaveBeenCalled();

    // The spacer rows keep the scrollbar that of the whole list.
    const spacers = screen.getByTestId('calllog').querySelectorAll('tbody tr.calllog__spacer');
    const spaced = [...spacers].reduce((sum, row) => sum + parseFloat((row as HTMLElement).style.height), 0);
    expect(spaced + ids.length * ROW_HEIGHT).toBe(1000 * ROW_HEIGHT);

    scrollTo(screen.getByTestId('calllog-scroll'), 500 * ROW_HEIGHT);
    const middle = shownIds();
    expect(middle).toContain('c0499');
    expect(middle).not.toContain('c0999');
    expect(middle.length).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
    expect(loadMore).not.toHaveBeenCalled();

    scrollTo(screen.getByTestId('calllog-scroll'), 1000 * ROW_HEIGHT - 600);
    expect(shownIds()).toContain('c0000');
    expect(loadMore).toHaveBeenCalled();
  });
});

describe('call details', () => {
  const withIvr = [
    makeLogEntry({
      id: 'ivr-call',
      remoteNumber: '+49 40 3012 4477',
      remoteName: 'Erika Mustermann',
      dialedNumber: '+49 800 1111',
      client: 'Stadtwerke Nord',
      campaign: 'Störungshotline',
      ivr: { customerNumber: 'K-100234', concern: 'Stromausfall', queue: 'Störung' },
      ringAt: T0,
      answerAt: T0 + 5_000,
      endAt: T0 + 125_000,
      endCause: 'transferred',
      endedBy: 'agent',
      transferTarget: '+49 40 999',
    }),
    makeLogEntry({ id: 'plain', ivr: {}, ringAt: T0 - 60_000 }),
  ];
  const field = (panel: HTMLElement, name: string) => panel.querySelector<HTMLElement>(`[data-field="${name}"] dd`)?.textContent;

  it('opens on a click with everything main recorded, and closes on Escape', async () => {
    const { fake } = await renderApp({ log: withIvr });
    const [row] = (await screen.findAllByTestId('calllog-row')) as [HTMLElement];
    fireEvent.click(row.querySelector('[data-col="client"]') as HTMLElement);
    expect(fake.api.callLog.get).toHaveBeenCalledWith({ id: 'ivr-call' });

    const panel = await screen.findByTestId('calllog-details');
    await waitFor(() => expect(panel.getAttribute('aria-busy')).toBe('false'));
    expect(field(panel, 'customerNumber')).toBe('K-100234');
    expect(field(panel, 'concern')).toBe('Stromausfall');
    expect(field(panel, 'queue')).toBe('Störung');
    expect(field(panel, 'remoteNumber')).toBe('+49 40 3012 4477');
    expect(field(panel, 'dialedNumber')).toBe('+49 800 1111');
    expect(field(panel, 'client')).toBe('Stadtwerke Nord');
    expect(field(panel, 'campaign')).toBe('Störungshotline');
    expect(field(panel, 'duration')).toBe('02:00');
    expect(field(panel, 'result')).toBe('Transferred');
    expect(field(panel, 'endedBy')).toBe('Agent');
    expect(field(panel, 'transferTarget')).toBe('+49 40 999');
    expect(field(panel, 'line')).toBe('Phone line');
    expect(panel.querySelector('[data-field="ringAt"]')?.getAttribute('data-value')).toBe(String(T0));
    expect(row.getAttribute('data-selected')).toBe('true');

    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('calllog-details')).toBeNull();
  });

  it('opens with Enter on a row, closes with its button, and says when the IVR gave nothing', async () => {
    const { fake } = await renderApp({ log: withIvr });
    await screen.findAllByTestId('calllog-row');
    const plain = screen.getAllByTestId('calllog-row').find((row) => row.getAttribute('data-call-id') === 'plain') as HTMLElement;
    fireEvent.keyDown(plain, { key: 'Enter' });
    expect(fake.api.callLog.get).toHaveBeenCalledWith({ id: 'plain' });
    const panel = await screen.findByTestId('calllog-details');
    expect(panel.textContent).toContain('The call brought no IVR data.');
    expect(panel.querySelector('[data-field="customerNumber"]')).toBeNull();
    fireEvent.click(within(panel).getByTestId('calllog-details-close'));
    expect(screen.queryByTestId('calllog-details')).toBeNull();
  });

  it('says why a call failed when its audio could not be agreed, in English and German', async () => {
    const refused = [makeLogEntry({ id: 'refused', ivr: {}, ringAt: T0, endAt: T0, endCause: 'failed', endedBy: 'system', endReason: 'no-common-codec' })];
    for (const snapshot of [undefined, german(makeSnapshot())]) {
      await renderApp({ log: refused, ...(snapshot ? { snapshot } : {}) });
      const [row] = (await screen.findAllByTestId('calllog-row')) as [HTMLElement];
      fireEvent.click(row);
      const panel = await screen.findByTestId('calllog-details');
      await waitFor(() => expect(panel.getAttribute('aria-busy')).toBe('false'));
      expect(panel.querySelector('[data-field="endReason"]')?.getAttribute('data-value')).toBe('no-common-codec');
      expect(field(panel, 'endReason')).toBe(
        snapshot
          ? 'Das Telefon der Gegenseite bot keinen Audio-Codec an, den Anlauf hat (Opus, G.722, G.711).'
          : "The other side's phone offered no audio codec Anlauf has (Opus, G.722, G.711).",
      );
      unmountApp();
    }
  });

  it("shows the line's quality over the call, when it was measured", async () => {
    const measured = [
      makeLogEntry({
        id: 'measured',
        ivr: {},
        ringAt: T0,
        answerAt: T0,
        endAt: T0 + 60_000,
        quality: { samples: 60, mosMin: 2.1, mosAvg: 3.84, lossPercent: 4.2, jitterMs: 12.4, rttMs: 48, poorSeconds: 6 },
      }),
      makeLogEntry({ id: 'unmeasured', ivr: {}, ringAt: T0 - 60_000 }),
    ];
    await renderApp({ log: measured });
    const rows = await screen.findAllByTestId('calllog-row');
    fireEvent.click(rows.find((row) => row.getAttribute('data-call-id') === 'measured') as HTMLElement);
    let panel = await screen.findByTestId('calllog-details');
    await waitFor(() => expect(panel.getAttribute('aria-busy')).toBe('false'));
    expect(field(panel, 'quality')).toBe('MOS 3.8 on average, 2.1 at worst · loss 4.2 % · jitter 12 ms · round trip 48 ms');
    fireEvent.click(within(panel).getByTestId('calllog-details-close'));
    fireEvent.click(screen.getAllByTestId('calllog-row').find((row) => row.getAttribute('data-call-id') === 'unmeasured') as HTMLElement);
    panel = await screen.findByTestId('calllog-details');
    await waitFor(() => expect(panel.getAttribute('aria-busy')).toBe('false'));
    expect(panel.querySelector('[data-field="quality"]')).toBeNull();
  });

  it('is not opened by click-to-dial', async () => {
    const { fake } = await renderApp({ log: withIvr });
    const [row] = (await screen.findAllByTestId('calllog-row')) as [HTMLElement];
    fireEvent.click(within(row).getByTestId('calllog-dial'));
    expect(fake.api.phone.dial).toHaveBeenCalledWith({ target: '+49 40 3012 4477' });
    expect(fake.api.callLog.get).not.toHaveBeenCalled();
    expect(screen.queryByTestId('calllog-details')).toBeNull();
  });

  it('speaks German', async () => {
    await renderApp({ log: withIvr, snapshot: german(makeSnapshot()) });
    await waitFor(() => expect(screen.getByTestId('line-kind').textContent).toBe('Übungsleitung'));
    const [row] = (await screen.findAllByTestId('calllog-row')) as [HTMLElement];
    fireEvent.click(row);
    const panel = await screen.findByTestId('calllog-details');
    expect(panel.textContent).toContain('Anrufdetails');
    expect(panel.textContent).toContain('Kundennummer');
    expect(field(panel, 'endedBy')).toBe('Agent');
    expect(field(panel, 'result')).toBe('Vermittelt');
  });
});

describe('exporting the call log from the window', () => {
  afterEach(unmountApp);

  it('exports what the filters find as CSV and JSON, through main', async () => {
    const createObjectURL = vi.fn((_: Blob) => 'blob:test');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const downloads: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    const { fake } = await renderApp({ log: [makeLogEntry({ id: 'a', client: 'Stadtwerke Nord' }), makeLogEntry({ id: 'b', client: 'Alpenfunk Mobil' })] });
    fireEvent.click(screen.getByTestId('calllog-export-csv'));
    await waitFor(() => expect(downloads).toEqual(['anlauf-calls.csv']));
    expect(fake.api.callLog.export).toHaveBeenLastCalledWith({ format: 'csv' });
    expect(createObjectURL.mock.calls[0]?.[0].type).toBe('text/csv;charset=utf-8');
    fireEvent.click(screen.getByTestId('calllog-export-json'));
    await waitFor(() => expect(downloads).toEqual(['anlauf-calls.csv', 'anlauf-calls.json']));
    click.mockRestore();
    vi.unstubAllGlobals();
  });
});
