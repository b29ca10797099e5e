import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import de from '../../src-renderer/i18n/de.json';
import { catalogue } from '../../src-main/shared/messages';
import { startCli, type RunningHost } from '../support/cli';
import { twoClients } from '../support/clients-config';

// The German UI is German throughout: main's refusals and notices arrive as keys with parameters
// and are worded from the one catalogue. The test walks the screens an agent sees (idle, ringing,
// on call, wrap-up, settings, the Scripts tab), provokes refusals from main, and looks for any
// of the catalogue's English sentences on the page.

const hosts: RunningHost[] = [];
const dirs: string[] = [];

test.use({ locale: 'de-DE' });

test.afterEach(async () => {
  for (const running of hosts.splice(0)) await running.stop();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The fixed parts of a catalogue text (between its placeholders) that are long enough to be telling. */
function fixedParts(text: string): string[] {
  return text
    .split(/\{\{\s*\w+\s*\}\}/)
    .map((part) => part.trim())
    .filter((part) => part.length >= 12);
}

const englishParts = [...new Set(Object.values(catalogue.en).flatMap(fixedParts))].filter(
  // A part the two languages share (a setting's name, a quoted header) is no sign of English.
  (part) => !Object.values(catalogue.de).some((text) => text.includes(part)),
);

async function expectNoEnglish(page: Page, screen: string) {
  const text = await page.locator('body').innerText();
  const found = englishParts.filter((part) => text.includes(part));
  expect(found, `English on the ${screen} screen`).toEqual([]);
}

/** The German wording with its parameters filled in, as main's message is shown. */
function german(key: keyof typeof catalogue.de, params: Record<string, string> = {}): string {
  return catalogue.de[key].replace(/\{\{\s*(\w+)\s*\}\}/g, (_whole, name: string) => params[name] ?? '');
}

async function noticeSays(page: Page, text: string) {
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText(text);
  await page.getByTestId('notice-dismiss').click();
  await expect(notice).toBeHidden();
}

test('the German workstation shows main refusals and notices in German on every screen it visits', async ({ page }) => {
  test.setTimeout(90_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-messages-'));
  dirs.push(dataDir);
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ agent: { name: 'Jana' }, clients: twoClients, sip: { blockedPrefixes: ['+49900'] } }));
  const running = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);
  hosts.push(running);

  await page.goto(running.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByTestId('agent-state')).toContainText(de.agent.state.ready);
  await expectNoEnglish(page, 'idle');

  // A number on the block list: main refuses it, in German.
  await page.getByTestId('dial-input').fill('+49 900 123456');
  await page.getByTestId('dial-call').click();
  await noticeSays(page, german('dial.blocked', { number: '', prefix: '+49900' }).trim());
  await expectNoEnglish(page, 'idle, after a refused dial');

  await page.getByTestId('simulate-call').click();
  const ringing = page.getByTestId('incoming-call');
  await expect(ringing).toBeVisible();
  await expectNoEnglish(page, 'ringing');
  await ringing.getByTestId('answer').click();
  await expect(page.getByTestId('active-call')).toBeVisible();
  await expectNoEnglish(page, 'on-call');
  await page.getByTestId('active-call').getByTestId('hangup').click();

  const wrapUp = page.getByTestId('wrapup-panel');
  await expect(wrapUp).toBeVisible();
  await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'wrapUp');
  await expectNoEnglish(page, 'wrap-up');
  // The wrap-up comes before the next call: main refuses a dial, in German.
  await page.getByTestId('dial-input').fill('+49 40 555 0101');
  await page.getByTestId('dial-call').click();
  await noticeSays(page, german('wrapUp.dispositionFirst'));
  await expectNoEnglish(page, 'wrap-up, after a refused dial');
  await wrapUp.locator('[data-testid^="wrapup-code-"]').first().click();
  await wrapUp.getByTestId('wrapup-done').click();
  await expect(wrapUp).toBeHidden();

  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('language-select')).toBeVisible();
  await expectNoEnglish(page, 'settings');
  await page.getByTestId('settings-close').click();

  await page.getByTestId('scripts-tab').click();
  // A script file that is no script: main's refusal of the upload's content is worded in German.
  await page.getByTestId('script-file').setInputFiles({ name: 'leer.yaml', mimeType: 'application/yaml', buffer: Buffer.alloc(0) });
  await expect(page.getByTestId('script-load-result')).toBeVisible();
  await expectNoEnglish(page, 'scripts');
});
