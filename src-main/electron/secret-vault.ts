import { safeStorage } from 'electron';
import type { Logger } from '../core/log';
import { MemoryVault, type SecretVault } from '../core/platform/secret-vault';
import { EncryptedFileVault } from '../core/secrets/encrypted-file-vault';
import { safeStorageBackend, safeStorageRefusal, type SafeStorageState } from '../core/secrets/safe-storage-choice';

/**
 * The Electron host's vault: safeStorage (DPAPI, Keychain, libsecret/KWallet) over a file of
 * ciphertexts in the data folder; memory when safeStorage protects nothing. Call after 'ready':
 * before it, Linux reports no backend. The synchronous calls are what the vault port needs (its
 * readers run in constructors); the async variants encrypt the same way.
 */
export function electronVault(dataDir: string, logger: Logger): SecretVault {
  const state: SafeStorageState = {
    available: safeStorage.isEncryptionAvailable(),
    platform: process.platform,
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
  };
  const refusal = safeStorageRefusal(state);
  if (refusal) {
    logger.log('warn', 'secrets are kept in memory only, until Anlauf closes', { reason: refusal });
    return new MemoryVault(refusal);
  }
  const backend = safeStorageBackend(state);
  logger.log('info', 'secrets are kept encrypted by the operating system', { store: 'safeStorage', backend });
  return new EncryptedFileVault(
    dataDir,
    { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (encrypted) => safeStorage.decryptString(encrypted) },
    { store: 'safeStorage', backend, fallback: null },
    logger,
  );
}
