import { afterEach, describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contract';
import { silentLogger } from '../../src-main/core/log';
import { HeadsetService, HOT_PLUG_POLL_MS, type HeadsetPhone } from '../../src-main/core/headset/headset-service';
import { BW, blackwire3220, FakeHeadset, FakeHidPort, fixtureDescriptor } from '../support/fake-hid';
import { makeCallView } from '../support/call-view';
import { ManualClock } from '../support/manual-clock';

function call(overrides: Partial<CallView>): CallView {
  return makeCallView({ remoteNumber: '+49401', remoteName: null, ...overrides });
}

function setup(chosen: string | null = null) {
  const port = new FakeHidPort();
  const clock = new ManualClock();
  let calls: CallView[] = [];
  const done: string[] = [];
  const phone: HeadsetPhone = {
    currentCalls: () => calls,
    answer: async (id) => void done.push(`answer ${id}`),
    reject: async (id) => void done.push(`reject ${id}`),
    hangup: async (id) => void done.push(`hangup ${id}`),
    setMuted: async (id, muted) => void done.push(`mute ${id} ${muted}`),
    hold: async (id) => void done.push(`hold ${id}`),
    resume: async (id) => void done.push(`resume ${id}`),
  };
  let choice = chosen;
  const service = new HeadsetService({ port, clock, logger: silentLogger, phone, chosenKey: () => choice, holdPolicy: () => 'auto' });
  const setCalls = (next: CallView[]) => {
    calls = next;
    service.callsChanged(next);
  };
  return { port, clock, service, done, setCalls, choose: (key: string | null) => ((choice = key), service.chooseActive()) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const services: HeadsetService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
});

describe('the headset service with a real Blackwire 3220 descriptor', () => {
  it('finds the headset, shows what it can do, lights the ring LED and answers from the hook switch', async () => {
    const { port, service, done, setCalls } = setup();
    services.push(service);
    const headset = blackwire3220();
    port.plug(headset);
    await service.scan();
    expect(service.view()).toEqual([
      expect.objectContaining({
        key: '047f:c056:BW3220-0001',
        name: 'Plantronics Blackwire 3220 Series',
        active: true,
        capabilities: expect.objectContaining({ hookSwitch: true, mute: true, flash: true }),
      }),
    ]);
    headset.send(BW.idle); // baseline
    setCalls([call({ state: 'ringing' })]);
    expect(headset.lastWritten(BW.ringLed)).toEqual([BW.ringLed, 1]);
    headset.send(BW.offHook);
    await flush();
    expect(done).toEqual(['answer c1']);
  });

  it('ignores keyboards and other HID devices without call controls', async () => {
    const { port, service } = setup();
    services.push(service);
    port.plug(
      new FakeHeadset(
        {
          path: '/dev/hidraw9',
          vendorId: 0x046d,
          productId: 0x0a37,
          serialNumber: null,
          manufacturer: 'Logitech',
          product: 'H540',
          usagePage: 0x0c,
          usage: 1,
          interface: 3,
        },
        fixtureDescriptor('logitech-h540-046d-0a37.hex'),
      ),
    );
    await service.scan();
    expect(service.view()).toEqual([]);
  });

  it('notices plugging in and out by polling, and restores the LEDs on re-plug mid-call', async () => {
    const { port, clock, service, setCalls } = setup();
    services.push(service);
    service.start();
    await flush();
    setCalls([call({ state: 'active', answerAt: 1 })]);
    const headset = blackwire3220();
    port.plug(headset);
    clock.advance(HOT_PLUG_POLL_MS);
    await flush();
    await flush();
    expect(service.view()).toHaveLength(1);
    expect(headset.lastWritten(BW.offHookLed)).toEqual([BW.offHookLed, 1]);
    port.unplug(headset);
    await flush();
    expect(service.view()).toEqual([]);
    const again = blackwire3220();
    port.plug(again);
    clock.advance(HOT_PLUG_POLL_MS);
    await flush();
    await flush();
    expect(again.lastWritten(BW.offHookLed)).toEqual([BW.offHookLed, 1]);
  });

  it('with two headsets only the chosen one acts; the other shows idle', async () => {
    const { port, service, done, setCalls, choose } = setup('047f:c056:B');
    services.push(service);
    const a = blackwire3220('A', '1');
    const b = blackwire3220('B', '2');
    port.plug(a);
    port.plug(b);
    await service.scan();
    expect(service.view().find((h) => h.active)?.key).toBe('047f:c056:B');
    a.send(BW.idle);
    b.send(BW.idle);
    setCalls([call({ state: 'ringing' })]);
    expect(b.lastWritten(BW.ringLed)).toEqual([BW.ringLed, 1]);
    expect(a.lastWritten(BW.ringLed) ?? [BW.ringLed, 0]).toEqual([BW.ringLed, 0]);
    a.send(BW.offHook);
    await flush();
    expect(done).toEqual([]);
    choose('047f:c056:A');
    expect(service.view().find((h) => h.active)?.key).toBe('047f:c056:A');
  });

  it('turns buttons into the call they mean: mute, flash holds, hang up', async () => {
    const { port, service, done, setCalls } = setup();
    services.push(service);
    const headset = blackwire3220();
    port.plug(headset);
    await service.scan();
    headset.send(BW.offHook);
    setCalls([call({ state: 'active', answerAt: 1 })]);
    headset.send(BW.offHookMute);
    headset.send(BW.offHook);
    headset.send(BW.offHookFlash);
    headset.send(BW.offHook);
    await flush();
    expect(done).toEqual(['mute c1 true', 'hold c1']);
  });
});
