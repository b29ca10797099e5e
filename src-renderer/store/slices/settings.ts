import type { Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { SettingsSlice, SliceCreator } from '../types';

export function settingsFromSnapshot(snapshot: Snapshot): Pick<SettingsSlice['settings'], 'effective' | 'audio' | 'updates'> {
  return { effective: snapshot.settings, audio: snapshot.audio, updates: snapshot.updates };
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (api) => (set, get) => ({
  settings: { effective: null, audio: null, updates: null, open: false, saving: false },
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
  async createSupportBundle() {
    return (await runCommand(get, () => api.support.bundle({}))) ?? null;
  },
  openSettings: () => set((s) => ({ settings: { ...s.settings, open: true } })),
  closeSettings: () => set((s) => ({ settings: { ...s.settings, open: false } })),
});
