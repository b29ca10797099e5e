import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import config from '../../playwright.config';
import { startCli, type RunningHost } from '../support/cli';
import { startCoturn, type Coturn } from '../support/coturn';
import { FarEnd } from '../support/far-end';
import { DEFAULT_SIP_USERS, startKamailio, type Kamailio } from '../support/kamailio';

// The pre-shift check in Debian's Chromium against the real browser host, as IT requires it:
// it opens by itself, the agent walks it (the page's microphone, tones, no headset, the SIP
// server and a STUN server reached, an echo call to a far end that sends the audio back), and
// Ready is refused until it passed. Takes docs/screenshots/shift-check-en.png.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

/**
 * The page's "microphone": a steady voice-level tone from a file. Chromium's own fake microphone
 * beeps for a few milliseconds a second — too short for "speech for a moment".
 */
function voiceWav(): string {
  const rate = 48_000;
  const samples = new Int16Array(rate * 2);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(Math.sin((2 * Math.PI * 300 * i) / rate) * 0.4 * 32_767);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples.length * 2, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples.length * 2, 40);
  const file = path.join(os.tmpdir(), `anlauf-e2e-voice-${process.pid}.wav`);
  fs.writeFileSync(file, Buffer.concat([header, Buffer.from(samples.buffer)]));
  return file;
}

const voice = voiceWav();
const launch = config.use?.launchOptions ?? {};
test.use({ locale: 'en-US', launchOptions: { ...launch, args: [...(launch.args ?? []), `--use-file-for-fake-audio-capture=${voice}`] } });

let kamailio: Kamailio;
let coturn: Coturn;
let echo: FarEnd;
let host: RunningHost | null = null;
let dataDir = '';

test.beforeAll(async () => {
  kamailio = await startKamailio({ users: { ...DEFAULT_SIP_USERS, echo: 'secret-e' } });
  coturn = await startCoturn();
  echo = await FarEnd.start({ kamailio, user: 'echo', echo: true });
});

test.afterAll(async () => {
  await host?.stop();
  await echo?.stop();
  await coturn?.stop();
  await kamailio?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(voice, { force: true });
});

test('a required check opens by itself, is walked item by item, and only then lets the agent go Ready', async ({ page }) => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-check-'));
  const configFile = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7', iceServers: [{ urls: `stun:127.0.0.1:${coturn.port}` }] },
      shiftCheck: { mode: 'required', every: 'day', echoExtension: 'echo' },
    }),
  );
  host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', configFile]);
  await page.goto(host.url);
  await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 15_000 });

  // Due at the start of the shift: the check is there before anything else, and says why.
  const dialog = page.getByTestId('shift-check-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('shift-check-required')).toContainText('requires this check before you go Ready');
  await expect(page.getByTestId('shift-check-due')).toBeVisible();
  await page.getByTestId('shift-check-start').click();

  await expect(page.getByTestId('shift-check-item-network')).toHaveAttribute('data-status', 'pass', { timeout: 15_000 });
  await expect(page.getByTestId('shift-check-probes')).toContainText(`stun:127.0.0.1:${coturn.port}: reached in`);
  await expect(page.getByTestId('shift-check-item-microphone')).toHaveAttribute('data-status', 'pass', { timeout: 15_000 });

  // The speaker's tone: the agent is asked; the shot shows the check half way.
  await expect(page.getByTestId('shift-check-heard-speaker')).toBeVisible();
  await dialog.screenshot({ path: path.join(screenshots, 'shift-check-en.png') });
  await page.getByTestId('shift-check-heard-speaker').click();
  await page.getByTestId('shift-check-heard-ring').click();

  // No headset on this machine: passes, saying so. Then the echo call.
  await expect(page.getByTestId('shift-check-item-headset')).toHaveAttribute('data-reason', 'noHeadset', { timeout: 15_000 });
  await (await echo.waitForIncoming(15_000)).answer();
  await expect(page.getByTestId('shift-check-item-echo')).toHaveAttribute('data-status', 'pass', { timeout: 20_000 });
  await expect(page.getByTestId('shift-check-result')).toHaveAttribute('data-passed', 'true');
  await page.getByTestId('shift-check-close').click();
  await expect(dialog).toBeHidden();

  // Passed: Ready now goes through; the echo call is nowhere in the call log.
  await page.getByTestId('agent-state-menu').click();
  await page.getByRole('menuitemradio', { name: /^Ready/ }).click();
  await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('shift-check-due')).toHaveCount(0);
});
