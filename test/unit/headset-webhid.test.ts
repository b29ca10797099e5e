import { describe, expect, it } from 'vitest';
import type { MediaChannel } from '../../src-main/contract';
import { parseReportDescriptor } from '../../src-main/core/headset/descriptor';
import { toWebHid } from '../fixtures/hid/webhid';
import { BW, FakeHeadset, FakeHidPort, fixtureDescriptor } from '../support/fake-hid';
import { flush, makeWorkstation } from '../support/workstation';

// Windows and macOS: node-hid cannot read a report descriptor, so the layout comes from WebHID's
// parsed collections, asked of the media end (Electron's media window) over the media bridge.

describe('a headset without a readable descriptor', () => {
  it('gets its layout from WebHID collections over the media bridge, and answers a call', async () => {
    const descriptor = fixtureDescriptor('plantronics-blackwire-3220-047f-c056.hex');
    const collections = JSON.parse(JSON.stringify(toWebHid(parseReportDescriptor(descriptor)))) as unknown[];
    const requests: string[] = [];
    const channel: MediaChannel = {
      capabilities: { rfc4733Dtmf: true, setSinkId: true },
      request: async (request) => {
        requests.push(request.op);
        if (request.op === 'hid.devices')
          return { hidDevices: [{ vendorId: 0x047f, productId: 0xc056, productName: 'Plantronics Blackwire 3220 Series', collections }] };
        return {};
      },
      onEvent: () => () => undefined,
      onClose: () => () => undefined,
    };
    const hid = new FakeHidPort();
    const headset = new FakeHeadset(
      {
        path: '\\\\?\\hid#vid_047f&pid_c056&mi_03&col02',
        vendorId: 0x047f,
        productId: 0xc056,
        serialNumber: 'W1',
        manufacturer: 'Plantronics',
        product: 'Plantronics Blackwire 3220 Series',
        usagePage: 0x0b,
        usage: 0x05,
        interface: 3,
      },
      null,
    );
    hid.plug(headset);
    const { ws } = makeWorkstation({ hid });
    ws.media.attach(channel);
    await ws.start();
    await ws.headsets!.scan();
    expect(requests).toContain('hid.devices');
    expect(ws.snapshot().headsets).toEqual([
      expect.objectContaining({ key: '047f:c056:W1', capabilities: expect.objectContaining({ hookSwitch: true, mute: true }) }),
    ]);

    headset.send(BW.idle);
    const callId = ws.training.placeTrainingCall({});
    expect(headset.lastWritten(BW.ringLed)).toEqual([BW.ringLed, 1]);
    headset.send(BW.offHook);
    await flush();
    expect(ws.phone.currentCalls()).toEqual([expect.objectContaining({ id: callId, state: 'active' })]);
    await ws.stop();
  });
});
