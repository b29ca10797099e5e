import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startCli, type RunningHost } from '../support/cli';
import { researchClient } from '../support/clients-config';
import { projectRoot } from '../support/paths';

// Every survey question kind walked in Chromium by keyboard only, on a rehearsal call on the
// training line: a time, a rating with end labels, "Other, please specify", a shuffled multiple
// choice with "none of these", a grid, and the callback time that the wrap-up takes over. A page
// reload in the middle keeps the order the options were drawn in. Then the call log shows the
// answers as text.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
let host: RunningHost;
let dataDir: string;

test.use({ locale: 'en-US' });

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-questions-'));
  const folder = path.join(dataDir, 'scripts');
  fs.mkdirSync(folder);
  fs.copyFileSync(path.join(projectRoot, 'test', 'fixtures', 'scripts', 'question-kinds.yaml'), path.join(folder, 'question-kinds.yaml'));
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ agent: { name: 'Jana' }, clients: [researchClient], scripts: { folder } }));
  host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);
});

test.afterAll(async () => {
  await host?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Presses Tab (or Shift+Tab) until `target` has the focus, as an agent without a mouse would. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab') {
  for (let presses = 0; presses < 40; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** The node the panel shows, once it shows `id`. */
async function at(page: Page, id: string) {
  await expect(page.getByTestId('script-panel').locator('form[data-node-id]')).toHaveAttribute('data-node-id', id);
}

const focused = (locator: Locator) => expect(locator).toBeFocused();

test('every survey question kind answered by keyboard, the callback time in the wrap-up, the answers in the call log', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await page.getByTestId('scripts-tab').click();
  await page.locator('[data-testid="loaded-script"][data-script-id="survey-kinds"]').getByTestId('script-rehearse').click();
  const ringing = page.getByTestId('incoming-call');
  await expect(ringing).toBeVisible();
  const callId = (await ringing.getAttribute('data-call-id'))!;
  await ringing.getByTestId('answer').click();
  const panel = page.getByTestId('script-panel');

  // A time: Tab to the field (the answer button had the focus); digits fill it, Enter goes on.
  await at(page, 'q_time');
  const time = panel.getByTestId('script-input');
  await tabTo(page, time);
  await page.keyboard.type('0800AM');
  await expect(time).toHaveValue('08:00');
  await page.keyboard.press('Enter');

  // A rating with labelled ends: Shift+Tab back from Next to "2", Space picks it.
  await at(page, 'q_stars');
  await expect(panel.getByTestId('script-rating-min-label')).toHaveText('very unhappy');
  await expect(panel.getByTestId('script-rating-max-label')).toHaveText('very happy');
  await expect(panel.getByRole('button', { name: '5 of 5: very happy' })).toBeVisible();
  await tabTo(page, panel.getByTestId('script-rating-2'), 'Shift+Tab');
  await page.keyboard.press('Space');
  await expect(panel.getByTestId('script-rating-2')).toHaveAttribute('aria-pressed', 'true');
  await tabTo(page, panel.getByTestId('script-next'));
  await page.keyboard.press('Enter');

  // "Other, please specify": the arrows pick "Other", Tab reaches its text field.
  await at(page, 'q_source');
  await focused(panel.getByRole('radio', { name: 'An advert' }));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(panel.getByRole('radio', { name: 'Other' })).toBeChecked();
  await page.keyboard.press('Tab');
  await focused(panel.getByRole('textbox', { name: 'Please specify: Other' }));
  // Without the text, main refuses and says why.
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('script-error')).toHaveText('Please type what "Other" means in the field beside it.');
  await page.keyboard.type('a flyer');
  await page.keyboard.press('Enter');

  // Shuffled options, "none of these" last; the order survives a reload of the page.
  await at(page, 'q_channels');
  const options = panel.getByTestId('script-option');
  const drawn = await options.evaluateAll((all) => all.map((o) => o.getAttribute('data-value')));
  expect(drawn.at(-1)).toBe('none');
  expect([...drawn].sort()).toEqual(['email', 'letter', 'none', 'phone', 'web']);
  await page.reload();
  await at(page, 'q_channels');
  expect(await options.evaluateAll((all) => all.map((o) => o.getAttribute('data-value')))).toEqual(drawn);
  const box = (name: string) => panel.getByRole('checkbox', { name });
  await tabTo(page, box('Website'));
  await page.keyboard.press('Space');
  await tabTo(page, box('E-mail'));
  await page.keyboard.press('Space');
  await tabTo(page, box('None of these'));
  await page.keyboard.press('Space');
  await expect(box('None of these')).toBeChecked();
  await expect(box('Website')).not.toBeChecked();
  await expect(box('E-mail')).not.toBeChecked();
  await tabTo(page, box('Website'), 'Shift+Tab');
  await page.keyboard.press('Space');
  await expect(box('None of these')).not.toBeChecked();
  await tabTo(page, box('E-mail'));
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');

  // A grid: the arrows move along a line, Tab to the next line; a service of 1 asks for a callback.
  await at(page, 'q_grid');
  const price = panel.getByRole('radiogroup', { name: 'the price' });
  const service = panel.getByRole('radiogroup', { name: 'the service' });
  await focused(price.getByRole('radio').first());
  await page.keyboard.press('Space');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(price.getByRole('radio', { name: '5 of 5: excellent' })).toBeChecked();
  await page.keyboard.press('Tab');
  await focused(service.getByRole('radio', { name: '1 of 5: poor' }));
  await page.screenshot({ path: path.join(screenshots, 'script-grid-en.png') });
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');

  // The callback time, in the date-time field.
  await at(page, 'q_callback');
  const moment = panel.getByTestId('script-input');
  await focused(moment);
  // Month and day move on by themselves; the year takes more digits, so the arrow moves on.
  await page.keyboard.type('01022099');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('1000AM');
  await expect(moment).toHaveValue('2099-01-02T10:00');
  await page.keyboard.press('Enter');
  await at(page, 'bye_callback');
  await expect(panel.getByTestId('script-path')).toContainText('Other: a flyer');

  // The wrap-up proposes "call back" at the time chosen in the script.
  await page.getByTestId('active-call').getByTestId('hangup').click();
  const wrapUp = page.getByTestId('wrapup-panel');
  await expect(wrapUp.getByTestId('wrapup-code-callback')).toHaveAttribute('aria-pressed', 'true');
  await expect(wrapUp.getByTestId('wrapup-callback-at')).toHaveValue('2099-01-02T10:00');
  await wrapUp.getByTestId('wrapup-done').click();
  await expect(wrapUp).toBeHidden();

  await page.getByTestId('tab-callLog').click();
  await page.locator(`[data-testid="calllog-row"][data-call-id="${callId}"]`).click();
  const answers = page.getByTestId('calllog-details').getByTestId('calldetails-answers');
  const answer = (id: string) => answers.locator(`[data-question-id="${id}"] dd`).first();
  await expect(answer('q_time')).toHaveText('08:00');
  await expect(answer('q_stars')).toHaveText('2');
  await expect(answer('q_source')).toHaveText('Other: a flyer');
  await expect(answer('q_channels')).toHaveText('E-mail, Website');
  await expect(answers.locator('[data-question-id="q_channels"]').getByTestId('calldetails-answer-order')).toHaveText(`Order offered: ${drawn.join(', ')}`);
  await expect(answer('q_grid')).toHaveText('the price: 5; the service: 1');
  await expect(answer('q_callback')).toHaveText('2099-01-02 10:00');
});
