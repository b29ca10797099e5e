// Call quality sampling: the main process's CPU per live call for one getStats reading a second.
// Measured is main's whole side of a reading: the request over the bridge, the reply serialised
// and parsed (zod) as from a real media end, scoring and warnings, and the call view serialised
// for the renderer. getStats itself runs in the media end (the media window, not main), so the
// media end here answers with a reading a real wrtc call gave. Each scored reading changes the
// call, and a changed call goes through the workstation's whole fan-out (wrap-up, contexts,
// headset, audio, a new snapshot for the renderer): timed on its own on a real workstation.
import type { CallView, PeerStats } from '../src-main/contract';
import type { Emitter } from '../src-main/core/events';
import { silentLogger } from '../src-main/core/log';
import { Workstation } from '../src-main/core/workstation';
import { MediaBridge } from '../src-main/core/media/media-bridge';
import { QualityMonitor } from '../src-main/core/phone/call-quality';
import { makeCallView } from '../test/support/call-view';
import { ManualClock } from '../test/support/manual-clock';
import { resourcesDir } from '../test/support/paths';
import { goals, note, result, withTempDir, type BenchResult } from './harness';

const CALLS = 10;
const SECONDS = 600;

/** A reading as @roamhq/wrtc gave it during a call through Kamailio (call-quality.test.ts). */
const READING: PeerStats = {
  packetsReceived: 150,
  packetsLost: 0,
  jitter: 0.002,
  remoteFractionLost: 0,
  roundTripTime: 0.001,
  remoteLevel: 0.2473,
  micLevel: 0.2441,
  codec: 'opus',
};

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function benchQuality(): Promise<BenchResult[]> {
  const bridge = new MediaBridge(silentLogger);
  let packets = 0;
  bridge.attach({
    capabilities: { rfc4733Dtmf: true, setSinkId: false },
    // What crosses a real bridge is text: serialise the reply as the IPC or WebSocket would.
    request: async (request) => JSON.parse(JSON.stringify(request.op === 'pc.stats' ? { stats: { ...READING, packetsReceived: (packets += 50) } } : {})),
    onEvent: () => () => undefined,
    onClose: () => () => undefined,
  });
  const clock = new ManualClock();
  const peers = new Map(Array.from({ length: CALLS }, (_, i) => [`call-${i}`, bridge.createPeerConnection()]));
  const views = new Map<string, CallView>([...peers.keys()].map((id) => [id, makeCallView({ id, state: 'active', answerAt: 1 })]));
  let pushed = 0;
  const monitor = new QualityMonitor(clock, {
    read: (id) => peers.get(id)?.stats() ?? Promise.resolve(null),
    muted: () => false,
    changed: (id, quality) => {
      views.set(id, { ...views.get(id)!, quality });
      // The renderer gets the calls anew after every change.
      pushed += JSON.stringify([...views.values()]).length;
    },
  });
  for (const id of peers.keys()) monitor.follow(id);
  for (let i = 0; i < 20; i++) {
    clock.advance(1000);
    for (let f = 0; f < 5; f++) await flush();
  }
  const before = process.cpuUsage();
  for (let s = 0; s < SECONDS; s++) {
    clock.advance(1000);
    for (let f = 0; f < 5; f++) await flush();
  }
  const used = process.cpuUsage(before);
  monitor.stop();
  if (pushed === 0) throw new Error('no reading was scored');
  const cpuMs = (used.user + used.system) / 1000;
  // CPU per live call per second of call, as a share of one core.
  const percent = (cpuMs / (SECONDS * CALLS) / 1000) * 100;
  note(`${SECONDS} s of ${CALLS} calls: ${cpuMs.toFixed(0)} ms CPU, ${(cpuMs / (SECONDS * CALLS)).toFixed(3)} ms per reading`);
  const fanOutMs = await withTempDir('quality', (dataDir) => fanOut(dataDir));
  const total = percent + (fanOutMs / 1000) * 100;
  note(`a changed call through the workstation (snapshot serialised for the renderer): ${fanOutMs.toFixed(3)} ms`);
  return [
    result('quality: reading, scoring (main, per reading)', cpuMs / (SECONDS * CALLS), 'ms', goals.none(), 3),
    result('quality: changed call fan-out (per reading)', fanOutMs, 'ms', goals.none(), 3),
    result('quality: main CPU per live call (1 reading/s)', total, '% of a core', goals.below(1), 3),
  ];
}

/** CPU ms of one phone change on a real workstation with one answered call and a renderer listening. */
async function fanOut(dataDir: string): Promise<number> {
  const clock = new ManualClock();
  const ws = new Workstation({ dataDir, host: 'web', appVersion: 'bench', resourcesDir, logger: silentLogger, clock });
  await ws.start();
  let bytes = 0;
  const off = ws.onState((snapshot) => {
    bytes += JSON.stringify(snapshot).length;
  });
  try {
    const id = ws.training.placeTrainingCall({ remoteNumber: '+49 40 30124477', remoteName: 'Erika Müller' });
    clock.advance(2000);
    await ws.phone.answer(id);
    const runs = 2000;
    // The phone's own emitter, fired as a quality reading fires it: the bench measures what one change costs.
    const phoneChanged = (ws.phone as unknown as { changed: Emitter<void> }).changed;
    for (let i = 0; i < 100; i++) {
      phoneChanged.fire();
      await flush();
    }
    const before = process.cpuUsage();
    for (let i = 0; i < runs; i++) {
      phoneChanged.fire();
      await flush();
    }
    const used = process.cpuUsage(before);
    if (bytes === 0) throw new Error('no snapshot reached the renderer');
    return (used.user + used.system) / 1000 / runs;
  } finally {
    off();
    await ws.stop();
  }
}
