import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import en from '../../src-renderer/i18n/en.json';
import { startCli, type RunningHost } from '../support/cli';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';

// The agent's flow on the SIP line in Chromium: the browser host with the real media bridge in
// the page (Chromium's fake microphone), a real Kamailio, and a Node customer with real WebRTC.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
let kamailio: Kamailio;
let customer: FarEnd;
let host: RunningHost | null = null;
let dataDir: string;

test.use({ locale: 'en-US' });

test.beforeAll(async () => {
  kamailio = await startKamailio();
  customer = await FarEnd.start({ kamailio, user: 'customer', toneHz: 440 });
});

test.afterAll(async () => {
  await host?.stop();
  await customer?.stop();
  await kamailio?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('answer from the UI: the customer hears the agent; a page reload keeps the call and its audio', async ({ page }) => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-sip-'));
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7', displayName: 'Agent 7' } }));
  host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);

  await page.goto(host.url);
  await expect(page.getByTestId('line-kind')).toHaveText(en.line.kind.sip);
  await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 10_000 });

  const farCall = customer.call(kamailio.uri('agent7'), {
    extraHeaders: ['X-Client: Stadtwerke Nord', 'X-Campaign: Störungsannahme', 'X-Concern: Stromausfall melden', 'X-Customer-Number: K-100234'],
  });
  const ringing = page.getByTestId('incoming-call');
  await expect(ringing.getByTestId('call-client')).toContainText('Stadtwerke Nord');
  await expect(ringing.getByTestId('call-remote-number')).toContainText('customer');
  await page.screenshot({ path: path.join(screenshots, 'sip-ringing-en.png') });

  await ringing.getByTestId('answer').click();
  const active = page.getByTestId('active-call');
  // Answering takes the page's microphone, an SDP answer from its peer and ICE: generous on a busy machine.
  await expect(active).toBeVisible({ timeout: 20_000 });
  await farCall.waitForState('confirmed');
  // Chromium's fake microphone, through the real peer in the page, reaches the customer.
  await farCall.audio.waitForAudio(50, { timeoutMs: 15_000 });
  await page.screenshot({ path: path.join(screenshots, 'sip-active-call-en.png') });

  // A reload of the page: the call lives in main; the new page re-attaches media by re-INVITE.
  const offersBefore = farCall.remoteDirections.length;
  await page.reload();
  await expect(page.getByTestId('active-call')).toBeVisible();
  await expect.poll(() => farCall.remoteDirections.length, { timeout: 15_000 }).toBeGreaterThan(offersBefore);
  await farCall.audio.waitForAudio(50, { timeoutMs: 20_000 });
  expect(farCall.state).toBe('confirmed');

  await page.getByTestId('active-call').getByTestId('hangup').click();
  const end = await farCall.waitForEnd();
  expect(end.originator).toBe('remote');
  const row = page.locator('[data-testid="calllog-row"]').first();
  await expect(row.locator('[data-col="endCause"]')).toHaveText(en.callLog.endCause.completed);
  await expect(row.locator('[data-col="client"]')).toHaveText('Stadtwerke Nord');
});
