/**
 * The agent's audio devices: the microphone calls take, the speaker the caller is heard on, and
 * the device the ringtone plays on. The media end reports what is plugged in; this service keeps
 * that list, applies the agent's choices (settings `audio.*`) to the media end, rings while a
 * call rings, and falls back to the system default when a chosen device goes away, telling the
 * agent when that happens during a call.
 *
 * A chosen device that is not in the media end's list counts as "not connected" and the system
 * default is used instead; the choice itself stays in the settings, so plugging the headset back
 * in makes it the device for the next call again.
 */
import {
  said,
  type AudioDevice,
  type AudioSettings,
  type AudioView,
  type CallView,
  type MediaCapabilities,
  type MediaRequest,
  type MediaResult,
  type MediaTrackConstraintsInit,
  type Message,
} from '../../contract';
import type { Clock } from '../clock';
import { Emitter } from '../events';
import { errorForLog, type Logger } from '../log';

/** A microphone track a call sends (the bridge's stand-in for the real one). */
export interface SwitchableTrack {
  readonly id: string;
  readonly label: string;
  switchDevice(deviceId: string | null): Promise<void>;
}

/** What the service needs of the media bridge. */
export interface AudioMediaPort {
  readonly isAttached: boolean;
  readonly capabilities: MediaCapabilities | null;
  request(request: MediaRequest): Promise<MediaResult>;
  liveTracks(): SwitchableTrack[];
}

export interface AudioDevicesDeps {
  media: AudioMediaPort;
  settings: () => AudioSettings;
  clock: Clock;
  logger: Logger;
  /** Something to tell the agent (not a failure of theirs). */
  notice: (said: Message) => void;
}

type Choice = 'microphoneId' | 'speakerId' | 'ringDeviceId';
const KIND: Record<Choice, AudioDevice['kind']> = { microphoneId: 'audioinput', speakerId: 'audiooutput', ringDeviceId: 'audiooutput' };

/** The same device gone twice in a row (a track's 'ended' and the 'devicechange') is one event. */
const SAME_EVENT_MS = 3000;
/** How long a track's 'ended' waits for the 'devicechange' that usually comes with it. */
export const ENDED_GRACE_MS = 400;

interface Ring {
  sinkId: string | null;
  caller: string;
  volume: number;
}

/** The caller as the ringtone's notice shows it: "Name (number)", or the number. */
export function callerText(call: Pick<CallView, 'remoteName' | 'remoteNumber'>): string {
  return call.remoteName ? `${call.remoteName} (${call.remoteNumber})` : call.remoteNumber;
}

/** Whether `deviceId` is a device of `kind` in `devices`. */
export function hasDevice(devices: readonly AudioDevice[], kind: AudioDevice['kind'], deviceId: string): boolean {
  return devices.some((device) => device.kind === kind && device.deviceId === deviceId);
}

/** What the Dispatcher may ask of the audio devices: the media end's list, read anew. */
export interface IAudioDevices {
  refresh(): Promise<AudioView>;
}

export class AudioDevices implements IAudioDevices {
  private readonly changed = new Emitter<void>();
  /** The view (device list, what the media end can do) changed. */
  readonly onDidChange = this.changed.event;
  private devices: AudioDevice[] = [];
  /** A list came from the media end; before that, a choice is used as given. */
  private known = false;
  private calls: readonly CallView[] = [];
  /** What the media end was last asked to ring; null: silent. */
  private ringing: Ring | null = null;
  /** The speaker the media end was last asked for; undefined: not asked since it attached. */
  private speaker: string | null | undefined = undefined;
  private microphoneChoice: string | null;
  private ringRefusalTold = false;
  private readonly switchedAt = new WeakMap<SwitchableTrack, number>();
  private micNoticeAt = -Infinity;

  constructor(private readonly deps: AudioDevicesDeps) {
    this.microphoneChoice = deps.settings().microphoneId;
  }

  view(): AudioView {
    return { devices: [...this.devices], canChooseSpeaker: this.deps.media.capabilities?.setSinkId ?? false };
  }

  /** The device to use for a choice: the chosen one while it is connected, else null (default). */
  effective(choice: Choice): string | null {
    const chosen = this.deps.settings()[choice];
    if (!chosen) return null;
    if (!this.known) return chosen;
    return hasDevice(this.devices, KIND[choice], chosen) ? chosen : null;
  }

  /** What getUserMedia is asked for when a call takes the microphone. */
  constraints(): MediaTrackConstraintsInit {
    const microphone = this.effective('microphoneId');
    return microphone ? { deviceId: microphone } : {};
  }

  /** A media end attached (at start, or a reloaded page): learn its devices, apply the choices. */
  async attached(): Promise<void> {
    this.ringing = null;
    this.speaker = undefined;
    this.ringRefusalTold = false;
    this.changed.fire();
    await this.refresh();
    this.applySpeaker();
    this.updateRing();
  }

  /** The media end went away: whatever it played stopped with it. */
  detached(): void {
    this.ringing = null;
    this.speaker = undefined;
    this.changed.fire();
  }

  /** Asks the media end for its devices now. */
  async refresh(): Promise<AudioView> {
    if (!this.deps.media.isAttached) return this.view();
    try {
      const result = await this.deps.media.request({ op: 'devices.list' });
      this.devices = result.devices ?? [];
      this.known = true;
      this.changed.fire();
    } catch (error) {
      this.deps.logger.log('warn', 'could not list the audio devices', { error: errorForLog(error) });
    }
    return this.view();
  }

