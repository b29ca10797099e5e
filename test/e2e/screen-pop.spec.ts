import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runCli, startCli, type RunningHost } from '../support/cli';
import { CLIENT_B_NUMBER_E164, twoClients } from '../support/clients-config';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';

// Who is calling, and for whom, in Chromium: a real Kamailio, a Node caller with real WebRTC, the
// browser host with two clients configured and a customer directory imported with the real CLI.
// Everything is checked while the call still rings, because that is when the agent needs it.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
let kamailio: Kamailio;
let caller: FarEnd;
let host: RunningHost | null = null;
let dataDir: string;

test.use({ locale: 'en-US' });

test.beforeAll(async () => {
  kamailio = await startKamailio();
  caller = await FarEnd.start({ kamailio, user: 'customer', toneHz: 440 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-pop-'));
  const csv = path.join(dataDir, 'kunden.csv');
  fs.writeFileSync(
    csv,
    [
      'Kundennummer;Vorname;Nachname;Telefon;E-Mail;PLZ;Ort',
      'K-4711;Erika;Müller;030 1234567;erika.mueller@example.org;10115;Berlin',
      'K-0815;Hans;Berger;+43 1 5012345;hans@example.at;1010;Wien',
      'K-2020;Erik;Müllerschön;0171 5550000;erik@example.org;20095;Hamburg',
    ].join('\n') + '\n',
  );
  const imported = await runCli(['customers', 'import', csv, '--data-dir', dataDir, '--region', 'DE']);
  expect(imported.code, imported.stderr).toBe(0);
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7', displayName: 'Agent 7' },
      agent: { name: 'Jana' },
      clients: twoClients,
    }),
  );
  host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);
});

test.afterAll(async () => {
  await host?.stop();
  await caller?.stop();
  await kamailio?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a ringing call pops its customer and company; a call to client B switches the whole screen', async ({ page }) => {
  await page.goto(host!.url);
  await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 10_000 });

  // 1. The IVR names client A, its campaign and the customer number the caller typed.
  const first = caller.call(kamailio.uri('agent7'), { extraHeaders: ['X-Client: SWN', 'X-Campaign: STOERUNG', 'X-Customer-Number: K-4711'] });
  const ringing = page.getByTestId('incoming-call');
  await expect(ringing).toBeVisible();
  const banner = page.getByTestId('call-banner');
  await expect(banner.getByTestId('call-banner-name')).toHaveText('Stadtwerke Nord');
  await expect(banner.getByTestId('call-greeting')).toContainText('Stadtwerke Nord, Kundenservice, mein Name ist Jana.');
  await expect(banner.getByTestId('call-campaign')).toContainText('Störungsannahme');
  const card = page.getByTestId('customer-card');
  await expect(card.getByTestId('customer-card-name')).toHaveText('Erika Müller');
  await expect(card).toContainText('K-4711');
  await expect(card.getByTestId('customer-card-source')).not.toBeEmpty();
  await expect(page.getByTestId('campaign-script')).toContainText('Zählernummer');
  await expect(page.getByTestId('disposition-set')).toContainText('Techniker beauftragt');
  // Still ringing: all of this is there before the agent answers.
  await expect(ringing).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'screen-pop-ringing-en.png') });
  await ringing.getByTestId('reject').click();
  await first.waitForEnd();
  await expect(ringing).toBeHidden();

  // 2. The same caller dials client B's number (the PBX forwarded it: Diversion), no IVR codes;
  //    the network asserts a number the directory does not know.
  const second = caller.call(kamailio.uri('agent7'), {
    extraHeaders: [
      `Diversion: <sip:${CLIENT_B_NUMBER_E164}@${kamailio.domain}>;reason=unconditional`,
      `P-Asserted-Identity: <sip:+4930555123@${kamailio.domain}>`,
    ],
  });
  await expect(ringing).toBeVisible();
  await expect(banner.getByTestId('call-banner-name')).toHaveText('Möbelhaus Krause');
  await expect(banner.getByTestId('call-greeting')).toContainText('Möbelhaus Krause, guten Tag, Sie sprechen mit Jana.');
  await expect(banner.getByTestId('call-greeting')).not.toContainText('Stadtwerke');
  await expect(banner.getByTestId('call-campaign')).toContainText('Bestellannahme');
  await expect(page.getByTestId('campaign-script')).toContainText('Artikelnummer');
  await expect(page.getByTestId('campaign-script')).not.toContainText('Zählernummer');
  await expect(page.getByTestId('disposition-set')).toContainText('Falsch verbunden');
  await expect(page.getByTestId('disposition-set')).not.toContainText('Techniker beauftragt');
  const colour = await page.evaluate(
    () =>
      getComputedStyle(document.querySelector('[data-testid="call-banner"]')!).getPropertyValue('--client-colour').trim() ||
      document.querySelector('.app')?.getAttribute('style') ||
      '',
  );
  expect(colour.toLowerCase()).toContain('#8a2be2');

  // Unknown caller: one click to create them, with the caller's number already filled in.
  await expect(page.getByTestId('unknown-caller')).toBeVisible();
  await page.getByTestId('unknown-caller-create').click();
  const form = page.getByTestId('customer-form');
  await expect(form).toBeVisible();
  await form.getByLabel(/name/i).first().fill('Lea Frei');
  await form.getByTestId('customer-form-save').click();
  await expect(card.getByTestId('customer-card-name')).toHaveText('Lea Frei');
  await page.screenshot({ path: path.join(screenshots, 'screen-pop-client-b-en.png') });
  await second.hangup();
  await expect(ringing).toBeHidden();

  // Search as you type, then the customer's details with the call that just rang.
  const search = page.getByTestId('customer-search');
  if (!(await search.isVisible())) await page.getByRole('tab', { name: /customers/i }).click();
  await page.getByTestId('customer-search-input').fill('müll');
  await expect(page.getByTestId('customer-search-result')).toHaveCount(2);
  await page.getByTestId('customer-search-result').filter({ hasText: 'Erika Müller' }).click();
  const details = page.getByTestId('customer-details');
  await expect(details).toContainText('erika.mueller@example.org');
  await expect(details.getByTestId('customer-recent-calls')).toContainText('Stadtwerke Nord');
  await page.screenshot({ path: path.join(screenshots, 'customer-details-en.png') });

  await details.getByTestId('customer-details-close').click();

  // An export from another system, in Windows-1252 with a row that cannot be used: imported from
  // the window, the rejected row named with its row number, the new customers found at once.
  const csv = ['Kundennummer;Name;Telefon;PLZ', 'K-3001;Jürgen Weiß;040 5550001;20095', ';;;', 'K-3002;Müller-Lüdenscheidt;0221 5550002;50667'].join('\r\n');
  await page.getByTestId('customer-import-file').setInputFiles({ name: 'altsystem.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'latin1') });
  const report = page.getByTestId('customer-import-result');
  await expect(report).toContainText('Imported 2 customers from altsystem.csv (windows-1252');
  await expect(page.getByTestId('customer-import-rejected')).toHaveText([/^Row 3: /]);
  await page.getByTestId('customer-search-input').fill('weiß');
  await expect(page.getByTestId('customer-search-result').filter({ hasText: 'Jürgen Weiß' })).toHaveCount(1);
  await page.screenshot({ path: path.join(screenshots, 'customer-import-en.png') });
});
