import wrtc from '@roamhq/wrtc';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src-main/core/log';
import { MediaBridge, MediaUnavailableError } from '../../src-main/core/media/media-bridge';
import { AudioMeter, createWrtcMediaEnd, ToneSource, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function mediaEnd(): WrtcMediaEnd {
  const end = createWrtcMediaEnd(440);
  cleanups.push(() => end.close());
  return end;
}

async function gathered(pc: { iceGatheringState: string; addEventListener(type: string, l: () => void): void }) {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve()));
}

describe('the media bridge', () => {
  it('negotiates a real call through the bridge: audio both ways, mute sends silence, state mirrored', async () => {
    const media = mediaEnd();
    const bridge = new MediaBridge(silentLogger);
    bridge.attach(media.channel);

    // The far end: a plain wrtc peer with its own tone.
    const far = new wrtc.RTCPeerConnection({ iceServers: [] });
    const farTone = new ToneSource({ frequencyHz: 880 });
    const farTrack = farTone.createTrack();
    cleanups.push(() => (far.close(), farTone.stop()));
    far.addTrack(farTrack as any, new wrtc.MediaStream([farTrack as any]) as any);
    let farHeard: AudioMeter | null = null;
    far.addEventListener('track', (event: any) => {
      farHeard = new AudioMeter();
      farHeard.attach(event.track);
      cleanups.push(() => farHeard?.stop());
    });

    const pc = bridge.createPeerConnection({ iceServers: [] });
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const stream = await bridge.getUserMedia({});
    const [track] = stream.getAudioTracks();
    expect(track?.kind).toBe('audio');
    const sender = pc.addTrack(track!, stream);
    expect(pc.getSenders()).toEqual([sender]);

    const offer = await pc.createOffer();
    expect(offer.sdp).toContain('m=audio');
    await pc.setLocalDescription(offer);
    expect(pc.signalingState).toBe('have-local-offer');
    await gathered(pc);
    expect(pc.localDescription?.sdp).toContain('a=candidate');

    await far.setRemoteDescription(pc.localDescription as any);
    await far.setLocalDescription(await far.createAnswer());
    await gathered(far as any);
    await pc.setRemoteDescription({ type: 'answer', sdp: far.localDescription!.sdp });
    expect(pc.signalingState).toBe('stable');
    expect(states).toContain('have-local-offer');

    await waitFor('audio at the far end', () => (farHeard?.loudFrames ?? 0) > 20);
    await waitFor('audio at the agent', () => media.audible() > 20);
    expect(['connected', 'completed']).toContain(pc.iceConnectionState);

    // Mute: the real track is disabled, the far end keeps receiving frames but only silence.
    track!.enabled = false;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const framesBefore = farHeard!.frames;
    const audibleBefore = farHeard!.loudFrames;
    await waitFor('frames while muted', () => farHeard!.frames > framesBefore + 50);
    expect(farHeard!.loudFrames - audibleBefore).toBeLessThan(5);
    track!.enabled = true;
    await waitFor('audio after unmute', () => farHeard!.loudFrames > audibleBefore + 20);

    pc.close();
    expect(pc.signalingState).toBe('closed');
    await waitFor('the real peer closed', () => media.end.peerCount === 0);
    expect(bridge.openPeers).toBe(0);
  });

  it('offers no RFC 4733 DTMF sender where the media end has none (wrtc), so the line falls back to INFO', async () => {
    const media = mediaEnd();
    const bridge = new MediaBridge(silentLogger);
    bridge.attach(media.channel);
    const pc = bridge.createPeerConnection();
    const stream = await bridge.getUserMedia();
    const sender = pc.addTrack(stream.getAudioTracks()[0]!, stream);
    expect(bridge.rfc4733Dtmf).toBe(false);
    expect(sender.dtmf).toBeNull();
    pc.close();
  });

  it('refuses to work without a media end, and forgets a media end that went away', async () => {
    const bridge = new MediaBridge(silentLogger);
    await expect(bridge.getUserMedia()).rejects.toBeInstanceOf(MediaUnavailableError);
    const media = mediaEnd();
    bridge.attach(media.channel);
    let detached = 0;
    bridge.onDidDetach(() => detached++);
    media.close();
    expect(detached).toBe(1);
    expect(bridge.isAttached).toBe(false);
  });

  it('ignores malformed events from the media end', async () => {
    const media = mediaEnd();
    const bridge = new MediaBridge(silentLogger);
    let emit: ((event: unknown) => void) | null = null;
    bridge.attach({ ...media.channel, onEvent: (listener) => ((emit = listener as (event: unknown) => void), () => undefined) });
    const pc = bridge.createPeerConnection();
    let fired = 0;
    pc.addEventListener('icecandidate', () => fired++);
    emit!({ type: 'pc.icecandidate', pcId: pc.id, candidate: 'not an object', state: {} });
    emit!({ type: 'nonsense' });
    emit!(null);
    expect(fired).toBe(0);
    pc.close();
  });
});
