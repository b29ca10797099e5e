import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { startCli, type RunningHost } from '../support/cli';

// Machine policy as an agent meets it, against the real browser host in Debian's Chromium: IT's
// /etc/anlauf/policy.json (here named by ANLAUF_POLICY_FILE, root-owned and 0644 as on a desk)
// sets the language, turns updates off and fixes the ringtone's volume. The settings dialog shows
// the language with its value, disabled, "Set by your IT department", and the rest in its short
// list; a change through the API is refused, while what policy leaves alone can still be changed.
// Takes docs/screenshots/policy-locked-en.png and policy-locked-list-en.png (and the -de.png pair
// from a German desk) for docs/it-admin.md.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const FAILING_IMPACTS = new Set(['moderate', 'serious', 'critical']);

// The browser's language is German: the English screen proves policy wins over the locale too.
test.use({ locale: 'de-DE' });

/** One request on a socket of the test's own, as any page holding the token could send it; resolves with main's reply. */
async function request(running: RunningHost, command: string, payload: unknown): Promise<{ ok: boolean; error?: { code: string; said?: unknown } }> {
  const socket = new WebSocket(`ws://127.0.0.1:${running.port}/ws?token=${running.token}`, { origin: `http://127.0.0.1:${running.port}` });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  try {
    return await new Promise((resolve) => {
      socket.on('message', (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as { type: string; seq?: number; ok: boolean; error?: { code: string; said?: unknown } };
        if (message.type === 'response' && message.seq === 1) resolve(message);
      });
      socket.send(JSON.stringify({ type: 'request', seq: 1, command, payload }));
    });
  } finally {
    socket.close();
  }
}

let host: RunningHost | null = null;
let dir = '';

test.afterEach(async () => {
  await host?.stop();
  host = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('settings set by machine policy are shown locked and cannot be changed through the API', async ({ page }) => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-policy-'));
  const policyFile = path.join(dir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify({ ui: { language: 'en' }, updates: { enabled: false }, audio: { ringVolume: 60 } }), { mode: 0o644 });
  fs.chmodSync(policyFile, 0o644);
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  // The agent chose German earlier: policy wins over the agent's own choice.
  fs.writeFileSync(path.join(dataDir, 'user-settings.json'), JSON.stringify({ ui: { language: 'de' } }));
  host = await startCli(['--web', '--port', '0', '--data-dir', dataDir], { ANLAUF_POLICY_FILE: policyFile });

  await page.goto(host.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByTestId('settings-open').click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();

  const language = dialog.getByTestId('language-select');
  await expect(language).toHaveValue('en');
  await expect(language).toBeDisabled();
  const hint = dialog.locator('[data-testid="locked-hint"][data-setting="ui.language"]');
  await expect(hint).toHaveText('Set by your IT department');
  await expect(language).toHaveAttribute('aria-describedby', (await hint.getAttribute('id')) ?? 'no id');
  await expect(language).toHaveAccessibleDescription('Set by your IT department');

  const list = dialog.getByTestId('policy-locked-list');
  await expect(list.locator('[data-setting="updates.enabled"]')).toHaveText(/Updates on\s*Off/);
  await expect(list.locator('[data-setting="audio.ringVolume"]')).toHaveText(/Ringtone volume \(percent\)\s*60/);
  await expect(list.locator('[data-setting="ui.language"]')).toHaveCount(0);

  const axe = await new AxeBuilder({ page }).include('[data-testid="settings-dialog"]').analyze();
  const findings = axe.violations
    .filter((v) => FAILING_IMPACTS.has(v.impact ?? ''))
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(findings, 'axe-core on the settings dialog with locked settings').toEqual([]);

  await dialog.screenshot({ path: path.join(screenshots, 'policy-locked-en.png') });
  await list.scrollIntoViewIfNeeded();
  await list.screenshot({ path: path.join(screenshots, 'policy-locked-list-en.png') });

  const refused = await request(host, 'settings:update', { ui: { language: 'de' } });
  expect(refused.ok).toBe(false);
  expect(refused.error?.code).toBe('conflict');
  expect(refused.error?.said).toMatchObject({ key: 'settings.lockedByPolicy', params: { setting: 'ui.language' } });
  // What policy leaves to the agent still changes.
  expect((await request(host, 'settings:update', { agent: { name: 'Jana' } })).ok).toBe(true);

  await expect(language).toHaveValue('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(dialog.getByTestId('settings-agent-name')).toBeEnabled();
});

test('a German desk shows the locked settings in German', async ({ page }) => {
  // IT's policy sets German and fixes two more settings; the agent's own choice of English loses.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-policy-'));
  const policyFile = path.join(dir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify({ ui: { language: 'de' }, updates: { enabled: false }, audio: { ringVolume: 60 } }), { mode: 0o644 });
  fs.chmodSync(policyFile, 0o644);
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  fs.writeFileSync(path.join(dataDir, 'user-settings.json'), JSON.stringify({ ui: { language: 'en' } }));
  host = await startCli(['--web', '--port', '0', '--data-dir', dataDir], { ANLAUF_POLICY_FILE: policyFile });

  await page.goto(host.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.getByTestId('settings-open').click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  const language = dialog.getByTestId('language-select');
  await expect(language).toHaveValue('de');
  await expect(language).toBeDisabled();
  await expect(language).toHaveAccessibleDescription('Von Ihrer IT-Abteilung festgelegt');
  const list = dialog.getByTestId('policy-locked-list');
  await expect(list.locator('[data-setting="updates.enabled"]')).toHaveText(/Updates eingeschaltet\s*Aus/);
  await expect(list.locator('[data-setting="audio.ringVolume"]')).toHaveText(/Klingeltonlautstärke \(Prozent\)\s*60/);

  const axe = await new AxeBuilder({ page }).include('[data-testid="settings-dialog"]').analyze();
  expect(axe.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? '')).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await dialog.screenshot({ path: path.join(screenshots, 'policy-locked-de.png') });
  await list.scrollIntoViewIfNeeded();
  await list.screenshot({ path: path.join(screenshots, 'policy-locked-list-de.png') });

  const refused = await request(host, 'settings:update', { ui: { language: 'en' } });
  expect(refused.error?.said).toMatchObject({ key: 'settings.lockedByPolicy', params: { setting: 'ui.language' } });
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
});

test('a policy file others could have written is refused, and the agent is told', async ({ page }) => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-policy-'));
  const policyFile = path.join(dir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify({ ui: { language: 'en' } }));
  fs.chmodSync(policyFile, 0o666);
  host = await startCli(['--web', '--port', '0', '--data-dir', path.join(dir, 'data')], { ANLAUF_POLICY_FILE: policyFile });

  await page.goto(host.url);
  const notice = page.getByTestId('policy-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(policyFile);
  // Nothing of the refused file is used: the language follows the browser, and the agent may change it.
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('language-select')).toBeEnabled();
  await expect(page.getByTestId('policy-locked-list')).toHaveCount(0);
});
