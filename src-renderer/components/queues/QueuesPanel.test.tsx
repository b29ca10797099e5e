// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueView } from '../../../src-main/contract';
import { makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const queue = (overrides: Partial<QueueView>): QueueView => ({
  id: 'support',
  name: 'Support',
  client: null,
  campaign: null,
  skill: 'support',
  loggedIn: false,
  paused: false,
  sync: 'done',
  problem: null,
  ...overrides,
});

describe('the queues in the phone bar', () => {
  it('shows nothing without queues', async () => {
    await renderApp();
    expect(screen.queryByTestId('queues')).toBeNull();
  });

  it('shows each queue logged in, paused or out, and logs in and out with a click', async () => {
    const { fake } = await renderApp({
      snapshot: makeSnapshot({ queues: [queue({}), queue({ id: 'sales', name: 'Sales', skill: 'sales', loggedIn: true, paused: true })] }),
    });
    expect(screen.getByTestId('queue-support').textContent).toBe('Supportlogged out');
    expect(screen.getByTestId('queue-sales').textContent).toBe('Salespaused');
    expect(screen.getByTestId('queue-sales').getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(screen.getByTestId('queue-support'));
    expect(fake.api.queues.login).toHaveBeenCalledWith({ queueId: 'support' });
    act(
      () => void fake.emitState({ queues: [queue({ loggedIn: true }), queue({ id: 'sales', name: 'Sales', skill: 'sales', loggedIn: true, paused: true })] }),
    );
    await waitFor(() => expect(screen.getByTestId('queue-support').textContent).toBe('Supportlogged in'));

    await waitFor(() => expect(screen.getByTestId('queue-sales').hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByTestId('queue-sales'));
    expect(fake.api.queues.logout).toHaveBeenCalledWith({ queueId: 'sales' });
  });

  it("says in the agent's language why the server did not take a login", async () => {
    await renderApp({
      snapshot: makeSnapshot({
        queues: [
          queue({
            loggedIn: true,
            sync: 'failed',
            problem: { key: 'queues.serverRefused', params: { address: 'sip:support@example.org', detail: '403 Forbidden' } },
          }),
        ],
      }),
    });
    expect(screen.getByTestId('queue-support-problem').textContent).toContain('The server did not take the login at sip:support@example.org: 403 Forbidden');
  });
});
