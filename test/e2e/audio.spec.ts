import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startCli, type RunningHost } from '../support/cli';

// Audio devices and the ringtone in Debian's Chromium (fake media devices, autoplay allowed)
// against the real browser host: the page is the media end.

const hosts: RunningHost[] = [];
const dirs: string[] = [];

test.afterEach(async () => {
  for (const running of hosts.splice(0)) await running.stop();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function host(): Promise<{ running: RunningHost; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-'));
  dirs.push(dataDir);
  const running = await startCli(['--web', '--port', '0', '--data-dir', dataDir]);
  hosts.push(running);
  return { running, dataDir };
}

const ringPlaying = (page: Page) =>
  page.evaluate(() => {
    const ring = document.querySelector<HTMLAudioElement>('audio[data-anlauf-ring]');
    return ring !== null && !ring.paused;
  });

test.use({ locale: 'en-US' });

test("the settings list the page's devices and keep the choices; a ringing call rings on the ring device until answered", async ({ page }) => {
  const { running, dataDir } = await host();
  await page.goto(running.url);
  await expect(page.getByTestId('line-kind')).toBeVisible();

  await page.getByTestId('settings-open').click();
  const microphone = page.getByTestId('audio-microphone');
  // The system default first, then Chromium's fake microphones by name.
  await expect.poll(async () => (await microphone.locator('option').allTextContents()).length).toBeGreaterThan(1);
  const labels = await microphone.locator('option').allTextContents();
  expect(labels[0]).toMatch(/^System default/);
  expect(labels.slice(1).every((label) => label.length > 0)).toBe(true);
  const values = await microphone.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  const chosen = values[values.length - 1]!;
  await microphone.selectOption(chosen);
  await expect(microphone).toHaveValue(chosen);
  await expect.poll(() => JSON.parse(fs.readFileSync(path.join(dataDir, 'user-settings.json'), 'utf8')).audio?.microphoneId).toBe(chosen);
  // Chromium can choose outputs (setSinkId), so the speaker and ring selects are offered.
  await expect(page.getByTestId('audio-speaker')).toBeEnabled();
  const ring = page.getByTestId('audio-ring');
  const outputs = await ring.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  expect(outputs.length).toBeGreaterThan(1);
  const ringDevice = outputs[outputs.length - 1]!;
  await ring.selectOption(ringDevice);
  await expect(ring).toHaveValue(ringDevice);
  await page.getByTestId('settings-close').click();

  expect(await ringPlaying(page)).toBe(false);
  await page.getByTestId('simulate-call').click();
  await expect(page.getByTestId('incoming-call')).toBeVisible();
  await expect.poll(() => ringPlaying(page)).toBe(true);
  // On the chosen ring device.
  expect(await page.evaluate(() => (document.querySelector('audio[data-anlauf-ring]') as HTMLAudioElement & { sinkId: string }).sinkId)).toBe(ringDevice);
  await page.getByTestId('answer').click();
  await expect.poll(() => ringPlaying(page)).toBe(false);
});
