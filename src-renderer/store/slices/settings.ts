import type { AudioView, CommandResponse, Message, SettingsView, Snapshot, UpdatesView } from '../../../src-main/contract';
import type { LanguageSetting } from '../../i18n/language';
import { runCommand } from '../command';
import type { SliceCreator } from '../types';

/** The agent's three audio choices (settings `audio.*`). */
export type AudioChoice = 'microphoneId' | 'speakerId' | 'ringDeviceId';

export type SettingsSlice = {
  /** `audio`: the devices to choose from, as main last reported them. */
  settings: {
    effective: SettingsView | null;
    audio: AudioView | null;
    /** Main's update status, shown in the settings dialog. */
    updates: UpdatesView | null;
    open: boolean;
    saving: boolean;
    /** What main says about IT's settings file (its last good version runs, an incomplete SIP account). */
    fileNotices: Message[];
    /** Machine policy: the settings it locks (dotted paths) and what main says about its sources. */
    policy: Snapshot['policy'];
    /** Main keeps passwords in memory only on this computer (no keyring): the dialog says so. */
    secretsNotice: Message | null;
  };
  setLanguage: (language: LanguageSetting) => Promise<void>;
  /** The agent's name said in greetings (`null`: none); true if main kept it. */
  setAgentName: (name: string | null) => Promise<boolean>;
  /** Chooses a device (`null`: the system default); main keeps the choice. */
  setAudioDevice: (choice: AudioChoice, deviceId: string | null) => Promise<void>;
  /** Asks main to list the devices afresh (the dialog opened). */
  refreshAudioDevices: () => Promise<void>;
  /** "Create support bundle": main writes the zip; null when it failed (the notice says why). */
  createSupportBundle: (options?: { includeCustomerData: boolean }) => Promise<CommandResponse<'support:bundle'> | null>;
  openSettings: () => void;
  closeSettings: () => void;
};

export function settingsFromSnapshot(
  snapshot: Snapshot,
): Pick<SettingsSlice['settings'], 'effective' | 'audio' | 'updates' | 'fileNotices' | 'policy' | 'secretsNotice'> {
  return {
    effective: snapshot.settings,
    audio: snapshot.audio,
    updates: snapshot.updates,
    fileNotices: snapshot.settingsFile.notices,
    policy: snapshot.policy,
    secretsNotice: snapshot.secrets.notice,
  };
}

const NO_POLICY: Snapshot['policy'] = { locked: [], notices: [] };

export const createSettingsSlice: SliceCreator<SettingsSlice> = (api) => (set, get) => ({
  settings: { effective: null, audio: null, updates: null, open: false, saving: false, fileNotices: [], policy: NO_POLICY, secretsNotice: null },
  async setLanguage(language) {
    set((s) => ({ settings: { ...s.settings, saving: true } }));
    try {
      const effective = await runCommand(get, () => api.settings.update({ ui: { language } }));
      // The reply is main's effective settings; the next snapshot carries the same.
      if (effective) set((s) => ({ settings: { ...s.settings, effective } }));
    } finally {
      set((s) => ({ settings: { ...s.settings, saving: false } }));
    }
  },
  async setAgentName(name) {
    set((s) => ({ settings: { ...s.settings, saving: true } }));
    try {
      const effective = await runCommand(get, () => api.settings.update({ agent: { name } }));
      if (effective) set((s) => ({ settings: { ...s.settings, effective } }));
      return effective !== undefined;
    } finally {
      set((s) => ({ settings: { ...s.settings, saving: false } }));
    }
  },
  async setAudioDevice(choice, deviceId) {
    set((s) => ({ settings: { ...s.settings, saving: true } }));
    try {
      const effective = await runCommand(get, () => api.settings.update({ audio: { [choice]: deviceId } }));
      if (effective) set((s) => ({ settings: { ...s.settings, effective } }));
    } finally {
      set((s) => ({ settings: { ...s.settings, saving: false } }));
    }
  },
  async refreshAudioDevices() {
    const audio = await runCommand(get, () => api.audio.devices({}));
    if (audio) set((s) => ({ settings: { ...s.settings, audio } }));
  },
  async createSupportBundle(options) {
    return (await runCommand(get, () => api.support.bundle(options?.includeCustomerData ? { includeCustomerData: true } : {}))) ?? null;
  },
  openSettings: () => set((s) => ({ settings: { ...s.settings, open: true } })),
  closeSettings: () => set((s) => ({ settings: { ...s.settings, open: false } })),
});
