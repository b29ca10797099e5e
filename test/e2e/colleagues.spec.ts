import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import de from '../../src-renderer/i18n/de.json';
import en from '../../src-renderer/i18n/en.json';
import { startCli, type RunningHost } from '../support/cli';
import { FarEnd, type FarCall } from '../support/far-end';
import { DEFAULT_SIP_USERS, startKamailio, type Kamailio } from '../support/kamailio';
import WebSocket from 'ws';

// The Colleagues tab with live states, as the agent sees it in Chromium: a real Kamailio with
// presence, two colleagues' own workstations (browser hosts, their state set through their
// socket as their page would), a desk phone on a call (BLF: Kamailio publishes its dialog) and
// a colleague who never signed in. Takes docs/screenshots/colleagues-en.png and colleagues-de.png.

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const users: Record<string, string> = { ...DEFAULT_SIP_USERS, agent9: 'secret9', agent10: 'secret10' };
let kamailio: Kamailio;
let customer: FarEnd;
let deskPhone: FarEnd;
let deskCall: FarCall | null = null;
const hosts: RunningHost[] = [];
const sockets: WebSocket[] = [];

/** A colleague's page in short: one command over the browser host's socket, as the page sends it. */
async function command(host: RunningHost, name: string, payload: unknown): Promise<void> {
  const origin = `127.0.0.1:${host.port}`;
  const socket = new WebSocket(`ws://${origin}/ws?token=${host.token}`, { origin: `http://${origin}` });
  sockets.push(socket);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const reply = await new Promise<{ ok: boolean; error?: { message: string } }>((resolve) => {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; seq?: number; ok: boolean };
      if (message.type !== 'event' && message.seq === 1) resolve(message);
    });
    socket.send(JSON.stringify({ type: 'request', seq: 1, command: name, payload }));
  });
  if (!reply.ok) throw new Error(`${name}: ${reply.error?.message}`);
}
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-colleagues-'));
  dirs.push(dir);
  return dir;
}

/** A browser host for `user` with these settings. */
async function desk(user: string, settings: Record<string, unknown> = {}): Promise<RunningHost> {
  const dir = tempDir();
  const config = path.join(dir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri(user), password: users[user] }, ...settings }));
  const host = await startCli(['--web', '--port', '0', '--data-dir', dir, '--config', config]);
  hosts.push(host);
  return host;
}

test.beforeAll(async () => {
  kamailio = await startKamailio({ presence: true, users });
  customer = await FarEnd.start({ kamailio, user: 'customer', toneHz: 440 });
  deskPhone = await FarEnd.start({ kamailio, user: 'agent10', toneHz: 660 });
  // Jonas is ready; Mira went to lunch.
  await desk('agent8');
  const mira = await desk('colleague');
  await command(mira, 'agent:setState', { state: 'notReady', reason: 'lunch' });
  // The second level's desk phone talks to a customer.
  const call = customer.call(kamailio.uri('agent10'));
  deskCall = await deskPhone.waitForIncoming(10_000);
  await deskCall.answer();
  await call.waitForState('confirmed', 10_000);
});

test.afterAll(async () => {
  for (const socket of sockets) socket.close();
  for (const host of hosts.splice(0)) await host.stop();
  await deskCall?.hangup().catch(() => undefined);
  await deskPhone?.stop();
  await customer?.stop();
  await kamailio?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The agent's own desk (agent7) with the four in the directory, open on the Colleagues tab. */
async function openColleagues(page: Page): Promise<RunningHost> {
  const host = await desk('agent7', {
    colleagues: {
      directory: [
        { name: 'Jonas Becker', uri: kamailio.uri('agent8'), skills: ['fault'], languages: ['de', 'tr'] },
        { name: 'Mira Schulz', uri: kamailio.uri('colleague'), skills: ['contract'], languages: ['de', 'en'] },
        { name: 'Second level', uri: kamailio.uri('agent10'), skills: ['fault', 'contract'], languages: ['de'] },
        { name: 'Petra Lang', uri: kamailio.uri('agent9'), skills: ['billing'], languages: ['de'] },
      ],
    },
  });
  await page.goto(host.url);
  await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 10_000 });
  await page.getByTestId('colleagues-tab').click();
  const item = (name: string) => page.getByTestId('colleague-item').filter({ hasText: name });
  await expect(item('Jonas Becker')).toHaveAttribute('data-presence', 'ready', { timeout: 10_000 });
  await expect(item('Mira Schulz')).toHaveAttribute('data-presence', 'notReady', { timeout: 10_000 });
  await expect(item('Second level')).toHaveAttribute('data-call', 'onCall', { timeout: 10_000 });
  await expect(item('Petra Lang')).toHaveAttribute('data-presence', /offline|unknown/, { timeout: 10_000 });
  // Free colleagues first.
  await expect(page.getByTestId('colleague-item').first()).toContainText('Jonas Becker');
  return host;
}

test.describe('on an English desk', () => {
  test.use({ locale: 'en-US' });

  test('the Colleagues tab shows who is free, on break, on the phone and away', async ({ page }) => {
    const host = await openColleagues(page);
    const item = (name: string) => page.getByTestId('colleague-item').filter({ hasText: name });
    await expect(page.getByTestId('colleagues')).toContainText(en.colleagues.title);
    await expect(item('Jonas Becker').getByTestId('colleague-state')).toContainText(en.colleagues.presence.ready);
    await expect(item('Mira Schulz').getByTestId('colleague-state')).toContainText(en.colleagues.presence.notReady);
    await expect(item('Mira Schulz').getByTestId('colleague-state')).toContainText('Lunch');
    // The desk phone publishes no presence: its call shows, not "Offline".
    await expect(item('Second level').getByTestId('colleague-state')).toHaveText(en.colleagues.call.onCall);
    await page.getByTestId('colleagues').screenshot({ path: path.join(screenshots, 'colleagues-en.png') });
    await host.stop();
  });
});

test.describe('on a German desk', () => {
  test.use({ locale: 'de-DE' });

  test('the Colleagues tab is German throughout, the break reason included', async ({ page }) => {
    const host = await openColleagues(page);
    const item = (name: string) => page.getByTestId('colleague-item').filter({ hasText: name });
    await expect(page.getByTestId('colleagues-tab')).toHaveText(de.workspace.tab.colleagues);
    await expect(page.getByTestId('colleagues')).toContainText(de.colleagues.title);
    await expect(page.getByTestId('colleagues-search')).toHaveAttribute('placeholder', de.colleagues.searchPlaceholder);
    await expect(item('Jonas Becker').getByTestId('colleague-state')).toContainText(de.colleagues.presence.ready);
    await expect(item('Mira Schulz').getByTestId('colleague-state')).toContainText(de.colleagues.presence.notReady);
    await expect(item('Mira Schulz').getByTestId('colleague-state')).toContainText('Mittagspause');
    await expect(item('Mira Schulz').getByTestId('colleague-state')).not.toContainText('Lunch');
    await expect(item('Second level').getByTestId('colleague-state')).toHaveText(de.colleagues.call.onCall);
    await page.getByTestId('colleagues').screenshot({ path: path.join(screenshots, 'colleagues-de.png') });
    await host.stop();
  });
});
