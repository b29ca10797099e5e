import wrtc from '@roamhq/wrtc';
import { afterEach, describe, expect, it } from 'vitest';
import type { Workstation, WorkstationNotice } from '../../src-main/core/workstation';
import { flush, makeWorkstation } from '../support/workstation';
import { AudioMeter, createWrtcMediaEnd, FAKE_DEVICES, ToneSource, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function mediaEnd(): WrtcMediaEnd {
  const end = createWrtcMediaEnd(440);
  cleanups.push(() => end.close());
  return end;
}

async function started(options: Parameters<typeof makeWorkstation>[0] = {}): Promise<{ ws: Workstation; dataDir: string }> {
  const made = makeWorkstation(options);
  await made.ws.start();
  cleanups.push(() => made.ws.stop());
  return made;
}

async function gathered(pc: { iceGatheringState: string; addEventListener(type: string, l: () => void): void }) {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve()));
}

describe('audio devices with a real media end (wrtc)', () => {
  it("lists the media end's devices in the snapshot and through audio:devices", async () => {
    const { ws } = await started();
    const media = mediaEnd();
    ws.media.attach(media.channel);
    await waitFor('the device list', () => ws.snapshot().audio.devices.length > 0);
    expect(ws.snapshot().audio).toEqual({
      canChooseSpeaker: false,
      devices: [
        { deviceId: 'fake-laptop-mic', kind: 'audioinput', label: 'Fake Laptop Microphone', isDefault: true },
        { deviceId: 'fake-headset-mic', kind: 'audioinput', label: 'Fake Headset Microphone' },
        { deviceId: 'fake-laptop-speakers', kind: 'audiooutput', label: 'Fake Laptop Speakers', isDefault: true },
        { deviceId: 'fake-headset-speakers', kind: 'audiooutput', label: 'Fake Headset Speakers' },
      ],
    });
    await media.setDevices(FAKE_DEVICES.filter((device) => !device.deviceId.startsWith('fake-headset')));
    await waitFor('the shorter list', () => ws.snapshot().audio.devices.length === 2);
    expect((await ws.audio.refresh()).devices.map((device) => device.deviceId)).toEqual(['fake-laptop-mic', 'fake-laptop-speakers']);
  });

  it('rings while a training call rings, on the chosen ring device, and stops when it is answered', async () => {
    const { ws } = await started();
    ws.settings.update({ audio: { ringDeviceId: 'fake-headset-speakers' } });
    const media = mediaEnd();
    ws.media.attach(media.channel);
    await waitFor('the device list', () => ws.snapshot().audio.devices.length > 0);
    expect(media.rings).toEqual([]);

    const callId = ws.training.placeTrainingCall({ remoteNumber: '+49 40 555 0101', remoteName: 'Erika Mustermann' });
    await waitFor('ring.start', () => media.ringing());
    expect(media.rings).toEqual([{ op: 'start', sinkId: 'fake-headset-speakers', caller: 'Erika Mustermann (+49 40 555 0101)', volume: 0.8 }]);

    await ws.phone.answer(callId);
    await waitFor('ring.stop', () => !media.ringing());
    expect(media.rings.at(-1)).toEqual({ op: 'stop' });
    expect(media.requests.filter((request) => request.op.startsWith('ring.')).map((request) => request.op)).toEqual(['ring.start', 'ring.stop']);
  });

  it('keeps the chosen microphone across a restart on the same data folder and asks getUserMedia for it', async () => {
    const first = await started();
    first.ws.settings.update({ audio: { microphoneId: 'fake-headset-mic' } });
    await first.ws.stop();
    cleanups.pop();

    const { ws } = await started({ dataDir: first.dataDir });
    expect(ws.snapshot().settings.audio).toEqual({ microphoneId: 'fake-headset-mic', speakerId: null, ringDeviceId: null, ringVolume: 80 });
    const media = mediaEnd();
    ws.media.attach(media.channel);
    await waitFor('the device list', () => ws.snapshot().audio.devices.length > 0);
    const stream = await ws.media.getUserMedia();
    cleanups.push(() => stream.getTracks().forEach((track) => track.stop()));
    expect(media.microphoneRequests.at(-1)).toEqual({ audio: { deviceId: 'fake-headset-mic' }, video: false });
  });

  it("moves a call's microphone to the default when the headset is unplugged: same track, mute kept, audio goes on", async () => {
    const { ws } = await started();
    const notices: Omit<WorkstationNotice, 'said'>[] = [];
    // The English wording as the agent's notice had it; the message's key is tested in messages.test.ts.
    ws.onNotice(({ said: _said, ...notice }) => notices.push(notice));
    ws.settings.update({ audio: { microphoneId: 'fake-headset-mic' } });
    const media = mediaEnd();
    ws.media.attach(media.channel);
    await waitFor('the device list', () => ws.snapshot().audio.devices.length > 0);

    // A call's media, as the SIP line sets it up: the chosen microphone on a bridged peer.
    const far = new wrtc.RTCPeerConnection({ iceServers: [] });
    const farTone = new ToneSource({ frequencyHz: 880 });
    const farTrack = farTone.createTrack();
    let farHeard: AudioMeter | null = null;
    far.addTrack(farTrack as any, new wrtc.MediaStream([farTrack as any]) as any);
    far.addEventListener('track', (event: any) => {
      farHeard = new AudioMeter();
      farHeard.attach(event.track);
    });
    cleanups.push(() => (far.close(), farTone.stop(), farHeard?.stop()));
    const pc = ws.media.createPeerConnection({ iceServers: [] });
    cleanups.push(() => pc.close());
    const stream = await ws.media.getUserMedia();
    const [track] = stream.getAudioTracks();
    pc.addTrack(track!, stream);
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    await far.setRemoteDescription(pc.localDescription as any);
    await far.setLocalDescription(await far.createAnswer());
    await gathered(far as any);
    await pc.setRemoteDescription({ type: 'answer', sdp: far.localDescription!.sdp });
    await waitFor('audio at the far end', () => (farHeard?.loudFrames ?? 0) > 20);
    expect(media.microphoneRequests.at(-1)).toEqual({ audio: { deviceId: 'fake-headset-mic' }, video: false });

    // Muted, then the headset goes: the default microphone takes over, still muted.
    track!.enabled = false;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const trackId = track!.id;
    await media.setDevices(FAKE_DEVICES.filter((device) => !device.deviceId.startsWith('fake-headset')));
    await waitFor('the switch to the default microphone', () => media.requests.some((request) => request.op === 'track.switchDevice'));
    expect(media.requests.find((request) => request.op === 'track.switchDevice')).toEqual({ op: 'track.switchDevice', trackId, deviceId: null });
    await waitFor('the new microphone', () => media.microphoneRequests.length === 2);
    expect(media.microphoneRequests.at(-1)).toEqual({ audio: true, video: false });
    expect(track!.id).toBe(trackId);
    expect(notices).toEqual([
      { callId: null, message: 'The microphone “Fake Headset Microphone” was unplugged; using the default microphone.', level: 'info' },
    ]);
    await flush();

    const framesBefore = farHeard!.frames;
    const audibleBefore = farHeard!.loudFrames;
    await waitFor('frames while muted', () => farHeard!.frames > framesBefore + 50);
    expect(farHeard!.loudFrames - audibleBefore).toBeLessThan(5);
    track!.enabled = true;
    await waitFor('audio from the default microphone', () => farHeard!.loudFrames > audibleBefore + 20);
  });
});
