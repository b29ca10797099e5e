import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import de from '../../src-renderer/i18n/de.json';
import en from '../../src-renderer/i18n/en.json';
import { startCli, type RunningHost } from '../support/cli';
import { twoClients } from '../support/clients-config';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';

// The queue panel in Chromium on the built browser host: the agent logs into a queue with a
// click, a call to the queue rings them, not ready pauses them (the caller then hears the
// server's "queue empty"), ready ends the pause. A real Kamailio forks the queue. A queue's call
// greets in the name of the queue's company and names the queue. Takes docs/screenshots/queues-en.png,
// queue-call-en.png and their -de.png pair from a German desk.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
let kamailio: Kamailio;
let customer: FarEnd;
let host: RunningHost | null = null;
const dirs: string[] = [];

test.beforeAll(async () => {
  kamailio = await startKamailio({ queues: ['support', 'sales'] });
  customer = await FarEnd.start({ kamailio, user: 'customer', toneHz: 440 });
});

test.afterAll(async () => {
  await host?.stop();
  await customer?.stop();
  await kamailio?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Agent 7's desk, serving Support (Stadtwerke Nord, billing) and Sales (Möbelhaus Krause), in the page. */
async function openDesk(page: Page): Promise<void> {
  await host?.stop();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-queues-'));
  dirs.push(dataDir);
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' },
      agent: { name: 'Jana', skills: ['support', 'sales'] },
      clients: twoClients,
      queues: {
        list: [
          { id: 'support', name: 'Support', skill: 'support', address: kamailio.uri('support'), client: 'stadtwerke', campaign: 'abrechnung' },
          { id: 'sales', name: 'Sales', skill: 'sales', address: kamailio.uri('sales'), client: 'moebelhaus', campaign: 'bestellung' },
          { id: 'billing', name: 'Billing', skill: 'billing', address: kamailio.uri('billing') },
        ],
      },
    }),
  );
  host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);
  await page.goto(host.url);
  await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 10_000 });
}

test.describe('on an English desk', () => {
  test.use({ locale: 'en-US' });

  test('log into a queue from the phone bar; its calls ring; not ready pauses, ready ends the pause', async ({ page }) => {
    await openDesk(page);

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

    // The queue's call: the queue named on the ringing call, the queue's company and campaign in the banner.
    let call = customer.call(kamailio.uri('support'));
    await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('incoming-call').getByTestId('call-queue')).toHaveText('Support');
    await expect(page.getByTestId('call-banner-name')).toHaveText('Stadtwerke Nord');
    await expect(page.getByTestId('call-greeting')).toContainText('Stadtwerke Nord, Kundenservice, mein Name ist Jana.');
    await expect(page.getByTestId('call-campaign')).toContainText('Abrechnung');
    await page.screenshot({ path: path.join(screenshots, 'queue-call-en.png') });
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
    await expect(page.locator('[data-testid="calllog-row"]').first().locator('[data-col="client"]')).toHaveText('Stadtwerke Nord');
  });
});

test.describe('on a German desk', () => {
  test.use({ locale: 'de-DE' });

  test('the queue panel and a queue call are German: Warteschlangen, angemeldet, pausiert, the queue on the call', async ({ page }) => {
    await openDesk(page);
    const queues = page.getByTestId('queues');
    await expect(queues).toHaveAttribute('aria-label', de.queues.label);
    const sales = page.getByTestId('queue-sales');
    await expect(sales).toContainText(de.queues.state.out);
    await expect(sales).toHaveAttribute('title', de.queues.hint.out);
    await sales.click();
    await expect(sales).toHaveAttribute('data-sync', 'done');
    await expect(sales).toContainText(de.queues.state.in);
    await expect(page.getByTestId('queue-support')).toContainText(de.queues.state.out);
    await queues.screenshot({ path: path.join(screenshots, 'queues-de.png') });

    const call = customer.call(kamailio.uri('sales'));
    const ringing = page.getByTestId('incoming-call');
    await expect(ringing).toBeVisible({ timeout: 10_000 });
    await expect(ringing).toContainText(de.call.incoming);
    await expect(ringing.getByTestId('call-queue')).toHaveText('Sales');
    await expect(ringing.getByTestId('call-dialed-number')).toHaveCount(0); // the queue's address is no dialed number
    await expect(ringing.getByTestId('call-queue').locator('xpath=preceding-sibling::dt')).toHaveText(de.call.queue);
    await expect(page.getByTestId('call-banner-name')).toHaveText('Möbelhaus Krause');
    await expect(page.getByTestId('call-greeting')).toContainText('Möbelhaus Krause, guten Tag, Sie sprechen mit Jana.');
    await expect(page.getByTestId('call-campaign')).toContainText(de.context.campaignFor);
    await page.screenshot({ path: path.join(screenshots, 'queue-call-de.png') });
    await call.hangup();
    await expect(ringing).toHaveCount(0);

    await page.getByTestId('agent-state-menu').click();
    await page.getByTestId('agent-state-reason-break').click();
    await expect(sales).toHaveAttribute('data-state', 'paused');
    await expect(sales).toContainText(de.queues.state.paused);
    await expect(sales).toHaveAttribute('title', de.queues.hint.paused);
    // Nothing English on the panel.
    for (const word of Object.values(en.queues.state)) await expect(queues).not.toContainText(word);
    await sales.click();
    await expect(sales).toHaveAttribute('data-state', 'out');
  });
});
