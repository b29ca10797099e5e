// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCall, makeFormField, makeFormView, makeLoadedScript, makeScriptView, makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const yaml = 'id: hotline-en\ntitle: Hotline\n';
const scriptFile = (name = 'hotline.en.yaml') => new File([yaml], name, { type: 'application/yaml' });

describe('scripts for trainers', () => {
  it('loads a script chosen in the file dialog and says which version it became', async () => {
    const { fake } = await renderApp();
    fireEvent.click(screen.getByTestId('scripts-tab'));
    expect(screen.getByTestId('scripts-empty')).toBeTruthy();
    expect(screen.getByTestId('script-file').getAttribute('accept')).toBe('.yaml,.yml');
    fireEvent.change(screen.getByTestId('script-file'), { target: { files: [scriptFile()] } });
    await waitFor(() => expect(fake.api.scripts.load).toHaveBeenCalledWith({ uploadId: 'upload-1' }));
    expect(fake.uploaded('upload-1')).toMatchObject({ purpose: 'script', fileName: 'hotline.en.yaml' });
    expect(new TextDecoder().decode(fake.uploaded('upload-1').bytes)).toBe(yaml);
    expect((await screen.findByTestId('script-load-result')).textContent).toBe('loaded v3 for campaign support');
    const row = screen.getByTestId('loaded-script');
    for (const text of ['Hotline', 'hotline-en', 'v3', 'support', 'swn', 'en']) expect(within(row).getByText(text)).toBeTruthy();
  });

  it('lists every problem of a file dropped onto the panel', async () => {
    const { fake } = await renderApp();
    fake.api.scripts.load.mockResolvedValueOnce({
      ok: false,
      problems: [
        { file: 'survey.yaml', line: 3, column: 7, message: 'unknown field "colour" (known fields: id, type, text)' },
        { file: 'survey.yaml', line: 12, column: 15, message: 'unknown node id "invoices" in an option\'s next' },
      ],
    });
    fireEvent.click(screen.getByTestId('scripts-tab'));
    fireEvent.drop(screen.getByTestId('script-dropzone'), { dataTransfer: { files: [scriptFile('survey.yaml')] } });
    await waitFor(() => expect(fake.api.scripts.load).toHaveBeenCalledWith({ uploadId: 'upload-1' }));
    expect(fake.uploaded('upload-1')).toMatchObject({ purpose: 'script', fileName: 'survey.yaml' });
    const result = await screen.findByTestId('script-load-result');
    expect(result.textContent).toContain('survey.yaml: 2 problems, so nothing was loaded:');
    expect(screen.getAllByTestId('script-problem').map((item) => item.textContent)).toEqual([
      'survey.yaml:3:7: unknown field "colour" (known fields: id, type, text)',
      'survey.yaml:12:15: unknown node id "invoices" in an option\'s next',
    ]);
  });

  it('shows the warnings of a script that loaded, each with file, line and column', async () => {
    const { fake } = await renderApp();
    fake.api.scripts.load.mockResolvedValueOnce({
      ok: true,
      message: 'loaded v1 for campaign support',
      script: makeLoadedScript({ scriptId: 'support-en', version: 1 }),
      warnings: [
        {
          file: 'support.yaml',
          line: 76,
          column: 22,
          message: 'unknown disposition "resolvd": the settings\' wrapUp.dispositions have no such code (did you mean "solved"?)',
        },
      ],
    });
    fireEvent.click(screen.getByTestId('scripts-tab'));
    fireEvent.change(screen.getByTestId('script-file'), { target: { files: [scriptFile('support.yaml')] } });
    const result = await screen.findByTestId('script-load-result');
    expect(result.getAttribute('data-ok')).toBe('true');
    expect(result.textContent).toContain('Worth a look, the script was loaded all the same:');
    expect(screen.getAllByTestId('script-warning').map((item) => item.textContent)).toEqual([
      'support.yaml:76:22: unknown disposition "resolvd": the settings\' wrapUp.dispositions have no such code (did you mean "solved"?)',
    ]);
  });

  it('refuses files that are not scripts without asking main', async () => {
    const { fake } = await renderApp();
    fireEvent.click(screen.getByTestId('scripts-tab'));
    fireEvent.drop(screen.getByTestId('script-dropzone'), { dataTransfer: { files: [new File(['x'], 'leads.csv')] } });
    expect((await screen.findByTestId('script-load-result')).textContent).toBe(
      'leads.csv could not be loaded: Only call script files (.yaml or .yml) can be loaded.',
    );
    expect(fake.api.scripts.load).not.toHaveBeenCalled();
  });

  it('lists the loaded client forms and previews one read-only, as the agent sees it, until closed', async () => {
    const hidden = makeFormField({ id: 'iban', label: 'IBAN', type: 'iban', visible: false });
    const { fake } = await renderApp({ forms: [makeFormView({ fields: [...makeFormView().fields.slice(0, 2), hidden] })] });
    fireEvent.click(screen.getByTestId('scripts-tab'));
    const row = await screen.findByTestId('loaded-form');
    expect(row.getAttribute('data-form-id')).toBe('fault-report');
    expect(row.textContent).toContain('Fault report');
    expect(row.textContent).toContain('Fault reports');

    fireEvent.click(within(row).getByTestId('form-preview'));
    expect(fake.api.forms.preview).toHaveBeenCalledWith({ formId: 'fault-report' });
    const preview = await screen.findByTestId('form-preview-panel');
    expect(within(preview).getByText('The fault')).toBeTruthy();
    // The sample customer's postcode as the pre-fill put it, and nothing can be typed.
    const postcode = within(preview).getByLabelText(/Postcode of the fault/) as HTMLInputElement;
    expect(postcode.value).toBe('20095');
    expect(postcode.disabled).toBe(true);
    // A field whose condition does not hold is not shown, as on a call.
    expect(within(preview).queryByText('IBAN')).toBeNull();

    fireEvent.click(screen.getByTestId('form-preview-close'));
    await waitFor(() => expect(screen.queryByTestId('form-preview-panel')).toBeNull());
  });

  it('previews a loaded script in the script panel until closed', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ loadedScripts: [makeLoadedScript()] }) });
    fireEvent.click(screen.getByTestId('scripts-tab'));
    fireEvent.click(screen.getByTestId('script-preview'));
    expect(fake.api.scripts.preview).toHaveBeenCalledWith({ scriptId: 'hotline-en', version: 3 });
    const panel = await screen.findByTestId('script-panel');
    expect(panel.getAttribute('data-session-id')).toBe('preview');
    expect(panel.textContent).toContain('Preview');
    expect(screen.getByTestId('script-node-text').textContent).toBe('What is the call about?');

    fireEvent.click(screen.getByLabelText('An invoice'));
    fireEvent.click(screen.getByTestId('script-next'));
    expect(fake.api.script.next).toHaveBeenCalledWith({ sessionId: 'preview', value: 'invoice' });

    fireEvent.click(screen.getByTestId('script-preview-close'));
    expect(fake.api.scripts.closePreview).toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByTestId('script-panel')).toBeNull());
  });

  it('gives way to the script of a call while one is in focus', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ scripts: { preview: makeScriptView({ title: 'Preview script' }) } }) });
    expect(screen.getByTestId('script-panel').getAttribute('data-session-id')).toBe('preview');
    const call = makeCall({ state: 'active', answerAt: Date.now() });
    act(() => void fake.emitState({ calls: [call], scripts: { ...fake.snapshot.scripts, [call.id]: makeScriptView({ title: 'Call script' }) } }));
    expect(screen.getByTestId('script-panel').getAttribute('data-session-id')).toBe(call.id);
    expect(screen.queryByTestId('script-preview-close')).toBeNull();
  });

  it('rehearses a script on the training line for its campaign', async () => {
    const { fake } = await renderApp({
      snapshot: makeSnapshot({
        loadedScripts: [makeLoadedScript(), makeLoadedScript({ scriptId: 'survey-de', title: 'Umfrage', campaign: 'survey', client: null, language: 'de' })],
      }),
    });
    fireEvent.click(screen.getByTestId('scripts-tab'));
    const [, survey] = screen.getAllByTestId('loaded-script') as HTMLElement[];
    expect((survey as HTMLElement).textContent).toContain('all clients');
    fireEvent.click(within(survey as HTMLElement).getByTestId('script-rehearse'));
    expect(fake.api.training.placeCall).toHaveBeenCalledWith({ rehearse: { client: null, campaign: 'survey' } });
  });
});
