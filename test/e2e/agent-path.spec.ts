import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import en from '../../src-renderer/i18n/en.json';
import { startCli, type RunningHost } from '../support/cli';
import { researchClient, salesClient, twoClients } from '../support/clients-config';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { projectRoot } from '../support/paths';

// The agent's path through a call in Chromium: the survey script walked on a real SIP call
// through Kamailio, the wrap-up, the next call declined until it is done, the call log row with
// the answers; required survey questions; a callback created, surfaced and dialled; preview
// dialing through a call list. Scripts come from a watched folder, as IT would set it up.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

let kamailio: Kamailio;
let customer: FarEnd;
const hosts: RunningHost[] = [];
const dirs: string[] = [];

test.use({ locale: 'en-US' });
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  kamailio = await startKamailio();
  customer = await FarEnd.start({ kamailio, user: 'customer', displayName: 'Paula Kunde', toneHz: 440 });
});

test.afterAll(async () => {
  for (const host of hosts) await host.stop();
  await customer?.stop();
  await kamailio?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function startHost(options: { sip: boolean }): Promise<RunningHost> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-path-'));
  dirs.push(dataDir);
  const folder = path.join(dataDir, 'scripts');
  fs.mkdirSync(folder);
  fs.copyFileSync(path.join(projectRoot, 'resources', 'scripts', 'survey.en.yaml'), path.join(folder, 'survey.en.yaml'));
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      ...(options.sip ? { sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7', displayName: 'Agent 7' } } : {}),
      agent: { name: 'Jana' },
      // The sample sales script's campaign, so the desk knows its name and disposition codes.
      clients: [...twoClients, researchClient, salesClient],
      scripts: { folder },
    }),
  );
  const host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);
  hosts.push(host);
  return host;
}

let sipHost: RunningHost;

async function answerSurveyCall(page: Page) {
  const farCall = customer.call(kamailio.uri('agent7'), { extraHeaders: ['X-Client: MB', 'X-Campaign: SURVEY'] });
  const ringing = page.getByTestId('incoming-call');
  await expect(ringing).toBeVisible();
  await ringing.getByTestId('answer').click();
  await expect(page.getByTestId('active-call')).toBeVisible({ timeout: 20_000 });
  await farCall.waitForState('confirmed', 15_000);
  return farCall;
}

/** Next, and wait until the panel shows another step. */
async function next(page: Page) {
  const step = page.getByTestId('script-panel').locator('form[data-node-id]');
  const before = await step.getAttribute('data-node-id');
  await page.getByTestId('script-next').click();
  await expect(step).not.toHaveAttribute('data-node-id', before ?? '');
}

test('a survey walked on a SIP call, the wrap-up before the next call, the answers in the call log', async ({ page }) => {
  test.setTimeout(120_000);
  sipHost = await startHost({ sip: true });
  await page.goto(sipHost.url);
  await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 10_000 });
  const farCall = await answerSurveyCall(page);

  const script = page.getByTestId('script-panel');
  const text = script.getByTestId('script-node-text');
  await expect(text).toContainText('my name is Jana');
  await expect(text).toContainText('Marktblick Research');
  await next(page);
  await expect(text).toContainText('May I ask you a few questions?');
  await script.getByTestId('script-yes').click();
  await next(page);
  await expect(text).toContainText('how satisfied');
  await script.getByTestId('script-rating-4').click();
  await next(page);
  await expect(text).toContainText('recommend Marktblick Research');
  // A number out of range is refused where it was typed.
  await script.getByTestId('script-input').fill('12');
  await script.getByTestId('script-next').click();
  await expect(script.getByTestId('script-error')).toBeVisible();
  await script.getByTestId('script-input').fill('9');
  await next(page);
  await script.locator('[data-testid="script-option"][data-value="phone"]').check();
  await script.locator('[data-testid="script-option"][data-value="web"]').check();
  await next(page);
  await next(page); // customer since: optional
  await script.getByTestId('script-input').fill('44');
  await next(page);
  await expect(script.getByTestId('script-end')).toBeVisible();
  await expect(text).toContainText('4 of 5');
  await expect(script.getByTestId('script-path')).toContainText('By phone, On the website');
  await page.screenshot({ path: path.join(screenshots, 'script-panel-en.png') });

  await page.getByTestId('active-call').getByTestId('hangup').click();
  await farCall.waitForEnd();
  const wrapUp = page.getByTestId('wrapup-panel');
  await expect(wrapUp).toBeVisible();
  await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'wrapUp');

  // The next call does not reach the agent: the queue gets 486 and nothing rings.
  const declined = await customer.call(kamailio.uri('agent7'), { extraHeaders: ['X-Client: MB'] }).waitForEnd(10_000);
  expect(declined.statusCode).toBe(486);
  await expect(page.getByTestId('incoming-call')).toBeHidden();

  // The script's end suggested "survey complete"; the agent adds a note and is done.
  await expect(wrapUp.getByTestId('wrapup-code-survey-complete')).toHaveAttribute('aria-pressed', 'true');
  const callId = (await wrapUp.getAttribute('data-call-id'))!;
  await wrapUp.getByTestId('wrapup-note').fill('Sehr zufrieden, wünscht Newsletter');
  await page.screenshot({ path: path.join(screenshots, 'wrap-up-en.png') });
  await wrapUp.getByTestId('wrapup-done').click();
  await expect(wrapUp).toBeHidden();
  await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready');

  const row = page.locator(`[data-testid="calllog-row"][data-call-id="${callId}"]`);
  await expect(row.locator('[data-col="disposition"]')).toHaveText('Survey complete');
  // The declined call is in the log too, rejected, with nothing to wrap up.
  const declinedRow = page.getByTestId('calllog-row').first();
  await expect(declinedRow.locator('[data-col="endCause"]')).toHaveText(en.callLog.endCause.rejected);
  await row.click();
  const details = page.getByTestId('calllog-details');
  await expect(details.getByTestId('calldetails-disposition')).toContainText('Survey complete');
  await expect(details.getByTestId('calldetails-note')).toContainText('Sehr zufrieden, wünscht Newsletter');
  await expect(details.getByTestId('calldetails-script')).toContainText('Customer satisfaction survey');
  await expect(details.getByTestId('calldetails-script')).toContainText('1');
  const answers = details.getByTestId('calldetails-answers');
  await expect(answers).toContainText('May I ask you a few questions?');
  await expect(answers).toContainText('By phone, On the website');
  await expect(answers).toContainText('44');
  await page.screenshot({ path: path.join(screenshots, 'call-details-wrap-up-en.png') });
  await details.getByTestId('calllog-details-close').click();
});

