import type { AudioDevice, CallLogEntry, CallView, Snapshot, SyncView } from '../../src-main/contract';
import type { HeadsetView } from '../store/types';

export const T0 = Date.UTC(2025, 2, 14, 9, 0, 0);

export function makeSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    revision: 1,
    app: { version: '0.1.0', host: 'web' },
    line: { kind: 'training', status: 'ready', detail: null, since: T0 },
    agent: { state: 'ready', since: T0 },
    calls: [],
    training: { scenarioName: 'Built-in scenario', scenarioCalls: 5, running: false, placed: 0 },
    settings: {
      ui: { language: 'en' },
      training: { scenarioFile: null, autoStart: false, ringTimeoutSeconds: 45 },
      audio: { microphoneId: null, speakerId: null, ringDeviceId: null, ringVolume: 80 },
      sync: { url: null, batchSize: 500, timeoutSeconds: 15, retryMaxSeconds: 300, tokenSet: false },
      callLog: { retentionDays: null },
      headset: { device: null, holdPolicy: 'auto' },
      sip: {
        websocketUrl: null,
        uri: null,
        authorizationUser: null,
        displayName: null,
        outboundProxy: null,
        iceServers: [],
        registerExpiresSeconds: 600,
        reconnectMinSeconds: 1,
        reconnectMaxSeconds: 4,
        rejectCode: 486,
        defaultCountry: 'DE',
        dtmf: 'rfc4733',
        headers: { customerNumber: 'X-Customer-Number', concern: 'X-Concern', queue: 'X-Queue', client: 'X-Client', campaign: 'X-Campaign' },
        passwordSet: false,
      },
    },
    audio: { devices: [], canChooseSpeaker: true },
    sync: makeSyncView(),
    storage: { setAside: null },
    headsets: [],
    ...overrides,
  };
}

/** Delivery as main reports it; off (local only) unless overridden, as with the default settings. */
export function makeSyncView(overrides: Partial<SyncView> = {}): SyncView {
  return {
    state: 'disabled',
    pending: 0,
    oldestAt: null,
    quarantined: 0,
    error: null,
    failingSince: null,
    lastSuccessAt: null,
    ...overrides,
  };
}

export function makeCall(overrides: Partial<CallView> = {}): CallView {
  return {
    id: 'call-1',
    line: 'training',
    direction: 'inbound',
    state: 'ringing',
    remoteNumber: '+49301234567',
    remoteName: 'Erika Mustermann',
    dialedNumber: '+498001111',
    client: 'Stadtwerke Nord',
    campaign: 'Störungshotline',
    ivr: { concern: 'Stromausfall' },
    ringAt: T0,
    answerAt: null,
    endAt: null,
    hold: 'none',
    muted: false,
    consultFor: null,
    transfer: null,
    ...overrides,
  };
}

export function makeLogEntry(overrides: Partial<CallLogEntry> = {}): CallLogEntry {
  return {
    id: 'log-1',
    line: 'sip',
    direction: 'inbound',
    remoteNumber: '+49301234567',
    remoteName: 'Erika Mustermann',
    dialedNumber: '+498001111',
    client: 'Stadtwerke Nord',
    campaign: 'Störungshotline',
    ivr: {},
    ringAt: T0,
    answerAt: T0 + 5_000,
    endAt: T0 + 125_000,
    endCause: 'completed',
    endedBy: 'agent',
    transferTarget: null,
    sipCallId: null,
    ...overrides,
  };
}

/** A desk's devices: the laptop's own and a USB headset. */
export const DEVICES: AudioDevice[] = [
  { deviceId: 'mic-laptop', kind: 'audioinput', label: 'Built-in Microphone', isDefault: true },
  { deviceId: 'mic-headset', kind: 'audioinput', label: 'Jabra Evolve2 40' },
  { deviceId: 'out-laptop', kind: 'audiooutput', label: 'Built-in Speakers', isDefault: true },
  { deviceId: 'out-headset', kind: 'audiooutput', label: 'Jabra Evolve2 40' },
];

/** A plugged-in headset as main reports it: a Jabra with every button, LEDs and a ringer, in use. */
export function makeHeadset(overrides: Partial<HeadsetView> = {}): HeadsetView {
  return {
    key: '0b0e:24c8:A1B2C3',
    name: 'Jabra Evolve2 40',
    vendorId: 0x0b0e,
    productId: 0x24c8,
    serialNumber: 'A1B2C3',
    active: true,
    capabilities: { hookSwitch: true, mute: true, flash: true, reject: true, leds: ['offHook', 'ring', 'mute'], ringer: true },
    ...overrides,
  };
}
