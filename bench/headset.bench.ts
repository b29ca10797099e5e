// HID input report → answer requested of the phone: what the headset path adds on top of the
// phone's own answer path (measured in sip.bench.ts as answer command → 200 OK).
import { makeCallView } from '../test/support/call-view';
import type { CallView } from '../src-main/contract';
import { silentLogger } from '../src-main/core/log';
import { HeadsetService } from '../src-main/core/headset/headset-service';
import { BW, blackwire3220, FakeHidPort } from '../test/support/fake-hid';
import { ManualClock } from '../test/support/manual-clock';
import { goals, note, now, percentile, result, type BenchResult } from './harness';

const RUNS = 2000;

export async function benchHeadset(): Promise<BenchResult[]> {
  const port = new FakeHidPort();
  const headset = blackwire3220();
  port.plug(headset);
  let calls: CallView[] = [];
  let answeredAt = 0;
  // Time for the model (its 500 ms echo window, its acknowledgement timer) is moved by hand
  // between rounds; the measured path itself is real time.
  const clock = new ManualClock();
  const service = new HeadsetService({
    port,
    clock,
    logger: silentLogger,
    chosenKey: () => null,
    holdPolicy: () => 'auto',
    phone: {
      currentCalls: () => calls,
      answer: async () => {
        answeredAt = now();
      },
      reject: async () => undefined,
      hangup: async () => undefined,
      setMuted: async () => undefined,
      hold: async () => undefined,
      resume: async () => undefined,
    },
  });
  await service.scan();
  const ringing: CallView = makeCallView({ id: 'c', remoteNumber: '1', remoteName: null });
  const times: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      calls = [];
      service.callsChanged(calls);
      clock.advance(3000);
      headset.send(BW.idle);
      clock.advance(3000);
      calls = [ringing];
      service.callsChanged(calls);
      answeredAt = 0;
      const sent = now();
      headset.send(BW.offHook);
      if (!answeredAt) throw new Error('the hook switch did not answer');
      times.push(answeredAt - sent);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await service.stop();
  }
  note(`headset: ${RUNS} hook-switch answers through the real descriptor, layout, device model and headset service`);
  return [
    result('HID input report → answer requested, p50', percentile(times, 50), 'ms', goals.none(), 3),
    result('HID input report → answer requested, p99 (on top of the answer path)', percentile(times, 99), 'ms', goals.below(20, 'ms'), 3),
  ];
}
