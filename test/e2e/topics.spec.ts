import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startCli, type RunningHost } from '../support/cli';
import { twoClients } from '../support/clients-config';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';

// Current topics on a real ringing call in Chromium: a real Kamailio, a Node caller whose IVR names
// client A, the browser host with a topics folder. The banner lists the client's topics with their
// keys; one keystroke opens the talking points beside the call. Takes docs/screenshots/topics-en.png
// and topics-de.png.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
let kamailio: Kamailio;
let caller: FarEnd;
const hosts: RunningHost[] = [];
const dirs: string[] = [];

const TOPICS = `# Current topics — format: docs/topics.md
topics:
  - id: price-letter-2026-05
    client: stadtwerke
    title: Price letter of 12 May
    priority: high
    text: |
      - The letter's table had the old and new prices swapped; the new price is the **lower** one.
      - Nobody needs to do anything; a corrected letter follows.
  - id: storm-north
    client: stadtwerke
    title: Storm damage in the north
    text: Technicians repair the lines in the north until Friday. No need to report a fault again.
  - id: spring-sale
    client: moebelhaus
    title: Spring sale
    text: Ten per cent off sofas.
`;

test.beforeAll(async () => {
  kamailio = await startKamailio();
  caller = await FarEnd.start({ kamailio, user: 'customer', toneHz: 440 });
});

test.afterAll(async () => {
  for (const host of hosts) await host.stop();
  await caller?.stop();
  await kamailio?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

for (const language of ['en', 'de'] as const) {
  test(`the ringing banner lists the client's topics and Ctrl+Shift+1 opens the first beside the call (${language})`, async ({ page }) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-topics-'));
    dirs.push(dataDir);
    fs.mkdirSync(path.join(dataDir, 'topics'));
    fs.writeFileSync(path.join(dataDir, 'topics', 'current.yaml'), TOPICS);
    const config = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        ui: { language },
        sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7', displayName: 'Agent 7' },
        agent: { name: 'Jana' },
        clients: twoClients,
        topics: { folder: 'topics' },
      }),
    );
    const host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);
    hosts.push(host);
    await page.goto(host.url);
    await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 10_000 });

    const call = caller.call(kamailio.uri('agent7'), { extraHeaders: ['X-Client: SWN', 'X-Campaign: STOERUNG'] });
    const ringing = page.getByTestId('incoming-call');
    await expect(ringing).toBeVisible();
    const topics = page.getByTestId('call-banner').getByTestId('call-topic');
    await expect(topics).toHaveCount(2);
    await expect(topics.nth(0)).toContainText('Price letter of 12 May');
    await expect(topics.nth(0)).toContainText(language === 'de' ? 'Strg+Umschalt+1' : 'Ctrl+Shift+1');
    await expect(topics.nth(1)).toContainText('Storm damage in the north');
    await page.keyboard.press('Control+Shift+Digit1');
    const panel = page.getByTestId('topic-panel');
    await expect(panel).toContainText('the new price is the lower one');
    // The call still rings beside it.
    await expect(ringing).toBeVisible();
    await page.screenshot({ path: path.join(screenshots, `topics-${language}.png`) });
    await ringing.getByTestId('reject').click();
    await call.waitForEnd();
    await host.stop();
    hosts.splice(hosts.indexOf(host), 1);
  });
}
