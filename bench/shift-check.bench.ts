// The pre-shift check's automatic parts, timed as the agent waits for them: a workstation on a
// real Kamailio with its media on wrtc, coturn as STUN and TURN server, and a far end playing the
// echo service.
//  1. the network item: the line's registration, a STUN binding and a TURN allocation;
//  2. the echo item: the call placed, answered, the audio back, silent when muted, hung up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../src-main/core/log';
import { Workstation } from '../src-main/core/workstation';
import { startCoturn } from '../test/support/coturn';
import { FarEnd } from '../test/support/far-end';
import { DEFAULT_SIP_USERS, startKamailio } from '../test/support/kamailio';
import { resourcesDir } from '../test/support/paths';
import { createWrtcMediaEnd } from '../test/support/wrtc-media';
import { goals, note, now, percentile, result, type BenchResult } from './harness';
import { phase, waitForState, withCleanups, withTimeout } from './sip.bench';

const RUNS = 8;
const STEP_TIMEOUT_MS = 30_000;

export async function benchShiftCheck(): Promise<BenchResult[]> {
  return withCleanups(async (onCleanup) => {
    const kamailio = await phase('Kamailio up', () => startKamailio({ debug: 1, users: { ...DEFAULT_SIP_USERS, echo: 'secret-e' } }));
    onCleanup('Kamailio', () => kamailio.stop());
    const coturn = await phase('coturn up', () => startCoturn());
    onCleanup('coturn', () => coturn.stop());
    const echo = await FarEnd.start({ kamailio, user: 'echo', echo: true });
    onCleanup('the echo far end', () => echo.stop());
    // The echo service picks up every call, as a PBX's does.
    echo.ua.on('newRTCSession', () =>
      setTimeout(
        () =>
          void echo
            .waitForIncoming(5000)
            .then((call) => call.answer())
            .catch(() => undefined),
        0,
      ),
    );

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-bench-shift-check-'));
    onCleanup(`temp folder ${dataDir}`, () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const configFile = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        sip: {
          websocketUrl: kamailio.wsUrl,
          uri: kamailio.uri('agent7'),
          password: kamailio.users.agent7,
          iceServers: [
            { urls: `stun:127.0.0.1:${coturn.port}` },
            { urls: `turn:127.0.0.1:${coturn.port}?transport=udp`, username: coturn.username, credential: coturn.password },
          ],
        },
        shiftCheck: { mode: 'offered', items: ['network', 'echo'], echoExtension: 'echo' },
      }),
    );
    const ws = new Workstation({ dataDir, configFile, host: 'web', appVersion: 'bench', resourcesDir, logger: silentLogger });
    onCleanup('the workstation', () => ws.stop());
    const media = createWrtcMediaEnd(660);
    onCleanup('the media end', () => media.close());
    ws.media.attach(media.channel);
    const registered = waitForState(ws, (s) => s.line.status === 'registered');
    await ws.start();
    await withTimeout(registered, STEP_TIMEOUT_MS, 'first registration');

    // One check with both items; each is timed from when it starts to when it passes.
    const network: number[] = [];
    const echoes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const began: Partial<Record<string, number>> = {};
      const took: Partial<Record<string, number>> = {};
      const off = ws.onState((snapshot) => {
        for (const item of snapshot.shiftCheck.run?.items ?? []) {
          if (item.status !== 'pending') began[item.id] ??= now();
          if (item.status === 'pass' || item.status === 'fail') took[item.id] ??= now() - (began[item.id] ?? now());
        }
      });
      const done = waitForState(ws, (s) => s.shiftCheck.run?.state === 'done');
      ws.shiftCheck.start(false);
      const snapshot = await withTimeout(done, STEP_TIMEOUT_MS, `check ${i + 1}`);
      off();
      if (!snapshot.shiftCheck.run?.passed) throw new Error(`check ${i + 1} did not pass: ${JSON.stringify(snapshot.shiftCheck.run?.items)}`);
      network.push(took.network ?? NaN);
      echoes.push(took.echo ?? NaN);
      ws.shiftCheck.close();
    }
    note(`network item: ${network.map((t) => t.toFixed(0)).join(', ')} ms; echo item: ${echoes.map((t) => (t / 1000).toFixed(2)).join(', ')} s`);
    return [
      result('shift check: network item (SIP, STUN binding, TURN allocation on loopback) p50', percentile(network, 50), 'ms', goals.none()),
      result('shift check: network item p99', percentile(network, 99), 'ms', goals.below(1000, 'ms')),
      result('shift check: echo test call (placed → echo heard → silent when muted) p50', percentile(echoes, 50), 'ms', goals.none()),
      result('shift check: echo test call p99', percentile(echoes, 99), 'ms', goals.below(5000, 'ms')),
    ];
  });
}
