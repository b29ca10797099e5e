import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startCli, type RunningHost } from '../support/cli';
import { CrmServer } from '../support/crm-server';

// A customer created for an unknown caller reaches a real HTTP CRM that takes writes; corrected
// after someone changed them in the CRM, the conflict is shown with both versions and answered.

const hosts: RunningHost[] = [];
const dirs: string[] = [];
const crm = new CrmServer();
const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

test.use({ locale: 'en-GB' });

test.afterEach(async () => {
  for (const running of hosts.splice(0)) await running.stop();
  await crm.stop();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

test('a customer created at the desk reaches the CRM, and a conflict the CRM answers is shown and answered', async ({ page }) => {
  test.setTimeout(90_000);
  await crm.start();
  crm.conflictStatus = 409;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-crm-write-'));
  dirs.push(dataDir);
  const config = path.join(dataDir, 'anlauf.json');
  const writeMapping = { id: 'id', customerNumber: 'number', name: 'fullName', email: 'mail', postcode: 'address.zip', city: 'address.town', phones: 'phones' };
  fs.writeFileSync(
    config,
    JSON.stringify({
      agent: { name: 'Jana' },
      sip: { defaultCountry: 'DE' },
      crm: { writeUrl: `${crm.url}/api/v2/customers`, auth: { header: 'Authorization', value: 'Bearer crm-token' }, writeMapping },
    }),
  );
  const running = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);
  hosts.push(running);
  await page.goto(running.url);

  // An unknown caller on the training line: the agent creates them from the card.
  await page.evaluate(() => window.anlauf.training.placeCall({ remoteNumber: '+49 30 5551234' }));
  await page.getByTestId('incoming-call').getByTestId('answer').click();
  await expect(page.getByTestId('unknown-caller')).toBeVisible();
  await page.getByTestId('unknown-caller-create').click();
  const form = page.getByTestId('customer-form');
  await form.getByTestId('customer-form-name').fill('Lea Frei');
  await form.getByTestId('customer-form-postcode').fill('10115');
  await form.getByTestId('customer-form-city').fill('Berlin');
  await form.getByTestId('customer-form-save').click();
  const card = page.getByTestId('customer-card');
  await expect(card.getByTestId('customer-card-name')).toHaveText('Lea Frei');

  await expect.poll(() => crm.written.size).toBe(1);
  const create = crm.writes[0]!;
  expect(create.method).toBe('POST');
  expect(create.headers.authorization).toBe('Bearer crm-token');
  expect(create.body).toEqual({ number: null, fullName: 'Lea Frei', mail: null, address: { zip: '10115', town: 'Berlin' }, phones: ['+49305551234'] });

  // Someone at the client changes her in the CRM; the agent corrects the city meanwhile.
  crm.changeElsewhere('c-1', { fullName: 'Lea Frei-Hansen', address: { zip: '10117', town: 'Berlin' } });
  await card.getByTestId('customer-card-correct').click();
  const details = page.getByTestId('customer-details');
  await expect(details.getByTestId('customer-crm-status')).toHaveText('Sent to the CRM');
  await details.getByTestId('customer-edit').click();
  await details.getByTestId('customer-form-postcode').fill('14467');
  await details.getByTestId('customer-form-city').fill('Potsdam');
  await details.getByTestId('customer-form-save').click();

  // The call's card shows the correction at once.
  await expect(card).toContainText('14467 Potsdam');

  // The CRM answers 409: a notice, and on the customer both versions with the agent's two answers.
  const conflict = details.getByTestId('customer-crm-conflict');
  await expect(conflict).toBeVisible({ timeout: 10_000 });
  await expect(conflict.getByRole('heading')).toHaveText('The CRM has other details for Lea Frei:');
  await expect(conflict.locator('tr[data-field="name"] td')).toHaveText(['Lea Frei', 'Lea Frei-Hansen']);
  await expect(conflict.locator('tr[data-field="city"] td')).toHaveText(['Potsdam', 'Berlin']);
  await expect(page.getByText("The CRM has other details for Lea Frei: open the customer to keep the CRM's or send ours again.")).toBeVisible();
  expect(crm.written.get('c-1')).toMatchObject({ fullName: 'Lea Frei-Hansen', address: { town: 'Berlin' } });
  await expect(conflict.locator('tr[data-field="phones"]')).toHaveAttribute('data-differs', 'false');
  await page.setViewportSize({ width: 1280, height: 1500 });
  await conflict.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screenshots, 'customer-conflict-en.png'), fullPage: true });

  await conflict.getByTestId('customer-crm-keep-theirs').click();
  await expect(details.getByTestId('customer-details-name')).toHaveText('Lea Frei-Hansen');
  await expect(details.getByTestId('customer-crm-status')).toHaveText('Sent to the CRM');
  await expect(details).toContainText('10117 Berlin');
  await expect(card.getByTestId('customer-card-name')).toHaveText('Lea Frei-Hansen');
});
