import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startCli, type RunningHost } from '../support/cli';

// The machine's shared customer directory is a folder IT names (`customers.directoryFolder`,
// usually a share). When the desk cannot reach it at start, the agent is told where it matters:
// in the Customers tab and in the settings, naming the folder; the next start that reaches it is quiet.

const hosts: RunningHost[] = [];
const dirs: string[] = [];

test.use({ locale: 'en-GB' });

test.afterEach(async () => {
  for (const running of hosts.splice(0)) await running.stop();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

test('a shared customer directory that cannot be reached is said in the Customers tab and the settings, until a start reaches it', async ({ page }) => {
  test.setTimeout(60_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-directory-'));
  dirs.push(dataDir);
  // A share that is down: its folder cannot be made, since the path runs through a file.
  const share = path.join(dataDir, 'share');
  fs.writeFileSync(share, '');
  const folder = path.join(share, 'Anlauf');
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ agent: { name: 'Jana' }, customers: { directoryFolder: folder } }));
  const start = async () => {
    const running = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);
    hosts.push(running);
    return running;
  };

  let running = await start();
  await page.goto(running.url);
  await page.getByTestId('tab-customers').click();
  const notice = page.getByTestId('customer-directory-notice');
  await expect(notice).toContainText(`The shared customer directory in ${folder} cannot be reached: customers imported on other desks are not found.`);
  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('settings-customer-directory')).toContainText(`${folder} cannot be reached`);
  await page.getByTestId('settings-close').click();

  // IT brings the share back; the agent starts Anlauf again.
  await running.stop();
  hosts.splice(0);
  fs.rmSync(share);
  running = await start();
  await page.goto(running.url);
  await page.getByTestId('tab-customers').click();
  await expect(page.getByTestId('customer-search-input')).toBeVisible();
  await expect(notice).toHaveCount(0);
  expect(fs.existsSync(path.join(folder, 'customers.sqlite'))).toBe(true);
});
