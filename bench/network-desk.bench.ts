// The link-down benchmark with the product's own media end and a call center's far end: the
// whole desk (the real `anlauf start --web` and Debian's Chromium, whose page holds the call's
// media) runs inside a network namespace behind a veth pair; the customer is a classic phone
// (baresip, plain RTP) whose call reaches the desk through Kamailio and rtpengine in the root
// namespace, rtpengine relaying on the pair's root address. The link goes down for 30 s and up
// again RUNS times; measured from the link coming up until the phone hears the agent's tone again
// (read off the phone's wire). The `network` benchmark measures the same with the wrtc media end
// of the tests and a WebRTC far end; the two differ in what notices the network coming back.
// Needs root.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import config from '../playwright.config';
import { PlainPhone } from '../test/support/baresip';
import { startCli } from '../test/support/cli';
import { twoClients } from '../test/support/clients-config';
import { startKamailio } from '../test/support/kamailio';
import { canMakeNetns, createNetns } from '../test/support/netns';
import { startRtpengine } from '../test/support/rtpengine';
import { writeToneWav } from '../test/support/tone';
import { AGENT_HZ, hostLog, listenToRemoteAudio, pageHears } from './desk';
import { goals, note, now, percentile, result, type BenchResult } from './harness';
import { phase, withCleanups } from './sip.bench';

// BENCH_NETWORK_RUNS: fewer runs while iterating on a change (the report's figures use 10).
const RUNS = Number(process.env.BENCH_NETWORK_RUNS ?? 10);
const OUTAGE_MS = 30_000;
const CUSTOMER_HZ = 700;
const LINK_GOAL = goals.below(2000, 'ms');

export async function benchNetworkDesk(): Promise<BenchResult[]> {
  if (!canMakeNetns()) {
    note('network-desk: skipped (needs root and iproute2 for network namespaces)');
    return [];
  }
  return withCleanups(async (onCleanup) => {
    const ns = createNetns();
    onCleanup('the network namespace', () => ns.remove());
    const rtpengine = await startRtpengine({ mediaAddress: ns.rootAddress, logLevel: 4 });
    onCleanup('rtpengine', () => rtpengine.stop());
    const kamailio = await phase('Kamailio and rtpengine up', () =>
      startKamailio({ debug: 1, rtpengineNgPort: rtpengine.ngPort, extraWsAddress: ns.rootAddress }),
    );
    onCleanup('Kamailio', () => kamailio.stop());
    // Its voice outlasts every run: baresip ends a call when its file ends.
    const customer = await PlainPhone.start({ kamailio, user: 'customer', toneHz: CUSTOMER_HZ, voiceSeconds: RUNS * 40 + 60 });
    onCleanup('the customer phone', () => customer.stop());

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-bench-netdesk-'));
    onCleanup("the desk's data folder", () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const settings = path.join(dataDir, 'anlauf.json');
    // Default SIP settings: what a desk gets without IT changing anything.
    fs.writeFileSync(
      settings,
      JSON.stringify({
        sip: { websocketUrl: `ws://${ns.rootAddress}:${kamailio.wsPort}`, uri: kamailio.uri('agent7'), password: 'secret7', displayName: 'Agent 7' },
        agent: { name: 'Jana' },
        clients: twoClients,
      }),
    );
    const host = await phase('browser host up in the namespace', () =>
      startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', settings], {}, 20_000, ns.exec),
    );
    onCleanup('the browser host', () => host.stop());

    // Chromium inside the namespace too: Playwright drives it over a pipe, which `ip netns exec`
    // hands on (it execs Chromium in place), so the page reaches the host on the namespace's loopback.
    const executable = config.use?.launchOptions?.executablePath ?? '/usr/bin/chromium';
    const wrapper = path.join(dataDir, 'chromium-in-namespace');
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${ns.exec.join(' ')} ${executable} "$@"\n`, { mode: 0o755 });
    const microphone = path.join(dataDir, 'agent-voice.wav');
    writeToneWav(microphone, AGENT_HZ, { seconds: 10, sampleRate: 48_000 });
    const browser = await chromium.launch({
      executablePath: wrapper,
      args: [...(config.use?.launchOptions?.args ?? []), `--use-file-for-fake-audio-capture=${microphone}`],
    });
    onCleanup('Chromium', () => browser.close());
    const page = await browser.newPage({ locale: 'en-US' });
    await listenToRemoteAudio(page);
    await page.goto(host.url);
    await page.getByTestId('line-status').and(page.locator('[data-status="registered"]')).waitFor({ timeout: 15_000 });

    try {
      await phase('call answered in the page, heard both ways', async () => {
        const since = customer.events.length;
        await customer.dial(kamailio.uri('agent7'));
        await page.getByTestId('incoming-call').getByTestId('answer').click({ timeout: 20_000 });
        await customer.waitFor('CALL_ESTABLISHED', { since, timeoutMs: 20_000 });
        await customer.waitToHear(AGENT_HZ, { timeoutMs: 20_000 });
        await pageHears(page, CUSTOMER_HZ, 20_000);
      });

      const afterLink: number[] = [];
      const pageAfterLink: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        ns.linkDown();
        await sleep(OUTAGE_MS);
        const mark = customer.mark();
        const up = now();
        const upAt = Date.now();
        ns.linkUp();
        // Both directions are awaited together: the page's poll must not delay the phone's figure.
        const [phone, desk] = await Promise.all([
          customer.waitToHear(AGENT_HZ, { since: mark, timeoutMs: 60_000, windowMs: 200 }).then(() => now()),
          pageHears(page, CUSTOMER_HZ, 60_000),
        ]);
        afterLink.push(phone - up);
        pageAfterLink.push(desk - up);
        // Where main's time went (log times, ms resolution): the address back, the line's states.
        const steps = hostLog(host, /^(network addresses changed|line status)$/)
          .filter((entry) => entry.at >= upAt)
          .map((entry) => `${String(entry.line.message)}${entry.line.status ? ` ${String(entry.line.status)}` : ''} +${entry.at - upAt} ms`);
        note(
          `link down ${OUTAGE_MS / 1000} s, up: the phone hears the agent after ${afterLink.at(-1)!.toFixed(0)} ms, the page hears the phone after ${pageAfterLink.at(-1)!.toFixed(0)} ms (${i + 1}/${RUNS}); ${steps.join(', ')}`,
        );
        await sleep(2000);
      }
      return [
        result(
          `SIP call, desk in Chromium, phone via rtpengine: link down ${OUTAGE_MS / 1000} s, up → the phone hears the agent p50`,
          percentile(afterLink, 50),
          'ms',
          goals.none(),
        ),
        result(
          `SIP call, desk in Chromium, phone via rtpengine: link down ${OUTAGE_MS / 1000} s, up → the phone hears the agent p99`,
          percentile(afterLink, 99),
          'ms',
          LINK_GOAL,
        ),
        result(
          `SIP call, desk in Chromium, phone via rtpengine: link down ${OUTAGE_MS / 1000} s, up → the agent hears the phone p99`,
          percentile(pageAfterLink, 99),
          'ms',
          LINK_GOAL,
        ),
      ];
    } catch (error) {
      note(
        `--- browser host ---\n${host.stderr().slice(-6000)}\n--- rtpengine ---\n${rtpengine.logs().slice(-3000)}\n--- phone ---\n${customer.logs().slice(-2000)}`,
      );
      throw error;
    }
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
