import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startCli, type RunningHost } from '../support/cli';
import { startKamailio, type Kamailio } from '../support/kamailio';

// Sign-in on a shared desk in Debian's Chromium against the real browser host and a real Kamailio:
// IT's settings file turns sign-in on; the window opens on the form, a wrong password is refused
// with the reason, the right one opens the workstation with the agent's own line registered, and
// Sign out brings the empty form back while Kamailio forgets the registration.
// Takes docs/screenshots/sign-in-en.png and sign-in-error-en.png (and the -de.png pair from a German
// desk) for docs/it-admin.md and docs/agent.md.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const FAILING_IMPACTS = new Set(['moderate', 'serious', 'critical']);

test.use({ locale: 'en-US' });

let kamailio: Kamailio;
let host: RunningHost | null = null;
let dir = '';

test.beforeAll(async () => {
  kamailio = await startKamailio({ users: { anna: 'anna-pw' } });
});

test.afterAll(async () => {
  await host?.stop();
  await kamailio?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function expectNoAxeFindings(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const findings = axe.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? '')).map((v) => `${v.id}: ${v.help}`);
  expect(findings).toEqual([]);
}

test('an agent signs in with their own ID and password, and out again', async ({ page }) => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-sign-in-'));
  const configFile = path.join(dir, 'anlauf.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl }, signIn: { mode: 'agent', uriTemplate: `sip:{agentId}@${kamailio.domain}`, staySignedIn: true } }),
  );
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', configFile]);

  await page.goto(host.url);
  const form = page.getByTestId('sign-in');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('app')).toHaveCount(0);
  await expect(page.getByLabel('Agent ID')).toBeFocused();
  await expect(page.getByLabel('Stay signed in')).toBeVisible();
  await expectNoAxeFindings(page);
  await page.screenshot({ path: path.join(screenshots, 'sign-in-en.png') });

  // A wrong password: Kamailio challenges again, the form says so and asks for the password anew.
  await page.getByLabel('Agent ID').fill('anna');
  await page.getByLabel('Password').fill('wrong');
  await page.getByTestId('sign-in-submit').click();
  const error = page.getByTestId('sign-in-error');
  await expect(error).toHaveText('Agent ID or password is wrong. Check both and try again.', { timeout: 15_000 });
  await expect(error).toBeFocused();
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page.getByLabel('Agent ID')).toHaveValue('anna');
  expect(await kamailio.contacts('anna')).toBe(0);
  await expectNoAxeFindings(page);
  await page.screenshot({ path: path.join(screenshots, 'sign-in-error-en.png') });

  // The right one: the workstation, with anna's own line registered.
  await page.getByLabel('Password').fill('anna-pw');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 15_000 });
  await expect(form).toHaveCount(0);
  await expect(page.getByTestId('signed-in-agent')).toContainText('anna');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect.poll(() => kamailio.contacts('anna'), { timeout: 10_000 }).toBe(1);
  await expectNoAxeFindings(page);

  // Sign out: the empty form again, and the server no longer reaches anna at this desk.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(form).toBeVisible({ timeout: 15_000 });
  await expect(page.getByLabel('Agent ID')).toHaveValue('');
  await expect(page.getByTestId('sign-in-error')).toHaveCount(0);
  await expect.poll(() => kamailio.contacts('anna'), { timeout: 10_000 }).toBe(0);
});

test.describe('on a German desk', () => {
  test.use({ locale: 'de-DE' });

  test('the sign-in form and its refusal are German', async ({ page }) => {
    await host?.stop();
    host = null;
    const germanDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-sign-in-de-'));
    try {
      const configFile = path.join(germanDir, 'anlauf.json');
      fs.writeFileSync(
        configFile,
        JSON.stringify({
          sip: { websocketUrl: kamailio.wsUrl },
          signIn: { mode: 'agent', uriTemplate: `sip:{agentId}@${kamailio.domain}`, staySignedIn: true },
        }),
      );
      const dataDir = path.join(germanDir, 'data');
      fs.mkdirSync(dataDir);
      host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', configFile]);

      await page.goto(host.url);
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
      await expect(page.getByLabel('Agenten-ID')).toBeFocused();
      await expect(page.getByLabel('Angemeldet bleiben')).toBeVisible();
      await expectNoAxeFindings(page);
      await page.screenshot({ path: path.join(screenshots, 'sign-in-de.png') });

      await page.getByLabel('Agenten-ID').fill('anna');
      await page.getByLabel('Passwort').fill('falsch');
      await page.getByTestId('sign-in-submit').click();
      await expect(page.getByTestId('sign-in-error')).toHaveText('Agenten-ID oder Passwort ist falsch. Bitte prüfen Sie beides und versuchen Sie es erneut.', {
        timeout: 15_000,
      });
      await expectNoAxeFindings(page);
      await page.screenshot({ path: path.join(screenshots, 'sign-in-error-de.png') });
    } finally {
      await host?.stop();
      host = null;
      fs.rmSync(germanDir, { recursive: true, force: true });
    }
  });
});
