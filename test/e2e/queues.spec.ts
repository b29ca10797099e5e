import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startCli, type RunningHost } from '../support/cli';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';

// The queue panel in Chromium on the built browser host: the agent logs into a queue with a
// click, a call to the queue rings them, not ready pauses them (the caller then hears the
// server's "queue empty"), ready ends the pause. A real Kamailio forks the queue.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
let kamailio: Kamailio;
let customer: FarEnd;
let host: RunningHost | null = null;
let dataDir: string;

test.use({ locale: 'en-US' });

test.beforeAll(async () => {
  kamailio = await startKamailio({ queues: ['support', 'sales'] });
  customer = await FarEnd.start({ kamailio, user: 'customer', toneHz: 440 });
});

test.afterAll(async () => {
  await host?.stop();
  await customer?.stop();
  await kamailio?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('log into a queue from the phone bar; its calls ring; not ready pauses, ready ends the pause', async ({ page }) => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-queues-'));
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' },
      agent: { skills: ['support', 'sales'] },
      queues: {
        list: [
          { id: 'support', name: 'Support', skill: 'support', address: kamailio.uri('support') },
          { id: 'sales', name: 'Sales', skill: 'sales', address: kamailio.uri('sales') },
          { id: 'billing', name: 'Billing', skill: 'billing', address: kamailio.uri('billing') },
        ],
      },
    }),
  );
  host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);
  await page.goto(host.url);
  await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 10_000 });

  // Only the queues of the agent's skills.
  await expect(page.getByTestId('queues').getByRole('button')).toHaveCount(2);
  const support = page.getByTestId('queue-support');
  await expect(support).toHaveAttribute('data-state', 'out');
  await support.click();
  await expect(support).toHaveAttribute('data-state', 'in');
  await expect(support).toHaveAttribute('data-sync', 'done');
  await expect(support).toHaveAttribute('aria-pressed', 'true');
  expect(await kamailio.contacts('support')).toBe(1);
  await page.getByTestId('queues').screenshot({ path: path.join(screenshots, 'queues-en.png') });

  let call = customer.call(kamailio.uri('support'));
  await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 10_000 });
  await call.hangup();
  await expect(page.getByTestId('incoming-call')).toHaveCount(0);

  await page.getByTestId('agent-state-menu').click();
  await page.getByTestId('agent-state-reason-break').click();
  await expect(support).toHaveAttribute('data-state', 'paused');
  await expect(support).toHaveAttribute('data-sync', 'done');
  call = customer.call(kamailio.uri('support'));
  expect(await call.waitForEnd(5000)).toMatchObject({ statusCode: 480 });

  await page.getByTestId('agent-state-menu').click();
  await page.getByRole('menuitemradio', { name: /^Ready/ }).click();
  await expect(support).toHaveAttribute('data-state', 'in');
  await expect.poll(() => kamailio.contacts('support')).toBe(1);

  await support.click();
  await expect(support).toHaveAttribute('data-state', 'out');
  await expect.poll(() => kamailio.contacts('support')).toBe(0);
});
