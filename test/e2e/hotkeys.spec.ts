import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import de from '../../src-renderer/i18n/de.json';
import en from '../../src-renderer/i18n/en.json';
import { startCli, type RunningHost } from '../support/cli';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';

// Keyboard call control on a real call: the browser host in Chromium with the media in the page,
// a real Kamailio, and a Node customer with real WebRTC who sees the answer, the hold and the BYE.
// Takes docs/screenshots/hotkeys-en.png (the list in the settings) and figures-en.png (the Today
// panel after the call), and their -de.png pair from a German desk.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

let kamailio: Kamailio;
let customer: FarEnd;
let host: RunningHost | null = null;
const dirs: string[] = [];

test.beforeAll(async () => {
  kamailio = await startKamailio();
  customer = await FarEnd.start({ kamailio, user: 'customer', toneHz: 440 });
});

test.afterAll(async () => {
  await host?.stop();
  await customer?.stop();
  await kamailio?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Agent 7's desk in the page, with `settings` beside the line's. */
async function openDesk(page: Page, settings: Record<string, unknown> = {}): Promise<void> {
  await host?.stop();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-hotkeys-'));
  dirs.push(dataDir);
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(
    config,
    JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7', displayName: 'Agent 7' }, ...settings }),
  );
  host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);
  await page.goto(host.url);
  await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 10_000 });
}

test.describe('on an English desk', () => {
  test.use({ locale: 'en-US' });

  test('hotkeys answer, hold, resume and hang up a real call; a hotkey with nothing to do says so and does nothing', async ({ page }) => {
    // Answer and hang up on their defaults (Ctrl+Shift+A, Ctrl+Shift+H); hold on an F-key from IT's file.
    await openDesk(page, { hotkeys: { hold: 'F8' } });

    // Nothing rings: the answer hotkey is refused in words, and nothing else happens.
    await page.keyboard.press('Control+Shift+A');
    await expect(page.getByTestId('hotkey-announcement')).toHaveText(`${en.hotkeys.action.answer}: ${en.hotkeys.reason.nothingRinging}`);
    await expect(page.getByTestId('hotkey-announcement')).toHaveAttribute('aria-live', 'assertive');
    await expect(page.getByTestId('active-call')).toHaveCount(0);

    // Typing a number in the dial box: the field keeps its keys, a hotkey with Ctrl still answers.
    const dial = page.getByTestId('dial-input');
    await dial.click();
    await dial.pressSequentially('0301');
    const farCall = customer.call(kamailio.uri('agent7'));
    await expect(page.getByTestId('incoming-call')).toBeVisible();
    await page.keyboard.press('Control+Shift+A');
    const active = page.getByTestId('active-call');
    await expect(active).toBeVisible({ timeout: 20_000 });
    await farCall.waitForState('confirmed', 20_000);
    await expect(dial).toHaveValue('0301');
    await expect(page.getByTestId('hotkey-announcement')).toHaveText('');

    // F8 from the settings file holds the call (the customer is asked with a re-INVITE) and resumes it.
    await page.keyboard.press('F8');
    await expect(active).toHaveAttribute('data-hold', 'held', { timeout: 10_000 });
    await farCall.waitForRemoteDirection(['sendonly', 'inactive'], 10_000);
    // As with the buttons, the next hold command waits until main answered the last one.
    await expect(active.getByTestId('resume')).toBeEnabled();
    await page.keyboard.press('F8');
    await expect(active).toHaveAttribute('data-hold', 'none', { timeout: 10_000 });
    await farCall.waitForRemoteDirection('sendrecv', 10_000);
    await expect(active.getByTestId('hangup')).toBeEnabled();

    // The default hang-up hotkey ends the call from the agent's side.
    await page.keyboard.press('Control+Shift+H');
    const end = await farCall.waitForEnd(10_000);
    expect(end.originator).toBe('remote');
    await expect(page.getByTestId('active-call')).toHaveCount(0);
    const row = page.locator('[data-testid="calllog-row"]').first();
    await expect(row.locator('[data-col="endCause"]')).toHaveText(en.callLog.endCause.completed);

    // No call left: hang up is refused in words.
    await page.keyboard.press('Control+Shift+H');
    await expect(page.getByTestId('hotkey-announcement')).toHaveText(`${en.hotkeys.action.hangup}: ${en.hotkeys.reason.noCall}`);

    // The day's figures count the call.
    const figures = page.getByTestId('own-figures');
    await expect(figures.locator('[data-figure="calls"] dd')).toHaveText('1');
    await expect(figures).toContainText(en.figures.title);
    await figures.screenshot({ path: path.join(screenshots, 'figures-en.png') });

    // The settings list the hotkeys as this desk has them.
    await page.getByTestId('settings-open').click();
    await page.getByTestId('hotkey-list-toggle').click();
    const list = page.getByTestId('hotkey-list');
    await expect(list.locator('[data-action="answer"] kbd')).toHaveText('Ctrl+Shift+A');
    await expect(list.locator('[data-action="hold"] kbd')).toHaveText('F8');
    await list.screenshot({ path: path.join(screenshots, 'hotkeys-en.png') });
  });
});

test.describe('on a German desk', () => {
  test.use({ locale: 'de-DE' });

  test('the hotkeys, their refusals and the Today figures are German', async ({ page }) => {
    await openDesk(page);
    await page.keyboard.press('Control+Shift+A');
    await expect(page.getByTestId('hotkey-announcement')).toHaveText(`${de.hotkeys.action.answer}: ${de.hotkeys.reason.nothingRinging}`);

    const farCall = customer.call(kamailio.uri('agent7'));
    await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 10_000 });
    await page.keyboard.press('Control+Shift+A');
    await expect(page.getByTestId('active-call')).toBeVisible({ timeout: 20_000 });
    await farCall.waitForState('confirmed', 20_000);
    await page.keyboard.press('Control+Shift+H');
    await farCall.waitForEnd(10_000);
    await expect(page.getByTestId('active-call')).toHaveCount(0);
    await page.keyboard.press('Control+Shift+H');
    await expect(page.getByTestId('hotkey-announcement')).toHaveText(`${de.hotkeys.action.hangup}: ${de.hotkeys.reason.noCall}`);

    const figures = page.getByTestId('own-figures');
    await expect(figures.locator('[data-figure="calls"] dd')).toHaveText('1');
    await expect(figures.getByRole('heading')).toHaveText(de.figures.title);
    for (const key of ['calls', 'averageTalk', 'averageWrapUp'] as const)
      await expect(figures.locator(`[data-figure="${key}"] dt`)).toHaveText(de.figures[key]);
    for (const state of ['ready', 'notReady', 'onCall', 'wrapUp'] as const)
      await expect(figures.locator(`[data-figure="${state}"] dt`)).toHaveText(de.agent.state[state]);
    await figures.screenshot({ path: path.join(screenshots, 'figures-de.png') });

    await page.getByTestId('settings-open').click();
    await page.getByTestId('hotkey-list-toggle').click();
    const list = page.getByTestId('hotkey-list');
    await expect(list.locator('summary')).toHaveText(de.hotkeys.title);
    for (const action of ['answer', 'hangup', 'hold', 'mute', 'transfer', 'ready'] as const)
      await expect(list.locator(`[data-action="${action}"] dt`)).toHaveText(de.hotkeys.action[action]);
    await expect(list.locator('[data-action="answer"] kbd')).toHaveText('Strg+Umschalt+A');
    await expect(list).toContainText(de.hotkeys.inWindow);
    await list.screenshot({ path: path.join(screenshots, 'hotkeys-de.png') });
  });
});