test('required survey questions hold the wrap-up; a callback is created, surfaced when due and dialled', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(sipHost.url);
  await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 10_000 });
  const farCall = await answerSurveyCall(page);
  await next(page);
  await page.getByTestId('script-yes').click();
  await next(page);
  // The customer has no time now.
  await page.getByTestId('active-call').getByTestId('hangup').click();
  await farCall.waitForEnd();

  const wrapUp = page.getByTestId('wrapup-panel');
  await expect(wrapUp.getByTestId('wrapup-missing')).toContainText('how satisfied');
  await wrapUp.getByTestId('wrapup-code-survey-complete').click();
  await wrapUp.getByTestId('wrapup-done').click();
  await expect(wrapUp.getByTestId('wrapup-error')).toContainText('Required questions of the script are not answered');
  await expect(wrapUp).toBeVisible();

  // "Call back later": a time in the current minute, so it is due at once.
  await wrapUp.getByTestId('wrapup-code-callback').click();
  const due = new Date();
  const local = new Date(due.getTime() - due.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await wrapUp.getByTestId('wrapup-callback-at').fill(local);
  await wrapUp.getByTestId('wrapup-callback-note').fill('Nach 18 Uhr');
  await wrapUp.getByTestId('wrapup-done').click();
  await expect(wrapUp).toBeHidden();

  // Surfaced: the badge in the phone bar (main looks for due callbacks every few seconds).
  const badge = page.getByTestId('callbacks-due-badge');
  await expect(badge).toBeVisible({ timeout: 15_000 });
  await badge.click();
  const item = page.getByTestId('callback-item').first();
  await expect(item).toContainText('Nach 18 Uhr');
  await expect(item).toContainText('Kundenzufriedenheit 2026');
  await page.screenshot({ path: path.join(screenshots, 'callbacks-en.png') });

  await item.getByTestId('callback-dial').click();
  const incoming = await customer.waitForIncoming(10_000);
  await incoming.answer({ timeoutMs: 15_000 });
  await expect(page.getByTestId('active-call')).toBeVisible({ timeout: 20_000 });
  // The callback's company, campaign and script come with it.
  await expect(page.getByTestId('call-banner-name')).toHaveText('Marktblick Research');
  await expect(page.getByTestId('script-node-text')).toContainText('my name is Jana');
  await next(page);
  await page.getByTestId('script-no').click();
  await next(page);
  await expect(page.getByTestId('script-end')).toBeVisible();
  await incoming.hangup();
  await expect(wrapUp).toBeVisible();
  await expect(wrapUp.getByTestId('wrapup-code-not-surveyed')).toHaveAttribute('aria-pressed', 'true');
  await wrapUp.getByTestId('wrapup-done').click();
  await expect(wrapUp).toBeHidden();
  await page.getByTestId('callbacks-tab').click();
  await expect(page.getByTestId('callbacks-empty')).toBeVisible();
});

