// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCall, makeColleague, makeContext, makeSettings, makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const directory = [
  makeColleague({
    id: 'c1',
    name: 'Anna Talking',
    uri: 'sip:anna@x',
    skills: ['contract'],
    languages: ['de'],
    presence: 'onCall',
    note: 'On a call',
    call: 'onCall',
  }),
  makeColleague({
    id: 'c2',
    name: 'Ben Offline',
    uri: 'sip:ben@x',
    skills: ['fault'],
    languages: ['de', 'tr'],
    presence: 'offline',
    note: 'Offline',
    call: 'idle',
  }),
  makeColleague({
    id: 'c3',
    name: 'Cem Free',
    uri: 'sip:cem@x',
    skills: ['fault', 'contract'],
    languages: ['tr'],
    presence: 'ready',
    note: 'Ready',
    call: 'idle',
  }),
  makeColleague({
    id: 'c4',
    name: 'Dora Lunch',
    uri: 'sip:dora@x',
    skills: ['fault'],
    languages: ['en'],
    presence: 'notReady',
    note: 'Not ready: Lunch',
    call: 'idle',
  }),
];
/** Opens the tab and waits for the page's copy of the directory (fetched apart from the snapshot). */
async function openColleagues() {
  fireEvent.click(screen.getByTestId('colleagues-tab'));
  await screen.findAllByTestId('colleague-item');
}
const names = () => screen.getAllByTestId('colleague-item').map((item) => item.querySelector('strong')?.textContent);

