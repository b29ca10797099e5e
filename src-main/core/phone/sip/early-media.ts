import type { MediaTrackConstraintsInit, SessionDescriptionInit } from '../../../contract';
import type { Logger } from '../../log';
import type { BridgedMediaStream, BridgedPeerConnection } from '../../media/bridged-media';
import type { MediaBridge } from '../../media/media-bridge';

/** How long to let ICE gather after the first candidate before sending the SDP. */
export const GATHER_AFTER_FIRST_CANDIDATE_MS = 100;

/**
 * An inbound call's media, prepared while it rings (`sip.prepareMediaWhileRinging`): the
 * microphone opened with its track switched off, the peer connection with the offer applied and
 * an `a=inactive` answer set, which the line sends in an unreliable 183 Session Progress. The far
 * end (a relay, a PBX) then does ICE and DTLS with the agent during ringing; no audio flows either
 * way, and the caller's phone keeps its own ringback (RFC 3960).
 *
 * On answer, `takeForAnswer` answers the same offer again with the track on and the directions
 * back (one request to the media end; ICE and DTLS stay), and hands the peer to JsSIP, whose
 * answer() then finds its work done (`replayAnswer`) and sends the 200 OK.
 */
export class EarlyMedia {
  private pc: BridgedPeerConnection | null = null;
  private stream: BridgedMediaStream | null = null;
  private closed = false;
  private handedOver = false;
  /** The agent answered: stop waiting for candidates, send no 183. */
  private answering = false;
  private wakeGathering: (() => void) | null = null;
  /** Settles when preparing is over: true when the peer holds an inactive answer. */
  readonly prepared: Promise<boolean>;

  constructor(
    private readonly bridge: MediaBridge,
    private readonly offer: string,
    private readonly iceServers: { urls: string | string[]; username?: string; credential?: string }[],
    private readonly audio: MediaTrackConstraintsInit,
    private readonly logger: Logger,
    /** Sends the early answer (the 183); false when the call can no longer take one. */
    private readonly sendEarlyAnswer: (sdp: string) => boolean,
  ) {
    this.prepared = this.prepare().catch((error: unknown) => {
      this.logger.log('warn', "could not prepare the call's media while it rings; it is prepared on answer", { error: String(error) });
      this.close();
      return false;
    });
  }

  private async prepare(): Promise<boolean> {
    const stream = await this.bridge.getUserMedia(this.audio);
    this.stream = stream;
    // Off before the track reaches any peer: the bridge runs requests in order.
    for (const track of stream.getTracks()) track.enabled = false;
    if (this.closed) return this.drop();
    const pc = this.bridge.createPeerConnection({ iceServers: this.iceServers });
    this.pc = pc;
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    await pc.answerOffer(this.offer, { inactive: true });
    if (this.closed) return this.drop();
    await this.gathered(pc);
    if (this.closed) return this.drop();
    if (this.answering) return true;
    const sdp = pc.localDescription?.sdp;
    if (sdp) this.sendEarlyAnswer(sdp);
    return true;
  }

  /** Resolves once ICE gathered, or a while after the first candidate (as the line's answers do). */
  private gathered(pc: BridgedPeerConnection): Promise<void> {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const done = () => {
        if (timer) clearTimeout(timer);
        pc.removeEventListener('icecandidate', onCandidate);
        pc.removeEventListener('icegatheringstatechange', onState);
        this.wakeGathering = null;
        resolve();
      };
      const onCandidate = (event: { [key: string]: unknown }) => {
        if (!event.candidate) done();
        else timer ??= setTimeout(done, GATHER_AFTER_FIRST_CANDIDATE_MS);
      };
      const onState = () => {
        if (pc.iceGatheringState === 'complete') done();
      };
      pc.addEventListener('icecandidate', onCandidate);
      pc.addEventListener('icegatheringstatechange', onState);
      this.wakeGathering = done;
    });
  }

  /**
   * The agent answered: the peer, now answering with audio both ways and the track on, for
   * JsSIP's answer(); null when nothing usable was prepared (the line then answers as without).
   */
  async takeForAnswer(): Promise<{ pc: BridgedPeerConnection; stream: BridgedMediaStream } | null> {
    this.answering = true;
    this.wakeGathering?.();
    const ok = await this.prepared;
    const { pc, stream } = this;
    if (!ok || this.closed || !pc || !stream || pc.isClosed || pc.iceConnectionState === 'failed') {
      this.close();
      return null;
    }
    this.handedOver = true;
    for (const track of stream.getTracks()) track.enabled = true;
    try {
      const answer = await pc.answerOffer(this.offer, { inactive: false });
      replayAnswer(pc, answer);
      return { pc, stream };
    } catch (error) {
      // Never leave a switched-on microphone behind: answer as without preparation.
      this.logger.log('warn', 'the media prepared while ringing could not answer; answering without it', { error: String(error) });
      this.handedOver = false;
      this.close();
      return null;
    }
  }

  /** The call ended (or was answered without this): release the peer and the microphone. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.wakeGathering?.();
    if (!this.handedOver) this.release();
  }

  private drop(): false {
    this.release();
    return false;
  }

  private release(): void {
    if (this.pc && !this.pc.isClosed) this.pc.close();
    for (const track of this.stream?.getTracks() ?? []) track.stop();
  }
}

/**
 * JsSIP's answer() adds the stream's tracks, applies the offer, creates an answer and sets it. On
 * a peer handed over by `EarlyMedia` all of that is done already (`answer` is set): until that
 * answer is set once more, those calls are answered from what is there, without the media end.
 */
function replayAnswer(pc: BridgedPeerConnection, answer: SessionDescriptionInit): void {
  const addTrack = pc.addTrack.bind(pc);
  const setRemoteDescription = pc.setRemoteDescription.bind(pc);
  const createAnswer = pc.createAnswer.bind(pc);
  const setLocalDescription = pc.setLocalDescription.bind(pc);
  let replaying = true;
  pc.addTrack = (track, ...streams) => pc.getSenders().find((sender) => sender.track === track) ?? addTrack(track, ...streams);
  pc.setRemoteDescription = async (description) => {
    if (replaying && description.type === 'offer') return;
    await setRemoteDescription(description);
  };
  pc.createAnswer = async () => (replaying ? answer : createAnswer());
  pc.setLocalDescription = async (description) => {
    const same = replaying && description?.sdp === answer.sdp;
    replaying = false;
    if (!same) await setLocalDescription(description);
  };
}