  /** A device was plugged in or out. */
  devicesChanged(devices: readonly AudioDevice[]): void {
    const before = this.devices;
    const wasKnown = this.known;
    this.devices = [...devices];
    this.known = true;
    const audio = this.deps.settings();
    const gone = (choice: Choice): AudioDevice | null => {
      const chosen = audio[choice];
      if (!chosen || !wasKnown || hasDevice(devices, KIND[choice], chosen)) return null;
      return before.find((device) => device.kind === KIND[choice] && device.deviceId === chosen) ?? null;
    };

    const microphone = gone('microphoneId');
    if (microphone) {
      const tracks = this.deps.media.liveTracks();
      if (tracks.length) {
        this.switchTracks(tracks, null);
        this.tellMicrophone(microphone.label ? said('audio.namedMicrophoneUnplugged', { device: microphone.label }) : said('audio.microphoneUnplugged', {}));
      }
    }
    const speaker = gone('speakerId');
    if (speaker && this.inCall()) {
      this.deps.notice(speaker.label ? said('audio.namedSpeakerUnplugged', { device: speaker.label }) : said('audio.speakerUnplugged', {}));
    }
    this.applySpeaker();
    this.updateRing();
    this.changed.fire();
  }

  /**
   * A call's microphone track ended by itself: its device went away. Take the sound from another.
   * Waits a moment first: an unplugged device also brings a 'devicechange', which knows better
   * what happened (and switches the track itself).
   */
  trackEnded(track: SwitchableTrack): void {
    const endedAt = this.deps.clock.now();
    this.deps.clock.setTimeout(() => {
      const last = this.switchedAt.get(track);
      if (last !== undefined && last >= endedAt) return;
      if (!this.deps.media.liveTracks().includes(track)) return;
      const target = this.effective('microphoneId');
      this.switchTracks([track], target);
      this.tellMicrophone(target ? said('audio.microphoneRestarted', {}) : said('audio.microphoneFellBack', {}));
    }, ENDED_GRACE_MS);
  }

  /** The agent changed a choice: a new microphone applies at once, even during a call. */
  settingsChanged(): void {
    const microphone = this.deps.settings().microphoneId;
    if (microphone !== this.microphoneChoice) {
      this.microphoneChoice = microphone;
      const tracks = this.deps.media.liveTracks();
      if (tracks.length) this.switchTracks(tracks, this.effective('microphoneId'));
    }
    this.applySpeaker();
    this.updateRing();
  }

  /** The phone's calls changed: ring while one rings. */
  callsChanged(calls: readonly CallView[]): void {
    this.calls = calls;
    this.updateRing();
  }

  /** What should ring now, if anything: the first call that rings, on the ring device. */
  private wantedRing(): Ring | null {
    const call = this.calls.find((candidate) => candidate.state === 'ringing');
    if (!call) return null;
    return { sinkId: this.effective('ringDeviceId'), caller: callerText(call), volume: this.deps.settings().ringVolume / 100 };
  }

  private updateRing(): void {
    if (!this.deps.media.isAttached) return;
    const want = this.wantedRing();
    const have = this.ringing;
    if (!want) {
      if (!have) return;
      this.ringing = null;
      this.send({ op: 'ring.stop' });
      return;
    }
    if (have && have.sinkId === want.sinkId && have.caller === want.caller && have.volume === want.volume) return;
    this.ringing = want;
    this.deps.media.request({ op: 'ring.start', ...want }).then(
      (result) => {
        if (result.applied !== false || this.ringRefusalTold) return;
        this.ringRefusalTold = true;
        this.deps.logger.log('warn', 'the media end could not play the ringtone');
        this.deps.notice(said('audio.ringtoneBlocked', {}));
      },
      (error: unknown) => this.deps.logger.log('warn', 'ring.start failed', { error: errorForLog(error) }),
    );
  }

  private applySpeaker(): void {
    if (!this.deps.media.isAttached) return;
    const target = this.effective('speakerId');
    if (this.speaker !== undefined && this.speaker === target) return;
    this.speaker = target;
    const canChoose = this.deps.media.capabilities?.setSinkId ?? false;
    if (!canChoose && target === null) return;
    this.deps.media.request({ op: 'output.set', sinkId: target }).then(
      (result) => {
        if (result.applied === false && target !== null)
          this.deps.logger.log('warn', 'the media end could not choose the speaker; the default plays', { canChoose });
      },
      (error: unknown) => this.deps.logger.log('warn', 'output.set failed', { error: errorForLog(error) }),
    );
  }

  private switchTracks(tracks: readonly SwitchableTrack[], deviceId: string | null): void {
    const now = this.deps.clock.now();
    for (const track of tracks) {
      this.switchedAt.set(track, now);
      track.switchDevice(deviceId).catch((error: unknown) => {
        this.deps.logger.log('error', 'could not switch the call to another microphone', { error: errorForLog(error) });
        this.deps.notice(said('audio.noMicrophone', {}));
      });
    }
  }

  private tellMicrophone(message: Message): void {
    const now = this.deps.clock.now();
    if (now - this.micNoticeAt < SAME_EVENT_MS) return;
    this.micNoticeAt = now;
    this.deps.notice(message);
  }

  private inCall(): boolean {
    return this.calls.some((call) => call.state === 'active' || call.state === 'dialing');
  }

  private send(request: MediaRequest): void {
    this.deps.media.request(request).catch((error: unknown) => this.deps.logger.log('warn', `${request.op} failed`, { error: errorForLog(error) }));
  }
}

/** "microphone “Jabra Evolve”", or just "chosen microphone" when the platform gave no name. */
