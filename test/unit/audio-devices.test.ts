import { describe, expect, it } from 'vitest';
import { audioSettingsSchema, type AudioDevice, type AudioSettings, type CallView, type MediaRequest, type MediaResult } from '../../src-main/contract';
import { silentLogger } from '../../src-main/core/log';
import { AudioDevices, callerText, ENDED_GRACE_MS, type AudioMediaPort, type SwitchableTrack } from '../../src-main/core/media/audio-devices';
import { audioDevicesFrom } from '../../src-renderer/media/media-end';
import { makeCallView } from '../support/call-view';
import { ManualClock } from '../support/manual-clock';
import { wordMessage } from '../../src-main/shared/messages';

const DEVICES: AudioDevice[] = [
  { deviceId: 'mic-laptop', kind: 'audioinput', label: 'Laptop Microphone', isDefault: true },
  { deviceId: 'mic-headset', kind: 'audioinput', label: 'Headset' },
  { deviceId: 'out-laptop', kind: 'audiooutput', label: 'Laptop Speakers', isDefault: true },
  { deviceId: 'out-headset', kind: 'audiooutput', label: 'Headset' },
  { deviceId: 'out-desk', kind: 'audiooutput', label: 'Desk Speaker' },
];
const without = (...ids: string[]) => DEVICES.filter((device) => !ids.includes(device.deviceId));

class FakeTrack implements SwitchableTrack {
  switches: (string | null)[] = [];
  constructor(
    readonly id: string,
    public label = 'Headset',
  ) {}
  async switchDevice(deviceId: string | null): Promise<void> {
    this.switches.push(deviceId);
  }
}

const call = (overrides: Partial<CallView> = {}): CallView => makeCallView({ line: 'training', ...overrides });

