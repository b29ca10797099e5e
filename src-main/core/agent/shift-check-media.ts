import type { AudioSettings } from '../../contract';
import type { AudioDevices } from '../media/audio-devices';
import type { MediaBridge } from '../media/media-bridge';
import type { ShiftCheckMedia } from './shift-check';

/** The test tone on the call's speaker: loud enough to hear on a headset at arm's length. */
const SPEAKER_TONE_VOLUME = 0.8;

/**
 * The check's media through the bridge: the microphone the agent chose (as a call would take
 * it), its level from the meter call quality reads, the test tone on the chosen (connected)
 * speaker or ring device — at the ring volume, so the agent hears what a call will sound like,
 * but never below 30 % (a ring volume of 0 would make the test unanswerable).
 */
export function bridgeShiftCheckMedia(media: MediaBridge, audio: AudioDevices, settings: () => AudioSettings): ShiftCheckMedia {
  return {
    get isAttached() {
      return media.isAttached;
    },
    async openMicrophone() {
      const stream = await media.getUserMedia();
      const [track] = stream.getTracks();
      if (!track) throw new Error('the media end gave no microphone track');
      return { trackId: track.id, stop: () => stream.getTracks().forEach((t) => t.stop()) };
    },
    async level(trackId) {
      return (await media.request({ op: 'track.level', trackId })).level ?? null;
    },
    async playTone(device) {
      const sinkId = audio.effective(device === 'speaker' ? 'speakerId' : 'ringDeviceId');
      const volume = device === 'speaker' ? SPEAKER_TONE_VOLUME : Math.max(0.3, settings().ringVolume / 100);
      return (await media.request({ op: 'tone.play', sinkId, volume })).applied === true;
    },
  };
}