describe('the colleague directory', () => {
  it('lists free colleagues first with their live state, and tells main which are on screen', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot(), colleagues: directory });
    await openColleagues();
    expect(names()).toEqual(['Cem Free', 'Anna Talking', 'Dora Lunch', 'Ben Offline']);
    const [free, talking] = screen.getAllByTestId('colleague-item') as HTMLElement[];
    expect(within(free!).getByTestId('colleague-state').textContent).toBe('Ready');
    expect(within(talking!).getByTestId('colleague-state').textContent).toBe('On a callOn the phone');
    // A not-ready colleague's reason, as their desk published it.
    expect(within(screen.getAllByTestId('colleague-item')[2]!).getByTestId('colleague-state').textContent).toBe('Not readyLunch');
    expect(fake.api.colleagues.show).toHaveBeenCalledWith({ ids: ['c3', 'c1', 'c4', 'c2'] });

    // Cem takes a call (BLF says ringing), Anna is free now: main sends these two entries only.
    const [anna, , cem] = directory;
    act(() =>
      fake.emitColleagueChanges([
        { ...cem!, call: 'ringing' },
        { ...anna!, presence: 'ready', note: 'Ready', call: 'idle' },
      ]),
    );
    expect(names()).toEqual(['Anna Talking', 'Cem Free', 'Dora Lunch', 'Ben Offline']);
    expect(screen.getAllByTestId('colleague-item')[1]!.getAttribute('data-call')).toBe('ringing');
  });

  it('searches by name, skill and language, every word', async () => {
    await renderApp({ snapshot: makeSnapshot(), colleagues: directory });
    await openColleagues();
    const search = screen.getByTestId('colleagues-search');
    fireEvent.change(search, { target: { value: 'fault' } });
    expect(names()).toEqual(['Cem Free', 'Dora Lunch', 'Ben Offline']);
    fireEvent.change(search, { target: { value: 'fault tr' } });
    expect(names()).toEqual(['Cem Free', 'Ben Offline']);
    fireEvent.change(search, { target: { value: 'ANNA' } });
    expect(names()).toEqual(['Anna Talking']);
    fireEvent.change(search, { target: { value: 'nobody' } });
    expect(screen.getByTestId('colleagues-no-match').textContent).toBe('Nobody matches this search.');
  });

  it('transfers the active call to a colleague as to a typed target', async () => {
    const { fake } = await renderApp({
      snapshot: makeSnapshot({
        calls: [makeCall({ id: 'call-9', state: 'active', line: 'sip' })],
      }),
      colleagues: directory,
    });
    await openColleagues();
    const [cem] = screen.getAllByTestId('colleague-item') as HTMLElement[];
    fireEvent.click(within(cem!).getByTestId('colleague-transfer'));
    expect(fake.api.phone.transfer).toHaveBeenCalledWith({ callId: 'call-9', target: 'sip:cem@x' });
  });

  it("shows, during a call for a client, that client's colleagues and those serving every client", async () => {
    const entries = [
      makeColleague({ id: 'all', name: 'For everyone', client: null }),
      makeColleague({ id: 'sw', name: 'Stadtwerke only', client: 'stadtwerke' }),
      makeColleague({ id: 'vs', name: 'Versicherung only', client: 'versicherung' }),
    ];
    await renderApp({
      snapshot: makeSnapshot({
        calls: [makeCall({ id: 'call-3', state: 'active', line: 'sip' })],
        contexts: { 'call-3': makeContext({ client: { id: 'stadtwerke', name: 'Stadtwerke Nord', colour: '#0a6', logo: null } }) },
      }),
      colleagues: entries,
    });
    await openColleagues();
    expect(names()).toEqual(['For everyone', 'Stadtwerke only']);
  });

  it('fetches the entries once per list, not with every snapshot, and again when IT changes the directory', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot(), colleagues: directory });
    await openColleagues();
    act(() => void fake.emitState({ agent: { ...fake.snapshot.agent, state: 'notReady' } }));
    act(() => void fake.emitState({ agent: { ...fake.snapshot.agent, state: 'ready' } }));
    expect(fake.api.colleagues.list).toHaveBeenCalledTimes(1);

    act(() => fake.setColleagues([makeColleague({ id: 'n1', name: 'New Colleague' })]));
    await screen.findByText('New Colleague');
    expect(names()).toEqual(['New Colleague']);
    expect(fake.api.colleagues.list).toHaveBeenCalledTimes(2);
  });

  it('fetches the list afresh when batches of changes were missed (the connection was down)', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot(), colleagues: directory });
    await openColleagues();
    const dora = directory[3]!;
    act(() => fake.emitColleagueChanges([{ ...dora, presence: 'ready', note: 'Ready' }], 1));
    await waitFor(() => expect(fake.api.colleagues.list).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(names()).toEqual(['Cem Free', 'Dora Lunch', 'Anna Talking', 'Ben Offline']));
  });

  it('says so when IT listed nobody', async () => {
    await renderApp({ snapshot: makeSnapshot() });
    fireEvent.click(screen.getByTestId('colleagues-tab'));
    expect(screen.getByTestId('colleagues-empty').textContent).toContain('No colleagues are listed');
    expect(screen.queryByTestId('colleague-item')).toBeNull();
  });

  it("suggests in the transfer form the specialists the caller's concern asks for, free first, and by what the agent types", async () => {
    const settings = makeSettings();
    settings.colleagues.concernSkills = [{ concern: 'stromausfall', skill: 'fault' }];
    const { fake } = await renderApp({
      snapshot: makeSnapshot({
        settings,
        calls: [makeCall({ id: 'call-7', state: 'active', line: 'sip', ivr: { concern: 'Stromausfall melden' } })],
      }),
      colleagues: directory,
    });
    fireEvent.click(screen.getByTestId('transfer-open'));
    await screen.findAllByTestId('transfer-suggestion');
    const suggestions = () => screen.getAllByTestId('transfer-suggestion').map((b) => b.textContent);
    expect(screen.getByTestId('transfer-suggestions').textContent).toContain('For “Stromausfall melden”: fault');
    expect(suggestions()).toEqual(['Cem Free · Ready', 'Dora Lunch · Not ready', 'Ben Offline · Offline']);

    fireEvent.change(screen.getByTestId('transfer-target'), { target: { value: 'anna' } });
    expect(suggestions()).toEqual(['Anna Talking · On a call']);
    fireEvent.change(screen.getByTestId('transfer-target'), { target: { value: '' } });
    fireEvent.click(screen.getAllByTestId('transfer-suggestion')[0]!);
    expect((screen.getByTestId('transfer-target') as HTMLInputElement).value).toBe('sip:cem@x');
    fireEvent.click(screen.getByTestId('transfer-blind'));
    expect(fake.api.phone.transfer).toHaveBeenCalledWith({ callId: 'call-7', target: 'sip:cem@x' });
  });
});