/** The service against a fake media end that answers from a device list and records requests. */
function setup(chosen: Partial<AudioSettings> = {}, options: { setSinkId?: boolean; ringApplied?: boolean } = {}) {
  const clock = new ManualClock();
  let settings = audioSettingsSchema.parse(chosen);
  const requests: MediaRequest[] = [];
  const notices: string[] = [];
  const tracks: FakeTrack[] = [];
  let devices = DEVICES;
  const media: AudioMediaPort & { isAttached: boolean } = {
    isAttached: true,
    capabilities: { rfc4733Dtmf: true, setSinkId: options.setSinkId ?? true },
    request: async (request: MediaRequest): Promise<MediaResult> => {
      requests.push(request);
      if (request.op === 'devices.list') return { devices };
      if (request.op === 'ring.start') return { applied: options.ringApplied ?? true };
      return {};
    },
    liveTracks: () => tracks,
  };
  let changes = 0;
  const audio = new AudioDevices({
    media,
    settings: () => settings,
    clock,
    logger: silentLogger,
    notice: (said) => notices.push(wordMessage('en', said)),
  });
  audio.onDidChange(() => changes++);
  return {
    audio,
    media,
    clock,
    requests,
    notices,
    tracks,
    changes: () => changes,
    ops: () => requests.map((request) => request.op),
    setDevices(next: AudioDevice[]) {
      devices = next;
    },
    choose(patch: Partial<AudioSettings>) {
      settings = { ...settings, ...patch };
      audio.settingsChanged();
    },
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("the agent's audio devices", () => {
  it('learns the devices when a media end attaches and applies the chosen speaker', async () => {
    const t = setup({ speakerId: 'out-headset' });
    await t.audio.attached();
    expect(t.audio.view()).toEqual({ devices: DEVICES, canChooseSpeaker: true });
    expect(t.requests).toEqual([{ op: 'devices.list' }, { op: 'output.set', sinkId: 'out-headset' }]);

    // A change of mind goes to the media end; the same choice again does not.
    t.choose({ speakerId: 'out-desk' });
    t.choose({ speakerId: 'out-desk' });
    expect(t.requests.slice(2)).toEqual([{ op: 'output.set', sinkId: 'out-desk' }]);
  });

  it('passes the chosen microphone to getUserMedia, and the default when it is not connected', async () => {
    const t = setup({ microphoneId: 'mic-headset' });
    // Before the media end said what is plugged in, the choice is used as given.
    expect(t.audio.constraints()).toEqual({ deviceId: 'mic-headset' });
    await t.audio.attached();
    expect(t.audio.constraints()).toEqual({ deviceId: 'mic-headset' });

    t.audio.devicesChanged(without('mic-headset'));
    expect(t.audio.constraints()).toEqual({});
    // Plugged back in: the next call takes the headset again.
    t.audio.devicesChanged(DEVICES);
    expect(t.audio.constraints()).toEqual({ deviceId: 'mic-headset' });

    t.choose({ microphoneId: null });
    expect(t.audio.constraints()).toEqual({});
  });

  it('moves a call to the default microphone when the chosen one is unplugged, with a notice', async () => {
    const t = setup({ microphoneId: 'mic-headset' });
    await t.audio.attached();
    const track = new FakeTrack('track-1');
    t.tracks.push(track);
    t.audio.callsChanged([call({ state: 'active' })]);

    t.audio.devicesChanged(without('mic-headset'));
    expect(track.switches).toEqual([null]);
    expect(t.notices).toEqual(['The microphone “Headset” was unplugged; using the default microphone.']);

    // The track's own 'ended' for the same unplugging is the same event: nothing more happens.
    t.audio.trackEnded(track);
    t.clock.advance(ENDED_GRACE_MS + 10);
    expect(track.switches).toEqual([null]);
    expect(t.notices).toHaveLength(1);
  });

  it('says nothing when the chosen microphone goes away between calls', async () => {
    const t = setup({ microphoneId: 'mic-headset' });
    await t.audio.attached();
    t.audio.devicesChanged(without('mic-headset'));
    expect(t.notices).toEqual([]);
    expect(t.audio.constraints()).toEqual({});
  });

  it('ignores devices it never knew and other devices going away', async () => {
    const t = setup({ microphoneId: 'mic-headset' });
    await t.audio.attached();
    const track = new FakeTrack('track-1');
    t.tracks.push(track);
    t.audio.devicesChanged(without('out-desk'));
    expect(track.switches).toEqual([]);
    expect(t.notices).toEqual([]);
  });

  it("restarts a call's microphone that stopped by itself (the default device unplugged)", async () => {
    const t = setup();
    await t.audio.attached();
    const track = new FakeTrack('track-1', 'Laptop Microphone');
    t.tracks.push(track);
    t.audio.trackEnded(track);
    expect(track.switches).toEqual([]);
    t.clock.advance(ENDED_GRACE_MS);
    await tick();
    expect(track.switches).toEqual([null]);
    expect(t.notices).toEqual(['The microphone stopped working; the call now uses the default microphone.']);
  });

  it('switches the call at once when the agent picks another microphone', async () => {
    const t = setup();
    await t.audio.attached();
    const track = new FakeTrack('track-1');
    t.tracks.push(track);
    t.choose({ microphoneId: 'mic-headset' });
    expect(track.switches).toEqual(['mic-headset']);
    expect(t.notices).toEqual([]);
  });

  it('tells the agent when the chosen speaker goes away during a call, and plays on the default', async () => {
    const t = setup({ speakerId: 'out-headset' });
    await t.audio.attached();
    t.audio.callsChanged([call({ state: 'active' })]);
    t.requests.length = 0;
    t.audio.devicesChanged(without('out-headset', 'mic-headset'));
    expect(t.requests).toEqual([{ op: 'output.set', sinkId: null }]);
    expect(t.notices).toEqual(['The speaker “Headset” was unplugged; the caller is now heard on the default speaker.']);
    t.audio.devicesChanged(DEVICES);
    expect(t.requests.at(-1)).toEqual({ op: 'output.set', sinkId: 'out-headset' });
  });

  it('rings on the ring device while a call rings, and stops when none does', async () => {
    const t = setup({ ringDeviceId: 'out-desk', ringVolume: 50 });
    await t.audio.attached();
    t.requests.length = 0;

    t.audio.callsChanged([call()]);
    expect(t.requests).toEqual([{ op: 'ring.start', sinkId: 'out-desk', caller: 'Erika Mustermann (+4940123)', volume: 0.5 }]);
    // Snapshots without a change of what rings send nothing more.
    t.audio.callsChanged([call()]);
    expect(t.requests).toHaveLength(1);

    // The first caller gives up while a second call rings: the ring goes on for the second.
    t.audio.callsChanged([call({ id: 'c2', remoteName: null, remoteNumber: '+4930999' })]);
    expect(t.requests.at(-1)).toEqual({ op: 'ring.start', sinkId: 'out-desk', caller: '+4930999', volume: 0.5 });

    t.audio.callsChanged([call({ id: 'c2', state: 'active' })]);
    expect(t.requests.at(-1)).toEqual({ op: 'ring.stop' });
    t.audio.callsChanged([]);
    expect(t.ops().filter((op) => op === 'ring.stop')).toHaveLength(1);
  });

  it('moves the ringing to the default when the ring device is unplugged, and to a newly chosen one', async () => {
    const t = setup({ ringDeviceId: 'out-desk' });
    await t.audio.attached();
    t.audio.callsChanged([call()]);
    t.audio.devicesChanged(without('out-desk'));
    expect(t.requests.at(-1)).toMatchObject({ op: 'ring.start', sinkId: null });
    t.choose({ ringDeviceId: 'out-headset' });
    expect(t.requests.at(-1)).toMatchObject({ op: 'ring.start', sinkId: 'out-headset' });
    expect(t.notices).toEqual([]);
  });

  it('rings again on a media end that attaches while a call rings', async () => {
    const t = setup();
    t.media.isAttached = false;
    t.audio.callsChanged([call()]);
    expect(t.requests).toEqual([]);
    t.media.isAttached = true;
    await t.audio.attached();
    // A new media end plays on its default until told otherwise: it is told, then it rings.
    expect(t.ops()).toEqual(['devices.list', 'output.set', 'ring.start']);
    t.audio.detached();
    await t.audio.attached();
    expect(t.ops()).toEqual(['devices.list', 'output.set', 'ring.start', 'devices.list', 'output.set', 'ring.start']);
  });

  it('tells the agent once when the media end cannot play the ringtone', async () => {
    const t = setup({}, { ringApplied: false });
    await t.audio.attached();
    t.audio.callsChanged([call()]);
    await tick();
    t.audio.callsChanged([]);
    t.audio.callsChanged([call({ id: 'c2' })]);
    await tick();
    expect(t.notices).toEqual(['The ringtone could not play. In a browser, click once anywhere in the Anlauf page to allow sound.']);
  });

  it('does not ask a media end that cannot choose outputs to play on the default', async () => {
    const t = setup({}, { setSinkId: false });
    await t.audio.attached();
    expect(t.ops()).toEqual(['devices.list']);
    expect(t.audio.view().canChooseSpeaker).toBe(false);
  });

  it('names the caller as the ring shows it', () => {
    expect(callerText({ remoteName: 'Erika', remoteNumber: '+49' })).toBe('Erika (+49)');
    expect(callerText({ remoteName: null, remoteNumber: '+49' })).toBe('+49');
  });
});

describe("the media end's device list", () => {
  it("drops Chromium's aliases and marks the device they stand for as the default", () => {
    const list = audioDevicesFrom([
      { deviceId: 'default', kind: 'audioinput', label: 'Default - Headset', groupId: 'g2' },
      { deviceId: 'communications', kind: 'audioinput', label: 'Communications - Headset', groupId: 'g2' },
      { deviceId: 'a1', kind: 'audioinput', label: 'Laptop Microphone', groupId: 'g1' },
      { deviceId: 'a2', kind: 'audioinput', label: 'Headset', groupId: 'g2' },
      { deviceId: 'v1', kind: 'videoinput', label: 'Camera', groupId: 'g3' },
      { deviceId: 'default', kind: 'audiooutput', label: 'Default - Speakers', groupId: 'g1' },
      { deviceId: 'o1', kind: 'audiooutput', label: 'Speakers', groupId: 'g1' },
      { deviceId: 'o2', kind: 'audiooutput', label: 'Headset', groupId: 'g2' },
    ]);
    expect(list).toEqual([
      { deviceId: 'a1', kind: 'audioinput', label: 'Laptop Microphone' },
      { deviceId: 'a2', kind: 'audioinput', label: 'Headset', isDefault: true },
      { deviceId: 'o1', kind: 'audiooutput', label: 'Speakers', isDefault: true },
      { deviceId: 'o2', kind: 'audiooutput', label: 'Headset' },
    ]);
  });

  it('takes the first device as the default without an alias, and hides devices without ids (no permission yet)', () => {
    expect(
      audioDevicesFrom([
        { deviceId: '', kind: 'audioinput', label: '' },
        { deviceId: 'x', kind: 'audiooutput', label: '' },
        { deviceId: 'y', kind: 'audiooutput', label: 'Second' },
      ]),
    ).toEqual([
      { deviceId: 'x', kind: 'audiooutput', label: '', isDefault: true },
      { deviceId: 'y', kind: 'audiooutput', label: 'Second' },
    ]);
  });
});
