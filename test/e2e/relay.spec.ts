import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import en from '../../src-renderer/i18n/en.json';
import config from '../../playwright.config';
import { PlainPhone } from '../support/baresip';
import { startCli, type RunningHost } from '../support/cli';
import { FarEnd } from '../support/far-end';
import { DEFAULT_SIP_USERS, startKamailio, type Kamailio } from '../support/kamailio';
import { startRtpengine, type Rtpengine } from '../support/rtpengine';
import { isHeard, measureTone, writeToneWav } from '../support/tone';

// A call center's media path, end to end in Chromium: the customer on a classic SIP phone
// (baresip: UDP, plain RTP, G.711 only), rtpengine beside Kamailio bridging plain RTP and WebRTC,
// and the agent in the browser host, whose page holds the real peer connection. The agent's
// microphone is a tone from a file; what the page hears is measured with Web Audio, what the phone
// hears is taken off the wire at its media ports. "Heard" means the other side's tone frequency.

const AGENT_HZ = 880;
const CUSTOMER_HZ = 700;
const COLLEAGUE_HZ = 500;

const screenshots = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const microphone = path.join(os.tmpdir(), `anlauf-e2e-agent-voice-${process.pid}.wav`);
writeToneWav(microphone, AGENT_HZ, { seconds: 10, sampleRate: 48_000 });

test.use({
  locale: 'en-US',
  launchOptions: { ...config.use?.launchOptions, args: [...(config.use?.launchOptions?.args ?? []), `--use-file-for-fake-audio-capture=${microphone}`] },
});
test.describe.configure({ mode: 'serial' });

let rtpengine: Rtpengine;
let kamailio: Kamailio;
let customer: PlainPhone;
let colleague: PlainPhone;
let host: RunningHost;
let dataDir: string;
let page: Page;
const pageConsole: string[] = [];

