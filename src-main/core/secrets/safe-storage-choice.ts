/** What Electron's safeStorage says of itself, read after the app is ready. */
export interface SafeStorageState {
  available: boolean;
  platform: NodeJS.Platform;
  /** Linux only: getSelectedStorageBackend(); null elsewhere. */
  linuxBackend: string | null;
}

/**
 * Why safeStorage cannot keep the desk's secrets, or null when it can. On Linux without a
 * keyring Chromium encrypts with a key written in its own source (`basic_text`): that is
 * "available", and protects nothing, so it counts as unavailable and secrets stay in memory.
 */
export function safeStorageRefusal(state: SafeStorageState): string | null {
  if (!state.available) return 'the operating system offers no encryption for this user (safeStorage unavailable)';
  if (state.platform === 'linux' && (state.linuxBackend === 'basic_text' || state.linuxBackend === 'unknown'))
    return `no keyring found (safeStorage backend ${state.linuxBackend}: a key built into Chromium, no protection)`;
  return null;
}

/** The name support sees for the store behind safeStorage. */
export function safeStorageBackend(state: SafeStorageState): string {
  if (state.platform === 'win32') return 'DPAPI';
  if (state.platform === 'darwin') return 'macOS Keychain';
  return state.linuxBackend ?? 'unknown';
}
