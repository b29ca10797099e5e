import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import de from '../../src-renderer/i18n/de.json';
import en from '../../src-renderer/i18n/en.json';
import { startCli, type RunningHost } from '../support/cli';

// A first start as a newcomer has it: the browser host (`anlauf start --web`) on a fresh data
// folder, no settings file, the demo set offered as the hosts do (docs/training.md). The first
// simulated call pops a demo customer with the script of the call's campaign, the current topic on
// the banner, and the sample forms to open from the call area.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const hosts: RunningHost[] = [];
const dirs: string[] = [];

test.afterEach(async () => {
  for (const running of hosts.splice(0)) await running.stop();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function firstStart(): Promise<RunningHost> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-demo-'));
  dirs.push(dataDir);
  const started = await startCli(['--web', '--port', '0', '--data-dir', dataDir], { ANLAUF_DEMO: 'on' });
  hosts.push(started);
  return started;
}

for (const [locale, words, suffix] of [
  ['en-US', en, 'en'],
  ['de-DE', de, 'de'],
] as const) {
  test.describe(suffix === 'en' ? 'English' : 'Deutsch', () => {
    test.use({ locale });

    test('the first simulated call on a fresh start pops a demo customer with the campaign script, the current topic and the forms', async ({ page }) => {
      const running = await firstStart();
      await page.goto(running.url);
      await expect(page.getByTestId('line-kind')).toHaveText(words.line.kind.training);
      await expect(page.getByTestId('demo-note')).toHaveText(words.demo.note);

      await page.getByTestId('simulate-call').click();
      const ringing = page.getByTestId('incoming-call');
      await expect(ringing).toBeVisible();
      await expect(ringing.getByTestId('call-client')).toContainText('Stadtwerke Nord');
      await ringing.getByTestId('answer').click();
      await expect(page.getByTestId('active-call')).toBeVisible();

      const banner = page.getByTestId('call-banner');
      await expect(banner.getByTestId('call-banner-name')).toHaveText('Stadtwerke Nord');
      await expect(banner.getByTestId('call-campaign')).toContainText('Störungsannahme');
      // The demo's agent name until the newcomer gives their own.
      await expect(banner.getByTestId('call-greeting')).toContainText('mein Name ist Alex.');
      const card = page.getByTestId('customer-card');
      await expect(card.getByTestId('customer-card-name')).toHaveText('Erika Mustermann');
      await expect(card).toContainText('K-100234');
      // The company's calls are held in German: the German support script, whatever the screen's language.
      const script = page.getByTestId('script-panel');
      await expect(script).toBeVisible();
      await expect(script.locator('h2')).toContainText('Kundenservice');
      await expect(script.getByTestId('script-node-text')).toContainText('Stadtwerke Nord');
      await expect(page.getByTestId('disposition-set')).toContainText('Techniker beauftragt');
      // The demo's current topic is on the banner of the company's calls.
      await expect(banner.getByTestId('call-topic')).toContainText('Preisbrief vom 12. Mai');
      await page.screenshot({ path: path.join(screenshots, `demo-call-${suffix}.png`), fullPage: true });
      // The sample forms are there to open from the call area; the fault report comes filled with the customer's details.
      const forms = page.getByTestId('forms-control');
      await forms.getByTestId('forms-open').click();
      await forms.locator('[data-testid="forms-choice"][data-form-id="fault-report"]').click();
      const form = page.getByTestId('form-panel');
      await expect(form).toHaveAttribute('data-form-id', 'fault-report');
      await expect(form.locator('h2')).toContainText('Störungsmeldung');
      await expect(form.locator('[data-field-id="postcode"]').getByTestId('form-input')).toHaveValue('20099');
      await expect(form.locator('[data-field-id="contactName"]').getByTestId('form-input')).toHaveValue('Erika Mustermann');
      await form.getByTestId('form-close').click();
      await expect(form).toBeHidden();
    });
  });
}
