import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import de from '../../src-renderer/i18n/de.json';
import en from '../../src-renderer/i18n/en.json';
import { startCli, type RunningHost } from '../support/cli';

// The end-to-end flow of the foundation: Debian's Chromium against the real browser host
// (`anlauf start --web`), a real SQLite file in a temp data folder, the built-in training line.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const hosts: RunningHost[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-'));
  dirs.push(dir);
  return dir;
}

async function host(dataDir: string, config?: object): Promise<RunningHost> {
  const args = ['--web', '--port', '0', '--data-dir', dataDir];
  if (config) {
    const file = path.join(tempDir(), 'anlauf.json');
    fs.writeFileSync(file, JSON.stringify(config));
    args.push('--config', file);
  }
  const started = await startCli(args);
  hosts.push(started);
  return started;
}

test.afterEach(async () => {
  for (const running of hosts.splice(0)) await running.stop();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function rowFor(page: Page, callId: string) {
  const row = page.locator(`[data-testid="calllog-row"][data-call-id="${callId}"]`);
  await expect(row).toBeVisible();
  const value = async (col: string) => Number(await row.locator(`[data-col="${col}"]`).getAttribute('data-value'));
  const text = async (col: string) => (await row.locator(`[data-col="${col}"]`).innerText()).trim();
  const cell = (col: string) => row.locator(`[data-col="${col}"]`);
  return { row, value, text, cell };
}

test.describe('English', () => {
  test.use({ locale: 'en-US' });

  test('a training call rings, is answered and hung up, and stays in the call log across reload and restart', async ({ page }) => {
    const dataDir = tempDir();
    const first = await host(dataDir);
    await page.goto(first.url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('line-kind')).toHaveText(en.line.kind.training);
    await expect(page.getByTestId('training-badge')).toBeVisible();
    await expect(page.getByTestId('agent-state')).toContainText(en.agent.state.ready);
    // The token left the address bar; the page keeps it for reloads.
    expect(page.url()).not.toContain('token=');

    const beforeRing = Date.now();
    await page.getByTestId('simulate-call').click();
    const ringing = page.getByTestId('incoming-call');
    await expect(ringing).toBeVisible();
    await expect(ringing.getByTestId('call-remote-number')).toContainText('+49 40 3012 4477');
    await expect(ringing.getByTestId('call-client')).toContainText('Stadtwerke Nord');
    const callId = (await ringing.getAttribute('data-call-id'))!;
    expect(callId).toBeTruthy();
    await page.screenshot({ path: path.join(screenshots, 'ringing-en.png') });

    await page.getByTestId('answer').click();
    const active = page.getByTestId('active-call');
    await expect(active).toBeVisible();
    const afterAnswer = Date.now();
    await expect(active.getByTestId('call-client')).toContainText('Stadtwerke Nord');
    await expect(active.getByTestId('call-timer')).toHaveText(/^00:0\d$/);
    // The timer runs.
    await expect(active.getByTestId('call-timer')).not.toHaveText('00:00', { timeout: 5000 });
    await expect(active.getByTestId('call-timer')).toHaveText(/^00:0[1-9]$/);
    await page.screenshot({ path: path.join(screenshots, 'active-call-en.png') });

    await page.getByTestId('hangup').click();
    await expect(active).toBeHidden();
    const afterHangup = Date.now();
    // The wrap-up: a code by its key, a note, done.
    const wrapUp = page.getByTestId('wrapup-panel');
    await expect(wrapUp).toBeVisible();
    await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'wrapUp');
    await page.keyboard.press('1');
    await wrapUp.getByTestId('wrapup-note').fill('Zählerstand durchgegeben');
    await wrapUp.getByTestId('wrapup-done').click();
    await expect(wrapUp).toBeHidden();
    await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready');

    const { row, value, text, cell } = await rowFor(page, callId);
    await expect(cell('endCause')).toHaveText(en.callLog.endCause.completed);
    expect(await text('remoteNumber')).toContain('+49 40 3012 4477');
    expect(await text('client')).toBe('Stadtwerke Nord');
    expect(await text('direction')).toBe(en.callLog.direction.inbound);
    await expect(row.locator('[data-col="line"]')).toContainText(en.line.trainingBadge);
    const ringAt = await value('ringAt');
    const answerAt = await value('answerAt');
    const endAt = await value('endAt');
    expect(ringAt).toBeGreaterThanOrEqual(beforeRing - 1000);
    expect(answerAt).toBeGreaterThanOrEqual(ringAt);
    expect(answerAt).toBeLessThanOrEqual(afterAnswer + 1000);
    expect(endAt - answerAt).toBeGreaterThanOrEqual(1000);
    expect(endAt).toBeLessThanOrEqual(afterHangup + 1000);
    await expect(row.locator('[data-col="disposition"]')).toHaveText('Solved');
    await page.screenshot({ path: path.join(screenshots, 'call-log-en.png') });

    // A page reload keeps everything: the log is main's, not the page's.
    await page.reload();
    const reloaded = await rowFor(page, callId);
    await expect(reloaded.cell('endAt')).toHaveAttribute('data-value', String(endAt));
    await expect(page.getByTestId('line-kind')).toHaveText(en.line.kind.training);

    // A restart of the host on the same data folder keeps it too (new port, new token).
    expect(await first.stop()).toBe(0);
    const second = await host(dataDir);
    expect(second.token).not.toBe(first.token);
    await page.goto(second.url);
    const restarted = await rowFor(page, callId);
    await expect(restarted.cell('endAt')).toHaveAttribute('data-value', String(endAt));
    expect(await restarted.value('ringAt')).toBe(ringAt);
    expect(await restarted.value('answerAt')).toBe(answerAt);
    expect(await restarted.text('endCause')).toBe(en.callLog.endCause.completed);
  });

  test('a caller who gives up is a missed call; a rejected one is rejected', async ({ page }) => {
    const running = await host(tempDir(), { training: { ringTimeoutSeconds: 5 } });
    await page.goto(running.url);
    await page.getByTestId('simulate-call').click();
    const missedId = (await page.getByTestId('incoming-call').getAttribute('data-call-id'))!;
    await expect(page.getByTestId('incoming-call')).toBeHidden({ timeout: 10_000 });
    const missed = await rowFor(page, missedId);
    await expect(missed.cell('endCause')).toHaveText(en.callLog.endCause.missed);
    expect(await missed.text('duration')).toBe('–');

    await page.getByTestId('simulate-call').click();
    const rejectedId = (await page.getByTestId('incoming-call').getAttribute('data-call-id'))!;
    await page.getByTestId('reject').click();
    const rejected = await rowFor(page, rejectedId);
    await expect(rejected.cell('endCause')).toHaveText(en.callLog.endCause.rejected);
  });

  test('a scenario file plays its calls by itself, and the agent state holds them back', async ({ page }) => {
    const scenario = path.join(tempDir(), 'drill.yaml');
    fs.writeFileSync(
      scenario,
      [
        'name: Drill week 1',
        'calls:',
        '  - caller: "+49 511 000 111"',
        '    delaySeconds: 0.2',
        '    ivr: { client: Nordlicht Energie, campaign: Umzug }',
        '  - caller: "+49 511 000 222"',
        '    delaySeconds: 0.2',
        '',
      ].join('\n'),
    );
    const running = await host(tempDir(), { training: { scenarioFile: scenario, autoStart: true } });
    await page.goto(running.url);
    await expect(page.getByTestId('scenario-name')).toHaveText('Drill week 1');
    const ringing = page.getByTestId('incoming-call');
    await expect(ringing.getByTestId('call-remote-number')).toContainText('+49 511 000 111');
    await expect(ringing.getByTestId('call-client')).toContainText('Nordlicht Energie');
    await expect(page.getByTestId('scenario-progress')).toHaveText('1 / 2');

    await page.getByTestId('agent-state-menu').click();
    await page.getByTestId('agent-state-reason-break').click();
    await expect(page.getByTestId('agent-state')).toContainText(en.agent.reason.break);
    await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'notReady');
    await page.getByTestId('reject').click();
    await page.waitForTimeout(1000);
    await expect(page.getByTestId('incoming-call')).toBeHidden();

    await page.getByTestId('agent-state-menu').click();
    await page.getByTestId('agent-state-option-ready').click();
    await expect(ringing.getByTestId('call-remote-number')).toContainText('+49 511 000 222');
    await expect(page.getByTestId('scenario-progress')).toHaveText('2 / 2');
  });
});

test.describe('German', () => {
  test.use({ locale: 'de-DE' });

  test('the workstation speaks German on a German system, and the agent can switch language for good', async ({ page }) => {
    const dataDir = tempDir();
    const running = await host(dataDir);
    await page.goto(running.url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByTestId('line-kind')).toHaveText(de.line.kind.training);
    await expect(page.getByTestId('agent-state')).toContainText(de.agent.state.ready);
    await expect(page.getByTestId('simulate-call')).toHaveText(de.training.simulate);

    await page.getByTestId('simulate-call').click();
    await page.getByTestId('answer').click();
    await expect(page.getByTestId('active-call')).toBeVisible();
    await page.screenshot({ path: path.join(screenshots, 'active-call-de.png') });
    await page.getByTestId('hangup').click();
    await expect(page.locator('[data-testid="calllog-row"] [data-col="endCause"]').first()).toHaveText(de.callLog.endCause.completed);
    await expect(page.locator('[data-testid="calllog-row"] [data-col="direction"]').first()).toHaveText(de.callLog.direction.inbound);

    await page.getByTestId('settings-open').click();
    await page.getByTestId('language-select').selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('simulate-call')).toHaveText(en.training.simulate);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('line-kind')).toHaveText(en.line.kind.training);
  });
});