test('preview dialing through a call list imported from CSV', async ({ page }) => {
  test.setTimeout(120_000);
  const host = await startHost({ sip: false });
  await page.goto(host.url);
  await expect(page.getByTestId('line-kind')).toHaveText(en.line.kind.training);
  await page.getByTestId('calllists-tab').click();
  const csv = ['Name;Telefon;Kundennummer;Tarif', 'Jürgen Weiß;040 7654321;K-1;Basis', 'Ohne Nummer;;K-2;Plus', 'Özlem Kaya;+49 30 2223334;K-3;Plus'].join(
    '\r\n',
  );
  await page.getByTestId('calllist-file').setInputFiles({ name: 'welle-1.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'latin1') });
  await page.getByTestId('calllist-name').fill('Welle 1');
  await page.getByTestId('calllist-campaign').selectOption({ label: 'Marktblick Research — Kundenzufriedenheit 2026' });
  await page.getByTestId('calllist-import').click();
  const result = page.getByTestId('calllist-result');
  await expect(result).toContainText('2');
  await expect(result).toContainText('3');
  await expect(result).toContainText('no phone number');

  const list = page.getByTestId('calllist-item').filter({ hasText: 'Welle 1' });
  await list.getByTestId('preview-start').click();
  const card = page.getByTestId('preview-card');
  await expect(card.getByTestId('preview-name')).toHaveText('Jürgen Weiß');
  await card.getByTestId('preview-skip-reason').fill('Do not call');
  await card.getByTestId('preview-skip').click();
  await expect(card.getByTestId('preview-name')).toHaveText('Özlem Kaya');
  await page.screenshot({ path: path.join(screenshots, 'preview-dialing-en.png') });

  await card.getByTestId('preview-dial').click();
  const active = page.getByTestId('active-call');
  await expect(active).toBeVisible({ timeout: 15_000 }); // the training line's callee answers
  await expect(page.getByTestId('call-banner-name')).toHaveText('Marktblick Research');
  await expect(page.getByTestId('customer-card-name')).toHaveText('Özlem Kaya');
  await active.getByTestId('hangup').click();

  const wrapUp = page.getByTestId('wrapup-panel');
  await wrapUp
    .getByTestId('wrapup-group-no-contact')
    .getByRole('button', { name: /No contact/ })
    .click();
  await wrapUp.getByTestId('wrapup-code-wrong-number').click();
  await wrapUp.getByTestId('wrapup-done').click();
  await expect(wrapUp).toBeHidden();
  await expect(card.getByTestId('preview-empty')).toBeVisible();
  await expect(list).toContainText('1'); // done
  const row = page.getByTestId('calllog-row').first();
  await page.getByTestId('tab-callLog').click();
  await expect(row.locator('[data-col="disposition"]')).toContainText('Wrong number');
});

test('the trainer loads scripts from the Scripts tab: every problem with line and column, or the version loaded; preview and rehearsal', async ({ page }) => {
  test.setTimeout(120_000);
  const host = await startHost({ sip: false });
  await page.goto(host.url);
  await page.getByTestId('scripts-tab').click();

  const broken = fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'scripts', 'broken', 'several-errors.yaml'));
  await page.getByTestId('script-file').setInputFiles({ name: 'several-errors.yaml', mimeType: 'application/yaml', buffer: broken });
  const result = page.getByTestId('script-load-result');
  await expect(result).toHaveAttribute('data-ok', 'false');
  const problems = page.getByTestId('script-problem');
  expect(await problems.count()).toBeGreaterThan(3);
  for (const text of await problems.allTextContents()) expect(text).toMatch(/^several-errors\.yaml:\d+:\d+: \S/);
  await expect(problems.filter({ hasText: 'agent.nam' })).toHaveCount(1);
  await page.screenshot({ path: path.join(screenshots, 'scripts-problems-en.png') });

  // The sales script, in German, is loaded as its first version.
  const sales = fs.readFileSync(path.join(projectRoot, 'resources', 'scripts', 'sales.de.yaml'));
  await page.getByTestId('script-file').setInputFiles({ name: 'sales.de.yaml', mimeType: 'application/yaml', buffer: sales });
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText('loaded v1 for campaign');
  const row = page.locator('[data-testid="loaded-script"][data-script-id="sales-de"]');
  await expect(row).toHaveAttribute('data-version', '1');

  // Preview with sample data, without a call.
  await row.getByTestId('script-preview').click();
  const panel = page.getByTestId('script-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('script-node-text')).not.toBeEmpty();
  await page.getByTestId('script-preview-close').click();
  await expect(panel).toBeHidden();

  // Rehearsal: a training call for the script's campaign, with the script on it.
  await page.getByTestId('loaded-script').filter({ hasText: 'survey' }).getByTestId('script-rehearse').click();
  const ringing = page.getByTestId('incoming-call');
  await expect(ringing).toBeVisible();
  await expect(ringing.getByTestId('call-client')).toContainText('Marktblick Research');
  await ringing.getByTestId('answer').click();
  await expect(panel.getByTestId('script-node-text')).toContainText('Good day and welcome, my name is Jana');
  await page.getByTestId('active-call').getByTestId('hangup').click();
  const wrapUp = page.getByTestId('wrapup-panel');
  await wrapUp
    .getByTestId('wrapup-group-no-contact')
    .getByRole('button', { name: /No contact/ })
    .click();
  await wrapUp.getByTestId('wrapup-code-busy').click();
  await wrapUp.getByTestId('wrapup-done').click();
  await expect(wrapUp).toBeHidden();
});
