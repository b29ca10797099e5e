import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startCli, type RunningHost } from '../support/cli';
import { CrmServer } from '../support/crm-server';

// With `crm.searchUrl` set, the Customers tab asks a real HTTP CRM beside this desk's directory:
// one row per customer, each naming where it came from; a CRM that is down leaves the local rows.

const hosts: RunningHost[] = [];
const dirs: string[] = [];
const crm = new CrmServer();

test.use({ locale: 'en-GB' });

test.afterEach(async () => {
  for (const running of hosts.splice(0)) await running.stop();
  await crm.stop();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

test('the customer search merges the CRM with the local directory, and keeps the local rows when the CRM is down', async ({ page }) => {
  test.setTimeout(60_000);
  await crm.start();
  crm.customers = [
    { crmId: 'c-1', number: 'K-4711', fullName: 'Erika Müller', phones: ['+49301234567'] },
    { crmId: 'c-3', number: 'C-0003', fullName: 'Peter Müller', phones: ['+4989123456'] },
  ];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-crm-search-'));
  dirs.push(dataDir);
  const config = path.join(dataDir, 'anlauf.json');
  const mapping = {
    id: 'data.customers[].crmId',
    customerNumber: 'data.customers[].number',
    name: 'data.customers[].fullName',
    email: 'data.customers[].mail',
    postcode: 'data.customers[].address.zip',
    city: 'data.customers[].address.town',
    phones: 'data.customers[].phones[]',
  };
  const searchUrl = `${crm.url}/api/customers?q={query}`;
  fs.writeFileSync(
    config,
    JSON.stringify({ agent: { name: 'Jana' }, crm: { searchUrl, auth: { header: 'Authorization', value: 'Bearer crm-token' }, mapping } }),
  );
  const running = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);
  hosts.push(running);
  await page.goto(running.url);
  await page.evaluate(() => window.anlauf.customers.create({ name: 'Erika Müller', customerNumber: 'K-4711', phones: ['+49 30 1234567'], client: null }));
  await page.getByTestId('tab-customers').click();

  const rows = page.getByTestId('customer-search-result');
  await page.getByTestId('customer-search-input').fill('Müller');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Erika Müller');
  await expect(rows.nth(0).getByTestId('customer-search-source')).toHaveText('This desk + CRM');
  await expect(rows.nth(1)).toContainText('Peter Müller');
  await expect(rows.nth(1).getByTestId('customer-search-source')).toHaveText('CRM');
  expect(crm.requests).toEqual([{ url: '/api/customers?q=M%C3%BCller', auth: 'Bearer crm-token' }]);

  await crm.setMode({ kind: 'down' });
  await page.getByTestId('customer-search-input').fill('Erika');
  await expect(page.getByTestId('customer-search-crm-failure')).toContainText('The CRM could not be searched (the CRM refused the connection');
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0).getByTestId('customer-search-source')).toHaveText('This desk');
});
