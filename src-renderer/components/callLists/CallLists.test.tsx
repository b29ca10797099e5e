// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCallList, makePreview, makeSettings, makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const csv = 'name;number\nHans Meier;+49401234567\nÖzil Ünal;040 555\n';
const csvFile = () => new File([csv], 'march-leads.csv', { type: 'text/csv' });
/** What main gets: the file's bytes (UTF-8), base64. */

function settingsWithCampaigns() {
  const settings = makeSettings();
  const client = { name: 'Stadtwerke Nord', greeting: 'Hallo', colour: '#0a7d4f', logo: null, dialedNumbers: [], ivrCodes: [], language: null };
  const campaign = { ivrCodes: [], script: null, language: null, dispositions: [] };
  return {
    ...settings,
    clients: [
      {
        ...client,
        id: 'swn',
        campaigns: [
          { ...campaign, id: 'sales', name: 'Sales' },
          { ...campaign, id: 'survey', name: 'Survey' },
        ],
      },
    ],
  } as typeof settings;
}

describe('call lists', () => {
  it('imports a CSV for a configured campaign and names the rows main rejected', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ settings: settingsWithCampaigns() }) });
    fake.api.callLists.import.mockResolvedValueOnce({
      list: makeCallList({ id: 'list-9', name: 'march-leads', campaign: 'survey', total: 2 }),
      rejected: [
        { row: 4, reason: 'no phone number' },
        { row: 7, reason: 'the number "abc" is not a phone number' },
      ],
      rejectedCount: 2,
    });
    fireEvent.click(screen.getByTestId('calllists-tab'));
    fireEvent.change(screen.getByTestId('calllist-file'), { target: { files: [csvFile()] } });
    expect((screen.getByTestId('calllist-name') as HTMLInputElement).value).toBe('march-leads');
    fireEvent.change(screen.getByTestId('calllist-campaign'), { target: { value: 'swn\u0000survey' } });
    fireEvent.click(screen.getByTestId('calllist-import'));

    await waitFor(() =>
      expect(fake.api.callLists.import).toHaveBeenCalledWith({ name: 'march-leads', campaign: 'survey', client: 'swn', uploadId: 'upload-1' }),
    );
    // The file went up in pieces, as it was chosen.
    expect(fake.uploaded('upload-1')).toMatchObject({ purpose: 'callList', fileName: 'march-leads.csv' });
    expect(new TextDecoder().decode(fake.uploaded('upload-1').bytes)).toBe(csv);
    const result = await screen.findByTestId('calllist-result');
    expect(result.textContent).toContain('2 records imported into “march-leads”.');
    expect(result.textContent).toContain('2 rows were not imported:');
    expect(
      within(result)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Row 4: no phone number', 'Row 7: the number "abc" is not a phone number']);
  });

  it("words main's reasons for the rejected rows in the agent's language", async () => {
    const snapshot = makeSnapshot({ settings: settingsWithCampaigns() });
    const { fake } = await renderApp({ snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } } });
    fake.api.callLists.import.mockResolvedValueOnce({
      list: makeCallList({ id: 'list-9', name: 'march-leads', campaign: 'survey', total: 2 }),
      rejected: [
        { row: 4, reason: 'no phone number', said: { key: 'callList.rowNoNumber', params: {} } },
        { row: 7, reason: '"abc" is not a phone number that can be dialled', said: { key: 'callList.rowNotDiallable', params: { number: 'abc' } } },
      ],
      rejectedCount: 2,
    });
    fireEvent.click(screen.getByTestId('calllists-tab'));
    fireEvent.change(screen.getByTestId('calllist-file'), { target: { files: [csvFile()] } });
    fireEvent.change(screen.getByTestId('calllist-campaign'), { target: { value: 'swn\u0000survey' } });
    fireEvent.click(screen.getByTestId('calllist-import'));
    const result = await screen.findByTestId('calllist-rejected');
    expect(
      within(result)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Zeile 4: keine Telefonnummer', 'Zeile 7: „abc“ ist keine Telefonnummer, die gewählt werden kann']);
  });

  it("takes a typed campaign id when no campaigns are configured, and shows main's refusal", async () => {
    const { fake } = await renderApp();
    fake.api.callLists.import.mockRejectedValueOnce(new Error('The file has no column with phone numbers.'));
    fireEvent.click(screen.getByTestId('calllists-tab'));
    expect((screen.getByTestId('calllist-import') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('calllist-file'), { target: { files: [csvFile()] } });
    fireEvent.change(screen.getByTestId('calllist-name'), { target: { value: 'Leads' } });
    fireEvent.change(screen.getByTestId('calllist-campaign'), { target: { value: 'winback' } });
    fireEvent.click(screen.getByTestId('calllist-import'));
    await waitFor(() => expect(fake.api.callLists.import).toHaveBeenCalledWith(expect.objectContaining({ name: 'Leads', campaign: 'winback', client: null })));
    expect((await screen.findByTestId('calllist-result')).textContent).toBe('The import failed: The file has no column with phone numbers.');
  });

  it('lists the lists with their counts and starts preview dialing', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ callLists: [makeCallList()] }) });
    fireEvent.click(screen.getByTestId('calllists-tab'));
    const row = screen.getByTestId('calllist-item');
    expect(row.textContent).toContain('March leads');
    expect(within(row).getByText('100').getAttribute('data-col')).toBe('pending');
    fireEvent.click(within(row).getByTestId('preview-start'));
    expect(fake.api.preview.start).toHaveBeenCalledWith({ listId: 'list-1' });

    const card = await screen.findByTestId('preview-card');
    expect(card.textContent).toContain('Preview dialing: March leads');
    expect(card.textContent).toContain('Hans Meier');
    expect(card.textContent).toContain('+49401234567');
    expect(card.textContent).toContain('K-2002');
    expect(card.textContent).toContain('Bremen');
    expect(screen.getByTestId('preview-remaining').textContent).toBe('99 records left');
  });

  it('dials the record, or skips it with a reason, and stops', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ callLists: [makeCallList()], preview: makePreview() }) });
    fireEvent.click(screen.getByTestId('preview-dial'));
    expect(fake.api.preview.dial).toHaveBeenCalledWith({});

    await waitFor(() => expect((screen.getByTestId('preview-skip-reason') as HTMLInputElement).disabled).toBe(false));
    expect((screen.getByTestId('preview-skip') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'do not call' }));
    expect((screen.getByTestId('preview-skip-reason') as HTMLInputElement).value).toBe('do not call');
    fireEvent.click(screen.getByTestId('preview-skip'));
    expect(fake.api.preview.skip).toHaveBeenCalledWith({ reason: 'do not call' });
    await waitFor(() => expect((screen.getByTestId('preview-skip-reason') as HTMLInputElement).value).toBe(''));

    fireEvent.change(screen.getByTestId('preview-skip-reason'), { target: { value: 'moved abroad' } });
    fireEvent.submit(screen.getByTestId('preview-skip-reason'));
    expect(fake.api.preview.skip).toHaveBeenLastCalledWith({ reason: 'moved abroad' });

    await waitFor(() => expect((screen.getByTestId('preview-stop') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('preview-stop'));
    expect(fake.api.preview.stop).toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByTestId('preview-card')).toBeNull());
  });

  it('holds the buttons while the record is being called, and says when the list is done', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ preview: makePreview({ callId: 'call-7' }) }) });
    expect((screen.getByTestId('preview-dial') as HTMLButtonElement).disabled).toBe(true);
    act(() => void fake.emitState({ preview: makePreview({ record: null, remaining: 0 }) }));
    expect(screen.getByTestId('preview-empty').textContent).toBe('The list has no more records to call.');
  });
});
