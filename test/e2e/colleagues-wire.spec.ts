import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startCli, type RunningHost } from '../support/cli';
import { startKamailio, type Kamailio } from '../support/kamailio';

// Issue 17 on the real wire: the agent's page in Chromium on the built browser host, a directory
// of 2 000 colleagues, one of them a real agent (a second browser host and page) who publishes
// their state through a real Kamailio with presence. Every WebSocket frame the page receives is
// weighed: no snapshot carries the directory, and the colleague's change is one small frame.

const DIRECTORY = 2000;
let kamailio: Kamailio;
let host: RunningHost | null = null;
let colleague: RunningHost | null = null;
const folders: string[] = [];

test.use({ locale: 'en-US' });

test.beforeAll(async () => {
  kamailio = await startKamailio({ presence: true });
});

test.afterAll(async () => {
  await host?.stop();
  await colleague?.stop();
  await kamailio?.stop();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

function dataFolder(settings: unknown): { dataDir: string; config: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-colleagues-'));
  folders.push(dataDir);
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify(settings));
  return { dataDir, config };
}

test("the page gets the directory once and a colleague's change as that entry alone", async ({ page, context }) => {
  const directory = Array.from({ length: DIRECTORY }, (_, i) => ({
    name: i === 0 ? 'Anna Eight' : `Colleague ${i}`,
    uri: i === 0 ? kamailio.uri('agent8') : `sip:colleague${i}@${kamailio.domain}`,
    skills: ['fault'],
    languages: ['de'],
  }));
  const agent = dataFolder({
    sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' },
    colleagues: { directory, subscribeMax: 5 },
  });
  host = await startCli(['--web', '--port', '0', '--data-dir', agent.dataDir, '--config', agent.config]);

  const frames: Array<{ bytes: number; kind: string }> = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      const text = String(payload);
      const message = JSON.parse(text) as { type: string; event?: string };
      frames.push({ bytes: Buffer.byteLength(text), kind: message.event ?? message.type });
    }),
  );
  await page.goto(host.url);
  await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 10_000 });

  // The colleague at their own desk, ready.
  const other = dataFolder({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent8'), password: 'secret8' } });
  colleague = await startCli(['--web', '--port', '0', '--data-dir', other.dataDir, '--config', other.config]);
  const desk = await context.newPage();
  await desk.goto(colleague.url);
  await expect(desk.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 10_000 });
  await expect(desk.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready');

  await page.getByTestId('colleagues-tab').click();
  await page.getByTestId('colleagues-search').fill('anna');
  const anna = page.getByTestId('colleague-item').filter({ hasText: 'Anna Eight' });
  await expect(anna).toHaveAttribute('data-presence', 'ready', { timeout: 10_000 });
  await expect(page.getByTestId('colleagues')).toContainText('1 found');

  const before = frames.length;
  await desk.getByTestId('agent-state-menu').click();
  await desk.getByTestId('agent-state-reason-break').click();
  await expect(anna).toHaveAttribute('data-presence', 'notReady', { timeout: 5000 });
  await expect(anna.getByTestId('colleague-state')).toContainText('Break');
  const forChange = frames.slice(before);
  expect(forChange.filter((f) => f.kind === 'event:colleagues')).toHaveLength(1);
  expect(forChange.reduce((total, f) => total + f.bytes, 0)).toBeLessThan(2 * 1024);
  // No snapshot of the whole session carried the directory; the list came once, as an answer.
  for (const frame of frames.filter((f) => f.kind === 'event:state')) expect(frame.bytes).toBeLessThan(20 * 1024);
  expect(frames.filter((f) => f.bytes > 100 * 1024)).toHaveLength(1);
});