test.beforeAll(async ({ browser }) => {
  rtpengine = await startRtpengine();
  kamailio = await startKamailio({ rtpengineNgPort: rtpengine.ngPort, users: { ...DEFAULT_SIP_USERS, transferee: 'secret-t' } });
  customer = await PlainPhone.start({ kamailio, user: 'customer', toneHz: CUSTOMER_HZ });
  colleague = await PlainPhone.start({ kamailio, user: 'colleague', toneHz: COLLEAGUE_HZ, autoAnswer: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-relay-'));
  const settings = path.join(dataDir, 'anlauf.json');
  // With the media prepared while a call rings (opt-in), so that Chromium's media end is proven
  // on that path too; the default path runs every scenario in test/integration/relay-calls.test.ts.
  fs.writeFileSync(
    settings,
    JSON.stringify({
      sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7', displayName: 'Agent 7', prepareMediaWhileRinging: true },
    }),
  );
  host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', settings]);
  page = await browser.newPage();
  page.on('console', (message) => pageConsole.push(`${new Date().toISOString()} ${message.type()}: ${message.text()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) pageConsole.push(`${new Date().toISOString()} http ${response.status()}: ${response.url()}`);
  });
  page.on('websocket', (socket) => socket.on('close', () => pageConsole.push(`${new Date().toISOString()} websocket closed: ${socket.url()}`)));
  await listenToRemoteAudio(page);
  await page.goto(host.url);
  await expect(page.getByTestId('line-status')).toHaveAttribute('data-status', 'registered', { timeout: 10_000 });
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('workstation log', { body: host.stderr().slice(-20_000) });
    await testInfo.attach('customer phone', { body: customer.logs().slice(-8000) });
    await testInfo.attach('kamailio', { body: kamailio.logs().slice(-8000) });
    await testInfo.attach('rtpengine', { body: rtpengine.logs().slice(-8000) });
    console.log(host.stderr().slice(-6000));
    console.log(kamailio.logs().slice(-3000));
    console.log(pageConsole.slice(-30).join('\n'));
    console.log('alerts:', await page.locator('[role="alert"], [role="status"]').allTextContents());
    console.log('calls:', await page.getByTestId('calls').innerHTML());
  }
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
  await customer?.stop();
  await colleague?.stop();
  await kamailio?.stop();
  await rtpengine?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(microphone, { force: true });
});

/**
 * Test instrument, injected before the app's scripts: every remote track a peer connection of
 * the page receives is also fed into a Web Audio analyser, whose samples the test reads.
 */
async function listenToRemoteAudio(target: Page): Promise<void> {
  await target.addInitScript(() => {
    const heard: { analyser: AnalyserNode }[] = [];
    (window as unknown as { __anlaufHeard: typeof heard }).__anlaufHeard = heard;
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        this.addEventListener('track', (event) => {
          if (event.track.kind !== 'audio') return;
          const context = new AudioContext();
          const analyser = context.createAnalyser();
          analyser.fftSize = 16_384;
          context.createMediaStreamSource(new MediaStream([event.track])).connect(analyser);
          heard.push({ analyser });
        });
      }
    } as typeof RTCPeerConnection;
  });
}

/** The last ~0.3 s the page heard on its newest remote track, as 16-bit samples, and their rate. */
async function pageHeard(target: Page): Promise<{ samples: number[]; rate: number }> {
  return target.evaluate(() => {
    const heard = (window as unknown as { __anlaufHeard?: { analyser: AnalyserNode }[] }).__anlaufHeard ?? [];
    const last = heard[heard.length - 1];
    if (!last) return { samples: [], rate: 48_000 };
    const buffer = new Float32Array(last.analyser.fftSize);
    last.analyser.getFloatTimeDomainData(buffer);
    return { samples: Array.from(buffer, (v) => Math.round(v * 32767)), rate: last.analyser.context.sampleRate };
  });
}

async function agentHears(hz: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const { samples, rate } = await pageHeard(page);
        const measured = measureTone(samples, rate, hz);
        return isHeard(measured) ? 'heard' : `rms ${measured.rms.toFixed(0)}, ${Math.round(measured.share * 100)} % at ${hz} Hz`;
      },
      { timeout: 20_000, message: `the agent hears ${hz} Hz` },
    )
    .toBe('heard');
}

/** The wrap-up after each call: the agent picks "solved" and is ready for the next. */
async function wrapUpAll(): Promise<void> {
  const panel = page.getByTestId('wrapup-panel');
  await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'wrapUp');
  while (await panel.isVisible()) {
    const before = await panel.getAttribute('data-call-id');
    await panel.getByTestId('wrapup-code-solved').click();
    await panel.getByTestId('wrapup-done').click();
    await expect(page.locator(`[data-testid="wrapup-panel"][data-call-id="${before}"]`)).toHaveCount(0);
  }
  await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready');
}

/**
 * The customer's phone calls the agent, who answers in the window. With `afterEarlyAnswer`, the
 * agent answers only once the page's media end sent its inactive early answer (the 183 reached
 * the phone): nothing of the agent may reach the phone before the click.
 */
async function answerFromCustomer(options: { afterEarlyAnswer?: boolean } = {}): Promise<void> {
  const since = customer.events.length;
  const heardMark = customer.mark();
  await customer.dial(kamailio.uri('agent7'));
  const ringing = page.getByTestId('incoming-call');
  await expect(ringing.getByTestId('call-remote-number')).toContainText('customer');
  if (options.afterEarlyAnswer) {
    await customer.waitFor('CALL_PROGRESS', { since });
    await page.waitForTimeout(500);
    expect(customer.firstPacketAfter(heardMark)).toBeNull();
    await expect(ringing).toBeVisible();
  }
  await ringing.getByTestId('answer').click();
  await expect(page.getByTestId('active-call')).toBeVisible({ timeout: 20_000 });
  await customer.waitFor('CALL_ESTABLISHED', { since });
}

test('the plain phone calls the agent: each hears the other; hold and resume; keypad tones; a reload keeps the audio', async () => {
  // The media is prepared while it rings (an inactive answer in a 183), in Chromium's media end.
  await answerFromCustomer({ afterEarlyAnswer: true });
  await customer.waitToHear(AGENT_HZ);
  await agentHears(CUSTOMER_HZ);
  await page.screenshot({ path: path.join(screenshots, 'relay-plain-phone-call-en.png') });

  const active = page.getByTestId('active-call');
  await active.getByTestId('hold').click();
  await expect(active).toHaveAttribute('data-hold', 'held');
  const onHold = customer.mark();
  await page.waitForTimeout(1000);
  expect(customer.heardSince(AGENT_HZ, onHold)).toBe(false);
  await active.getByTestId('resume').click();
  await expect(active).toHaveAttribute('data-hold', 'none');
  await customer.waitToHear(AGENT_HZ);
  await agentHears(CUSTOMER_HZ);

  await page.getByTestId('active-call').getByTestId('keypad-open').click();
  for (const key of ['1', '#', '5']) await page.getByTestId(`keypad-key-${key}`).click();
  await expect.poll(() => customer.dtmfReceived(), { timeout: 10_000 }).toBe('1#5');
  expect(customer.logs()).toMatch(/received (DTMF|event): '#'/);

  // A reload: the call lives in main; the new page re-attaches media through the relay.
  await page.reload();
  await expect(page.getByTestId('active-call')).toBeVisible();
  await customer.waitToHear(AGENT_HZ, { timeoutMs: 30_000 });
  await agentHears(CUSTOMER_HZ);

  const hangingUp = customer.events.length;
  await page.getByTestId('active-call').getByTestId('hangup').click();
  await customer.waitFor('CALL_CLOSED', { since: hangingUp });
  await wrapUpAll();
});

test('the agent calls the plain phone from the dial box: it rings, answers, each hears the other', async () => {
  const since = customer.events.length;
  await page.getByTestId('dial-input').fill(customer.uri);
  await page.getByTestId('dial-call').click();
  await customer.waitFor('CALL_INCOMING', { since });
  await customer.accept();
  await expect(page.getByTestId('active-call')).toBeVisible({ timeout: 20_000 });
  await customer.waitToHear(AGENT_HZ);
  await agentHears(CUSTOMER_HZ);
  await page.getByTestId('active-call').getByTestId('hangup').click();
  await customer.waitFor('CALL_CLOSED', { since });
  await wrapUpAll();
});

test('a second call waits; answering it holds the first, which resumes with audio when it ends', async () => {
  await answerFromCustomer();
  await customer.waitToHear(AGENT_HZ);
  const since = colleague.events.length;
  await colleague.dial(kamailio.uri('agent7'));
  const waiting = page.getByTestId('incoming-call');
  await expect(waiting.getByTestId('call-remote-number')).toContainText('colleague');
  await page.screenshot({ path: path.join(screenshots, 'relay-call-waiting-en.png') });
  await waiting.getByTestId('answer').click();
  await expect(page.getByTestId('held-call')).toBeVisible({ timeout: 20_000 });
  const onHold = customer.mark();
  await colleague.waitToHear(AGENT_HZ);
  await agentHears(COLLEAGUE_HZ);
  expect(customer.heardSince(AGENT_HZ, onHold)).toBe(false);

  await page.getByTestId('active-call').getByTestId('hangup').click();
  await colleague.waitFor('CALL_CLOSED', { since });
  // Alone again, the held first call is the call card, with its Resume button.
  await expect(page.getByTestId('active-call')).toHaveAttribute('data-hold', 'held');
  await page.getByTestId('active-call').getByTestId('resume').click();
  await customer.waitToHear(AGENT_HZ);
  await agentHears(CUSTOMER_HZ);
  const hangingUp = customer.events.length;
  await page.getByTestId('active-call').getByTestId('hangup').click();
  await customer.waitFor('CALL_CLOSED', { since: hangingUp });
  await wrapUpAll();
});

test('a blind transfer hands the plain phone to a second plain phone, which then hears the customer', async () => {
  await answerFromCustomer();
  const since = colleague.events.length;
  const active = page.getByTestId('active-call');
  await active.getByTestId('transfer-open').click();
  await page.getByTestId('transfer-target').fill(colleague.uri);
  await page.getByTestId('transfer-blind').click();
  await colleague.waitFor('CALL_ESTABLISHED', { since });
  await expect(page.getByTestId('active-call')).toHaveCount(0, { timeout: 15_000 });
  await colleague.waitToHear(CUSTOMER_HZ);
  await customer.waitToHear(COLLEAGUE_HZ);
  await customer.hangup();
  await colleague.waitFor('CALL_CLOSED', { since });
  await wrapUpAll();
});

test('an attended transfer: the agent consults a colleague, then connects the caller to them (peers that take Replaces)', async () => {
  // baresip 1.0 cannot send or take Replaces (docs/testing-sip.md), so the caller and the colleague
  // are JsSIP softphones on WebRTC, their media anchored at rtpengine as an SBC anchors every call.
  const caller = await FarEnd.start({ kamailio, user: 'transferee', toneHz: CUSTOMER_HZ });
  const desk = await FarEnd.start({ kamailio, user: 'agent8', toneHz: COLLEAGUE_HZ });
  try {
    const farCall = caller.call(kamailio.uri('agent7'));
    const ringing = page.getByTestId('incoming-call');
    await expect(ringing.getByTestId('call-remote-number')).toContainText('transferee');
    await ringing.getByTestId('answer').click();
    await farCall.waitForState('confirmed', 20_000);
    await farCall.audio.waitToHear(AGENT_HZ, { timeoutMs: 20_000 });
    await agentHears(CUSTOMER_HZ);

    await page.getByTestId('active-call').getByTestId('transfer-open').click();
    await page.getByTestId('transfer-target').fill(kamailio.uri('agent8'));
    await page.getByTestId('transfer-consult').click();
    const consultation = await desk.waitForIncoming(15_000);
    await consultation.answer();
    await consultation.audio.waitToHear(AGENT_HZ, { timeoutMs: 20_000 });
    const consultCard = page.getByTestId('active-call');
    await expect(consultCard.getByTestId('call-consult-for')).toBeVisible();
    await page.screenshot({ path: path.join(screenshots, 'relay-attended-transfer-en.png') });
    const deskCalls = desk.calls.length;
    await consultCard.getByTestId('transfer-complete').click();
    await expect(page.getByTestId('calls').locator('[data-call-id]')).toHaveCount(0, { timeout: 15_000 });
    await expect.poll(() => desk.calls.length, { timeout: 10_000 }).toBeGreaterThan(deskCalls);
    const replaced = desk.calls.at(-1)!;
    expect(replaced.header('Replaces')).toBeTruthy();
    await replaced.waitForState('confirmed', 10_000);
    await replaced.audio.waitToHear(CUSTOMER_HZ, { timeoutMs: 15_000 });
    await wrapUpAll();
  } finally {
    await caller.stop();
    await desk.stop();
  }
});

test('every call of the session is in the call log', async () => {
  await page.getByRole('tab', { name: en.workspace.tab.callLog }).click();
  const rows = page.locator('[data-testid="calllog-row"]');
  // Five calls with the plain phones, and the caller and the consultation of the attended transfer.
  await expect(rows).toHaveCount(7);
  const numbers = await rows.locator('[data-col="remoteNumber"]').allTextContents();
  expect(numbers.filter((n) => n.includes('customer'))).toHaveLength(4);
  expect(numbers.filter((n) => n.includes('colleague'))).toHaveLength(1);
  expect(numbers.filter((n) => n.includes('transferee'))).toHaveLength(1);
  expect(numbers.filter((n) => n.includes('agent8'))).toHaveLength(1);
  const causes = await rows.locator('[data-col="endCause"]').allTextContents();
  expect(causes.filter((c) => c === en.callLog.endCause.completed).length).toBeGreaterThanOrEqual(4);
  expect(causes.filter((c) => c.startsWith(en.callLog.endCause.transferred))).toEqual(
    expect.arrayContaining([`${en.callLog.endCause.transferred} → ${colleague.uri}`]),
  );
  expect(causes.filter((c) => c.startsWith(en.callLog.endCause.transferred)).length).toBeGreaterThanOrEqual(2);
});
