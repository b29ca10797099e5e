import { describe, expect, it } from 'vitest';
import type { MediaChannel, MediaEvent, MediaRequest, MediaResult, PeerState } from '../../src-main/contract';
import { silentLogger } from '../../src-main/core/log';
import { MediaBridge } from '../../src-main/core/media/media-bridge';

// The mirror JsSIP reads synchronously must never go back in time. A reply and the event sent
// right after it can reach main in one chunk; the event is handled at once, the reply a few
// microtasks later. JsSIP waits for ICE gathering to end before it answers: had the reply's older
// "gathering" overwritten the event's "complete", the 200 OK would never have left.

const state = (seq: number, iceGatheringState: string): PeerState => ({
  seq,
  signalingState: 'stable',
  iceGatheringState,
  iceConnectionState: 'new',
  connectionState: 'new',
  localDescription: { type: 'answer', sdp: 'v=0\r\n' },
  remoteDescription: { type: 'offer', sdp: 'v=0\r\n' },
});

/** A channel whose replies the test releases together with the events that follow them. */
function scriptedChannel() {
  const listeners = new Set<(event: MediaEvent) => void>();
  const waiting: { request: MediaRequest; resolve: (result: MediaResult) => void }[] = [];
  const channel: MediaChannel = {
    capabilities: { rfc4733Dtmf: true } as MediaChannel['capabilities'],
    request: (request) => new Promise((resolve) => waiting.push({ request, resolve })),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose: () => () => undefined,
  };
  /** Delivers the reply to the oldest request and then, in the same task, `events`. */
  const deliver = (result: MediaResult, ...events: MediaEvent[]) => {
    const next = waiting.shift();
    if (!next) throw new Error('no request is waiting');
    next.resolve(result);
    for (const event of events) for (const listener of listeners) listener(event);
  };
  return { channel, waiting, deliver };
}

describe('the bridged peer connection mirror', () => {
  it('keeps the newest snapshot when an event is handled before the older reply', async () => {
    const { channel, waiting, deliver } = scriptedChannel();
    const bridge = new MediaBridge(silentLogger);
    bridge.attach(channel);
    const pc = bridge.createPeerConnection();
    await Promise.resolve();
    deliver({ state: state(1, 'new') }); // pc.create
    const applied = pc.setLocalDescription({ type: 'answer', sdp: 'v=0\r\n' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(waiting.at(-1)?.request.op).toBe('pc.setLocalDescription');
    const ended: string[] = [];
    pc.addEventListener('icegatheringstatechange', () => ended.push(pc.iceGatheringState));
    while (waiting.length > 1) deliver({ state: state(1, 'new') });
    deliver({ state: state(2, 'gathering') }, { type: 'pc.statechange', pcId: pc.id, event: 'icegatheringstatechange', state: state(3, 'complete') });
    await applied;
    expect(pc.iceGatheringState).toBe('complete');
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toEqual(['complete']);
  });

  it("tells a listener that starts listening once the request's result is in of the events sent right behind the reply (JsSIP's ICE-restart offer)", async () => {
    const { channel, waiting, deliver } = scriptedChannel();
    const bridge = new MediaBridge(silentLogger);
    bridge.attach(channel);
    const pc = bridge.createPeerConnection();
    await Promise.resolve();
    deliver({ state: state(1, 'complete') }); // pc.create
    // As JsSIP's _createLocalDescription with iceRestart: set the offer, then wait for the
    // gathering's end by event (the state alone does not count for a restart).
    const offered = (async () => {
      await pc.setLocalDescription({ type: 'offer', sdp: 'v=0\r\n' });
      return new Promise<string>((resolve) => {
        pc.addEventListener('icegatheringstatechange', () => {
          if (pc.iceGatheringState === 'complete') resolve('the offer goes out');
        });
        pc.addEventListener('icecandidate', (event) => {
          if ((event as unknown as { candidate: unknown }).candidate === null) resolve('the offer goes out');
        });
      });
    })();
    await new Promise((resolve) => setImmediate(resolve));
    while (waiting.length > 1) deliver({ state: state(1, 'complete') });
    expect(waiting[0]?.request.op).toBe('pc.setLocalDescription');
    // With the network down the restart gathers nothing: it ends within the same chunk as the reply.
    deliver(
      { state: state(2, 'gathering') },
      { type: 'pc.icecandidate', pcId: pc.id, candidate: null, state: state(3, 'gathering') },
      { type: 'pc.statechange', pcId: pc.id, event: 'icegatheringstatechange', state: state(4, 'complete') },
    );
    const waited = await Promise.race([offered, new Promise<string>((resolve) => setTimeout(() => resolve('JsSIP waits for ever'), 500))]);
    expect(waited).toBe('the offer goes out');
  });

  it('takes snapshots without a number as they come (an older media end)', async () => {
    const { channel, deliver } = scriptedChannel();
    const bridge = new MediaBridge(silentLogger);
    bridge.attach(channel);
    const pc = bridge.createPeerConnection();
    await Promise.resolve();
    const { seq: _unused, ...unnumbered } = state(0, 'gathering');
    const applied = pc.setRemoteDescription({ type: 'offer', sdp: 'v=0\r\n' });
    await new Promise((resolve) => setImmediate(resolve));
    deliver({ state: state(1, 'new') });
    deliver({ state: unnumbered });
    await applied;
    expect(pc.iceGatheringState).toBe('gathering');
  });
});
