import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { errorForLog, type Logger } from '../log';
import { PRODUCT_NAME } from '../platform/paths';
import { MemoryVault, type SecretVault, type VaultDescription } from '../platform/secret-vault';

/** The OS keyring as the vault needs it: one password per account of the service "Anlauf". */
export interface KeyringPort {
  get(account: string): string | null;
  set(account: string, value: string): void;
  delete(account: string): void;
}

/**
 * The OS keyring (Windows Credential Manager, the macOS Keychain, the Secret Service on Linux)
 * through @napi-rs/keyring. On Linux the Secret Service is required: the library's fallback, the
 * kernel keyring, forgets everything at logout, which for a desk's settings is memory by another name.
 */
export function napiKeyring(): KeyringPort {
  // Loaded here, not at the top: a platform without the native binary then falls back to memory.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Entry } = require('@napi-rs/keyring') as typeof import('@napi-rs/keyring');
  const entry = (account: string) => new Entry(PRODUCT_NAME, account, { linux: { store: 'secret-service' } });
  return {
    get: (account) => entry(account).getPassword(),
    set: (account, value) => entry(account).setPassword(value),
    delete: (account) => void entry(account).deleteCredential(),
  };
}

/**
 * Secrets in the OS keyring, one entry per name. Every data folder has its own accounts (the
 * name behind a short hash of the folder's path): a trainer's second desk, a test, or one agent's
 * folder on a shared desk must not read or overwrite another's.
 */
export class KeyringVault implements SecretVault {
  readonly protection = 'os' as const;
  readonly description: VaultDescription = { store: 'keyring', backend: keyringBackend(), fallback: null };
  private readonly scope: string;

  constructor(
    private readonly keyring: KeyringPort,
    dataDir: string,
  ) {
    this.scope = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  }

  get(name: string): string | null {
    return this.keyring.get(this.account(name));
  }

  set(name: string, value: string): void {
    this.keyring.set(this.account(name), value);
  }

  delete(name: string): void {
    this.keyring.delete(this.account(name));
  }

  private account(name: string): string {
    return `${this.scope}/${name}`;
  }
}

function keyringBackend(platform = process.platform): string {
  if (platform === 'win32') return 'Windows Credential Manager';
  if (platform === 'darwin') return 'macOS Keychain';
  return 'Secret Service';
}

/**
 * The browser host's and the command line's vault: the OS keyring when a write, a read and a
 * delete of a probe entry all work at start, else memory, said once in the log. Asked once: a
 * keyring that comes up later (a desktop session unlocked after Anlauf started) is used at the
 * next start, not in the middle of one.
 */
export function openKeyringVault(dataDir: string, logger: Logger, load: () => KeyringPort = napiKeyring): SecretVault {
  let keyring: KeyringPort;
  try {
    keyring = load();
    const vault = new KeyringVault(keyring, dataDir);
    const probe = `probe-${randomUUID()}`;
    const value = randomUUID();
    vault.set(probe, value);
    const read = vault.get(probe);
    vault.delete(probe);
    if (read !== value) throw new Error('the keyring did not give back what was written to it');
    logger.log('info', 'secrets are kept in the OS keyring', { backend: vault.description.backend });
    return vault;
  } catch (error) {
    const reason = `the OS keyring cannot be used here: ${(error as Error).message ?? String(error)}`;
    logger.log('warn', 'secrets are kept in memory only, until Anlauf closes: the OS keyring cannot be used', { error: errorForLog(error) });
    return new MemoryVault(reason);
  }
}
