// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeLogEntry } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

describe('call details: report a problem with this call', () => {
  it("sends the agent's note for this call and shows where the report file went", async () => {
    const { fake } = await renderApp({ log: [makeLogEntry({ id: 'log-0000-0042' })] });
    fireEvent.click(await screen.findByTestId('calllog-row'));
    fireEvent.click(screen.getByTestId('calldetails-report-open'));
    fireEvent.change(screen.getByTestId('calldetails-report-note'), { target: { value: 'Echo after the transfer ' } });
    fireEvent.click(screen.getByTestId('calldetails-report-send'));
    await waitFor(() => expect(screen.getByTestId('calldetails-report-path').textContent).toBe('/data/reports/anlauf-problem-000-0042.json'));
    expect(fake.api.callLog.reportProblem).toHaveBeenCalledWith({ callId: 'log-0000-0042', note: 'Echo after the transfer' });
    expect(screen.getByTestId('calldetails-report-done').textContent).toBe('The report was saved for support here:');
    // The browser host: the data folder may not be where the agent can reach it, so a download too.
    expect(screen.getByTestId('calldetails-report-download').textContent).toBe('Download the report');
  });
});
